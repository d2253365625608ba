import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from procedures.models import Field
from questions.models import MinistryUnit, Question


class SlugOrIdChoiceField(forms.ModelChoiceField):
    """A row chosen by its slug; an id (what the form sent before it sent slugs) still chooses
    it, so an old bookmark gives the same list."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError:
            text = str(value)
            if not (text.isascii() and text.isdigit() and len(text) < 19):
                raise
            found = (
                self.queryset.filter(pk=int(text)).first() if self.queryset is not None else None
            )
            if found is None:
                raise
            return found


class SlugOrIdFilter(django_filters.ModelChoiceFilter):
    field_class = SlugOrIdChoiceField


class QuestionFilter(django_filters.FilterSet):
    """The questions an official works through; the view limits them to what they may see."""

    trangthai = django_filters.ChoiceFilter(
        label=_("Trạng thái"),
        field_name="status",
        choices=Question.Status.choices,
        empty_label=_("Tất cả"),
    )
    linhvuc = SlugOrIdFilter(
        label=_("Lĩnh vực"),
        field_name="field",
        queryset=Field.objects.all(),
        to_field_name="slug",
        empty_label=_("Tất cả"),
    )
    donvi = SlugOrIdFilter(
        label=_("Đơn vị của Bộ"),
        field_name="ministry_unit",
        queryset=MinistryUnit.objects.all(),
        to_field_name="slug",
        empty_label=_("Tất cả"),
    )
    quahan = django_filters.BooleanFilter(
        label=_("Chỉ câu hỏi quá hạn"),
        method="filter_overdue",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Question
        fields = ["trangthai", "linhvuc", "donvi", "quahan"]

    def __init__(self, *args, clock, **kwargs):
        self.clock = clock
        super().__init__(*args, **kwargs)

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue(self.clock) if value else queryset
