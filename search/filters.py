"""The filters of the search page and API: field, handling level on a day, delegation kind,
legal document and status. Values are slugs and choice values, so URLs stay readable."""

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from delegation.models import Delegation, with_handler
from procedures.models import AuthorityLevel, Field, LegalDocument, Procedure


class SearchForm(forms.Form):
    """The words and the page; the filters are the FilterSet's."""

    # Length and content are checked by search.query.validate_query, with its own messages.
    q = forms.CharField(label=_("Từ cần tìm"), required=False)
    page = forms.IntegerField(label=_("Trang"), min_value=1, max_value=1000, required=False)


class ProcedureSearchFilter(django_filters.FilterSet):
    field = django_filters.ModelChoiceFilter(
        label=_("Lĩnh vực"), queryset=Field.objects.all(), to_field_name="slug"
    )
    level = django_filters.ModelChoiceFilter(
        label=_("Cấp giải quyết"),
        queryset=AuthorityLevel.objects.all(),
        to_field_name="slug",
        method="filter_level",
    )
    on = django_filters.DateFilter(
        label=_("Vào ngày"),
        method="keep",
        help_text=_("Cấp giải quyết tính theo ngày này; mặc định là hôm nay."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Hình thức phân cấp"), choices=Delegation.Kind.choices, method="filter_kind"
    )
    document = django_filters.ModelChoiceFilter(
        label=_("Văn bản"),
        queryset=LegalDocument.objects.all(),
        to_field_name="slug",
        method="filter_document",
    )
    status = django_filters.ChoiceFilter(label=_("Tình trạng"), choices=Procedure.Status.choices)

    class Meta:
        model = Procedure
        fields = ["field", "level", "on", "kind", "document", "status"]

    @property
    def day(self):
        """The day the handling level is read for (today unless the form says otherwise)."""
        if self.is_bound and self.form.is_valid() and self.form.cleaned_data.get("on"):
            return self.form.cleaned_data["on"]
        return timezone.localdate()

    def keep(self, queryset: QuerySet, name, value) -> QuerySet:
        return queryset

    def filter_level(self, queryset: QuerySet, name, value) -> QuerySet:
        return with_handler(queryset, on=self.day).filter(handler_level_id=value.pk)

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
