from django.contrib import admin
from django.db.models import Count
from django.http import HttpResponseNotAllowed
from django.utils.translation import gettext_lazy as _

from procedures import services
from procedures.history_admin import HistoryAdmin
from procedures.models import AuthorityLevel, Field, LegalDocument, Procedure


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "procedure_count"]
    search_fields = ["name", "code", "aliases"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(procedure_count=Count("procedures"))

    @admin.display(description=_("số thủ tục"), ordering="procedure_count")
    def procedure_count(self, obj):
        return obj.procedure_count

    def save_model(self, request, obj, form, change):
        services.field_save(field=obj)


@admin.register(AuthorityLevel)
class AuthorityLevelAdmin(admin.ModelAdmin):
    list_display = ["rank", "name", "short_name", "tier"]
    list_display_links = ["name"]
    list_filter = ["tier"]
    search_fields = ["name", "short_name"]


class ReadOnlyHistory(HistoryAdmin):
    """The history views (django-simple-history) show past versions; they never restore one.

    A restore would skip what a save does besides writing the row (the workflow of guidance,
    the search index of delegations): edit the object instead.
    """

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        return super().history_form_view(request, object_id, version_id, extra_context)


@admin.register(LegalDocument)
class LegalDocumentAdmin(ReadOnlyHistory, HistoryAdmin):
    list_display = [
        "number",
        "kind",
        "issuing_body",
        "issued_on",
        "effective_from",
        "expires_on",
        "status",
    ]
    list_filter = ["kind", "status", "expires_on"]
    search_fields = ["number", "aliases", "title", "issuing_body"]
    autocomplete_fields = ["replaced_by"]
    list_select_related = ["replaced_by"]
    date_hierarchy = "issued_on"
    prepopulated_fields = {"slug": ["number"]}

    def save_model(self, request, obj, form, change):
        services.legal_document_save(document=obj, user=request.user)


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "field", "level", "kind", "status", "source_date"]
    list_display_links = ["code", "name"]
    list_filter = ["field", "level", "kind", "status"]
    search_fields = ["code", "name", "name_key"]
    list_select_related = ["field", "level"]
    autocomplete_fields = ["field", "level", "legal_documents"]
    readonly_fields = ["created_at", "updated_at"]
    list_per_page = 50

    fieldsets = [
        (None, {"fields": ["code", "name", "slug", "kind", "field", "status"]}),
        (
            _("Cơ quan thực hiện"),
            {
                "fields": [
                    "level",
                    "level_text",
                    "agency",
                    "competent_authority",
                    "receiving_address",
                ]
            },
        ),
        (
            _("Nội dung bản ghi"),
            {
                "fields": [
                    "steps",
                    "channels",
                    "dossier",
                    "dossier_sets",
                    ("time_limit_value", "time_limit_unit"),
                    "time_limit_text",
                    "subjects",
                    "result",
                    "fees",
                    "requirements",
                    "forms",
                    "legal_basis",
                    "legal_documents",
                    "decision",
                    "promulgating_body",
                ]
            },
        ),
        (
            _("Nguồn"),
            {
                "fields": [
                    "source_url",
                    "source_date",
                    "source_repo",
                    "source_path",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]

    def save_model(self, request, obj, form, change):
        services.procedure_save(
            procedure=obj, legal_documents=form.cleaned_data.get("legal_documents")
        )

    def save_related(self, request, form, formsets, change):
        """The inlines only: ``procedure_save`` saved the cited documents."""
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)
