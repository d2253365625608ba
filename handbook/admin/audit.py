"""The audit log (every recorded change to a revision, newest first) and who reads history."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy

from handbook import workflow
from procedures.admin import ReadOnlyHistory


class HistoryForMinistry(ReadOnlyHistory):
    """The history views of guidance are for ministry staff (and read only)."""

    def has_view_history_or_change_history_permission(self, request, obj=None):
        return workflow.is_reviewer(request.user)


class RevisionAuditAdmin(admin.ModelAdmin):
    """Every recorded change to a revision, newest first (ministry staff only)."""

    list_display = [
        "history_date",
        "history_user",
        "history_type",
        "revision_link",
        "province",
        "status",
        "history_change_reason",
    ]
    list_filter = ["history_type", "status", "history_date"]
    search_fields = ["history_change_reason", "guidance__procedure__name", "history_user__username"]
    list_select_related = ["history_user", "guidance__procedure", "province"]
    date_hierarchy = "history_date"

    def get_queryset(self, request):
        return super().get_queryset(request).order_by("-history_date", "-history_id")

    def has_view_permission(self, request, obj=None):
        return workflow.is_reviewer(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("phiên bản"))
    def revision_link(self, obj):
        return format_html(
            '<a href="{}">#{} {}</a>',
            reverse("admin:handbook_revision_change", args=[obj.id]),
            obj.id,
            obj.guidance.procedure if obj.guidance_id else "",
        )
