from django.contrib import admin

from delegation import services
from delegation.models import Delegation, LevelChange, Province
from procedures.admin import ProcedureAdmin as BaseProcedureAdmin
from procedures.admin import ReadOnlyHistory
from procedures.history_admin import HistoryAdmin
from procedures.models import Procedure


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "merged_from", "commune_units"]
    list_filter = ["kind", "unchanged"]
    search_fields = ["name", "merged_from"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Delegation)
class DelegationAdmin(ReadOnlyHistory, HistoryAdmin):
    list_display = [
        "procedure",
        "from_level",
        "to_level",
        "kind",
        "legal_document",
        "article",
        "effective_from",
        "effective_until",
        "origin",
        "confidence",
    ]
    list_filter = ["kind", "origin", "confidence", "to_level", "from_level", "legal_document"]
    search_fields = ["procedure__name", "procedure__code", "article", "legal_document__number"]
    autocomplete_fields = [
        "procedure",
        "from_level",
        "to_level",
        "legal_document",
        "cited_documents",
    ]
    list_select_related = ["procedure", "from_level", "to_level", "legal_document"]
    date_hierarchy = "effective_from"

    def save_model(self, request, obj, form, change):
        services.delegation_save(
            delegation=obj,
            cited_documents=form.cleaned_data.get("cited_documents"),
            user=request.user,
        )

    def save_related(self, request, form, formsets, change):
        """Nothing: ``delegation_save`` saved the cited documents, and there are no inlines."""

    def delete_model(self, request, obj):
        services.delegation_delete(delegation=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        services.delegations_delete(delegations=queryset, user=request.user)


@admin.register(LevelChange)
class LevelChangeAdmin(ReadOnlyHistory, HistoryAdmin):
    """Observed changes of level (two records disagree): kept apart from the delegations."""

    list_display = ["procedure", "old_code", "old_level", "old_date", "new_level", "new_date"]
    list_filter = ["old_level", "new_level"]
    search_fields = ["procedure__name", "procedure__code", "old_code"]
    autocomplete_fields = ["procedure", "old_level", "new_level"]
    list_select_related = ["procedure", "old_level", "new_level"]

    def save_model(self, request, obj, form, change):
        services.level_change_save(change=obj, user=request.user)


class DelegationInline(admin.StackedInline):
    model = Delegation
    extra = 0
    autocomplete_fields = ["from_level", "to_level", "legal_document", "cited_documents"]
    fields = [
        ("from_level", "to_level", "kind"),
        ("origin", "confidence"),
        ("legal_document", "article"),
        ("effective_from", "effective_until"),
        ("source_record_code", "source_record_date", "source_file"),
        ("entered_by", "entered_on"),
        "receiving_body",
        "deciding_body",
        "from_body",
        "legal_basis_text",
        "source_url",
        "notes",
    ]


# The procedure page in the admin shows its delegations. ``procedures`` does not know about
# delegations, so this app extends its admin rather than the other way round.
admin.site.unregister(Procedure)


@admin.register(Procedure)
class ProcedureAdmin(BaseProcedureAdmin):
    inlines = [*BaseProcedureAdmin.inlines, DelegationInline]

    def save_formset(self, request, form, formset, change):
        """The delegations of the page through their services (after the procedure's)."""
        if formset.model is not Delegation:
            super().save_formset(request, form, formset, change)
            return
        formset.save(commit=False)  # assigns each form's data to its delegation
        for delegation in formset.deleted_objects:
            services.delegation_delete(delegation=delegation, user=request.user)
        for inline in formset.saved_forms:
            services.delegation_save(
                delegation=inline.instance,
                cited_documents=inline.cleaned_data.get("cited_documents"),
                user=request.user,
            )
