"""The listings' filters: a level's procedures on a day, the search page's facets, the FAQ.

Values are slugs and choice values, so URLs stay readable; each is parsed by ``portal.params``.
"""

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from delegation.models import Delegation, handled_by, with_handler
from portal.params import DAY_MONTH_YEAR, ISO_DAY, DayFilter, SlugChoiceFilter
from procedures.models import AuthorityLevel, Field, LegalDocument, Procedure
from questions.models import Question


class LevelProceduresFilter(django_filters.FilterSet):
    """``ngay`` (YYYY-MM-DD or DD/MM/YYYY, default today) and ``linhvuc`` (a field's slug)."""

    ngay = DayFilter(label=_("Ngày"), method="filter_handled_on", formats=(ISO_DAY, DAY_MONTH_YEAR))
    linhvuc = SlugChoiceFilter(
        label=_("Lĩnh vực"),
        field_name="field",
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
        return queryset.filter(handled_by(self.level, on=value))


class ProcedureSearchFilter(django_filters.FilterSet):
    """The search page's and API's filters: field, handling level on a day, delegation kind,
    legal document and status."""

    linhvuc = SlugChoiceFilter(
        label=_("Lĩnh vực"), field_name="field", queryset=Field.objects.all()
    )
    cap = SlugChoiceFilter(
        label=_("Cấp giải quyết"), queryset=AuthorityLevel.objects.all(), method="filter_level"
    )
    ngay = DayFilter(
        label=_("Vào ngày"),
        method="keep",
        help_text=_("Cấp giải quyết tính theo ngày này; mặc định là hôm nay."),
    )
    hinhthuc = django_filters.ChoiceFilter(
        label=_("Hình thức phân cấp"), choices=Delegation.Kind.choices, method="filter_kind"
    )
    vanban = SlugChoiceFilter(
        label=_("Văn bản"), queryset=LegalDocument.objects.all(), method="filter_document"
    )
    tinhtrang = django_filters.ChoiceFilter(
        label=_("Tình trạng"), field_name="status", choices=Procedure.Status.choices
    )

    class Meta:
        model = Procedure
        fields = ["linhvuc", "cap", "ngay", "hinhthuc", "vanban", "tinhtrang"]

    @property
    def day(self):
        """The day the handling level is read for (today unless the form says otherwise)."""
        if self.is_bound and self.form.is_valid() and self.form.cleaned_data.get("ngay"):
            return self.form.cleaned_data["ngay"]
        return timezone.localdate()

    def keep(self, queryset: QuerySet, name, value) -> QuerySet:
        return queryset

    def filter_level(self, queryset: QuerySet, name, value) -> QuerySet:
        return with_handler(queryset, on=self.day).filter(
            handler_level_id=value.pk, handler_confirmed=True
        )

    def filter_kind(self, queryset: QuerySet, name, value) -> QuerySet:
        return queryset.filter(pk__in=Delegation.objects.filter(kind=value).values("procedure_id"))

    def filter_document(self, queryset: QuerySet, name, value) -> QuerySet:
        through = Procedure.legal_documents.through
        return queryset.filter(
            Q(pk__in=Delegation.objects.filter(legal_document=value).values("procedure_id"))
            | Q(pk__in=through.objects.filter(legaldocument=value).values("procedure_id"))
        )

    @property
    def active(self) -> dict[str, str]:
        """The filters in use: {name: value as in the URL}."""
        if not self.is_bound:
            return {}
        return {name: self.data[name] for name in self.filters if self.data.get(name)}


class FaqFilter(django_filters.FilterSet):
    """Published questions and answers: words typed with or without diacritics, and a field."""

    q = django_filters.CharFilter(label=_("Tìm trong hỏi đáp"), method="filter_q", max_length=200)
    linhvuc = SlugChoiceFilter(
        label=_("Lĩnh vực"),
        field_name="field",
        queryset=Field.objects.all(),
        empty_label=_("Tất cả"),
        accept_ids=True,
    )

    class Meta:
        model = Question
        fields = ["q", "linhvuc"]

    def filter_q(self, queryset, name, value):
        """Keep those sharing a content word; the view ranks them (selectors.rank_questions)."""
        return queryset.search(value) if value.strip() else queryset
