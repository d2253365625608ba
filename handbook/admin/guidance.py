"""Guidance entries: their revisions (scoped to what the user may see), legal drift, new drafts."""

from typing import cast

from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from delegation.models import Province
from handbook import workflow
from handbook.admin.audit import HistoryForMinistry
from handbook.drift import drift_notices
from handbook.models import Revision, RevisionQuerySet
from procedures.history_admin import HistoryAdmin


class RevisionInline(admin.TabularInline):
    model = Revision
    extra = 0
    fields = readonly_fields = (
        "province",
        "status",
        "change_kind",
        "change_note",
        "author",
        "created_at",
        "published_at",
    )
    show_change_link = True
    can_delete = False

    def get_queryset(self, request):
        rows = cast(RevisionQuerySet, super().get_queryset(request))
        return rows.visible_to(request.user).select_related("province", "author")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class NeedsReviewFilter(admin.SimpleListFilter):
    title = gettext_lazy("cần rà soát")
    parameter_name = "can_ra_soat"

    def lookups(self, request, model_admin):
        return [("1", gettext_lazy("Cần rà soát")), ("0", gettext_lazy("Không"))]

    def queryset(self, request, queryset):
        if self.value() in ("0", "1"):
            return queryset.filter(needs_review=self.value() == "1")
        return queryset


def note_provinces(user):
    """The provinces whose note ``user`` may start: any for reviewers, their own for a Sở."""
    if workflow.create_refusal(user, province=user.province_id):
        return Province.objects.none()
    if workflow.is_reviewer(user):
        return Province.objects.all()
    return Province.objects.filter(pk=user.province_id)


class GuidanceAdmin(HistoryForMinistry, HistoryAdmin):
    list_display = ["procedure", "procedure_field", "review_flag", "created_at"]
    list_filter = [NeedsReviewFilter, "procedure__field"]
    search_fields = ["procedure__name", "procedure__code"]
    autocomplete_fields = ["procedure", "cited_documents"]
    list_select_related = ["procedure", "procedure__field"]
    inlines = [RevisionInline]
    change_form_template = "admin/handbook/guidance/change_form.html"

    def get_queryset(self, request):
        return super().get_queryset(request).with_review_flag(on=timezone.localdate())

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    @admin.display(description=gettext_lazy("lĩnh vực"), ordering="procedure__field__name")
    def procedure_field(self, obj):
        return obj.procedure.field

    @admin.display(description=gettext_lazy("cần rà soát"), ordering="needs_review")
    def review_flag(self, obj):
        if obj.needs_review:
            return format_html('<strong class="needs-review">⚠ {}</strong>', _("cần rà soát"))
        return "—"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        guidance = self.get_object(request, object_id)
        extra = extra_context or {}
        if guidance is not None:
            extra.update(
                drift_notices=drift_notices(
                    on=timezone.localdate(), procedure=guidance.procedure_id
                ),
                can_draft_national=not workflow.create_refusal(request.user),
                can_view_history=self.has_view_history_or_change_history_permission(request),
                note_provinces=note_provinces(request.user),
            )
        return super().change_view(request, object_id, form_url, extra_context=extra)
