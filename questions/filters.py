import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from procedures.models import Field
from questions.models import MinistryUnit, Question


class QuestionFilter(django_filters.FilterSet):
    """The questions an official works through; the view limits them to what they may see."""

    status = django_filters.ChoiceFilter(
        label=_("Trạng thái"), choices=Question.Status.choices, empty_label=_("Tất cả")
    )
    field = django_filters.ModelChoiceFilter(
        label=_("Lĩnh vực"), queryset=Field.objects.all(), empty_label=_("Tất cả")
    )
    ministry_unit = django_filters.ModelChoiceFilter(
        label=_("Đơn vị của Bộ"), queryset=MinistryUnit.objects.all(), empty_label=_("Tất cả")
    )
    overdue = django_filters.BooleanFilter(
        label=_("Chỉ câu hỏi quá hạn"),
        method="filter_overdue",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Question
        fields = ["status", "field", "ministry_unit", "overdue"]

    def __init__(self, *args, clock, **kwargs):
        self.clock = clock
        super().__init__(*args, **kwargs)

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue(self.clock) if value else queryset


class FaqFilter(django_filters.FilterSet):
    """Published questions and answers: words typed with or without diacritics, and a field."""

    q = django_filters.CharFilter(label=_("Tìm trong hỏi đáp"), method="filter_q", max_length=200)
    field = django_filters.ModelChoiceFilter(
        label=_("Lĩnh vực"), queryset=Field.objects.all(), empty_label=_("Tất cả")
    )

    class Meta:
        model = Question
        fields = ["q", "field"]

    def filter_q(self, queryset, name, value):
        """Keep those sharing a content word; the view ranks them (selectors.rank_questions)."""
        return queryset.search(value) if value.strip() else queryset
