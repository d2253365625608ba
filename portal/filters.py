"""The level page's listing: what a level handles on a date, optionally in one field."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from delegation.models import with_handler
from procedures.models import AuthorityLevel, Field, Procedure

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


class LevelProceduresFilter(django_filters.FilterSet):
    """``ngay`` (YYYY-MM-DD, default today) and ``linhvuc`` (a field's slug)."""

    ngay = django_filters.DateFilter(
        label=_("Ngày"),
        method="filter_handled_on",
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Ngày không hợp lệ: hãy nhập theo dạng năm-tháng-ngày.")},
    )
    linhvuc = django_filters.ModelChoiceFilter(
        label=_("Lĩnh vực"),
        field_name="field",
        to_field_name="slug",
        queryset=Field.objects.all(),
        empty_label=_("Tất cả lĩnh vực"),
        error_messages={"invalid_choice": _("Không có lĩnh vực này.")},
    )

    class Meta:
        model = Procedure
        fields = ["ngay", "linhvuc"]

    def __init__(self, data, *, level: AuthorityLevel, **kwargs):
        self.level = level
        super().__init__(
            data,
            queryset=Procedure.objects.for_listing().order_by("field__slug", "name_key"),
            **kwargs,
        )

    def filter_handled_on(self, queryset, name, value):
        return with_handler(queryset, on=value).filter(handler_level_id=self.level.pk)
