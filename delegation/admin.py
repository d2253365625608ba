from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from delegation.models import Delegation, Province
from procedures.admin import ProcedureAdmin as BaseProcedureAdmin
from procedures.admin import ReadOnlyHistory
from procedures.models import Procedure
from procedures.signals import announce_changed


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "merged_from", "commune_units"]
    list_filter = ["kind", "unchanged"]
    search_fields = ["name", "merged_from"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Delegation)
class DelegationAdmin(ReadOnlyHistory, SimpleHistoryAdmin):
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
    ]
    list_filter = ["kind", "origin", "to_level", "from_level", "legal_document"]
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

    # Search: a delegation's document and article are searched with its procedure.
    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        moved_from = form.initial.get("procedure")  # a delegation moved to another procedure
        announce_changed({form.instance.procedure_id, moved_from} - {None})

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        announce_changed([obj.procedure_id])

    def delete_queryset(self, request, queryset):
        ids = list(queryset.values_list("procedure_id", flat=True))
        super().delete_queryset(request, queryset)
        announce_changed(ids)


class DelegationInline(admin.StackedInline):
    model = Delegation
    extra = 0
    autocomplete_fields = ["from_level", "to_level", "legal_document", "cited_documents"]
    fields = [
        ("from_level", "to_level", "kind", "origin"),
        ("legal_document", "article"),
        ("effective_from", "effective_until"),
        ("observed_before", "observed_after"),
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
