from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from handbook.models import SECTION_FIELDS, Guidance, Revision
from handbook.services import PUBLISH_PERMISSION, revision_publish
from search.indexing import refresh_procedures


class RevisionInline(admin.TabularInline):
    model = Revision
    extra = 0
    fields = ["status", "change_kind", "change_note", "author", "created_at", "published_at"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Guidance)
class GuidanceAdmin(admin.ModelAdmin):
    list_display = ["procedure", "procedure_field", "created_at"]
    list_filter = ["procedure__field"]
    search_fields = ["procedure__name", "procedure__code"]
    autocomplete_fields = ["procedure"]
    list_select_related = ["procedure", "procedure__field"]
    inlines = [RevisionInline]

    @admin.display(description=_("lĩnh vực"), ordering="procedure__field__name")
    def procedure_field(self, obj):
        return obj.procedure.field

    # Search: deleting guidance removes its text from the procedure's index entry.
    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        refresh_procedures([obj.procedure_id])

    def delete_queryset(self, request, queryset):
        ids = list(queryset.values_list("procedure_id", flat=True))
        super().delete_queryset(request, queryset)
        refresh_procedures(ids)


@admin.register(Revision)
class RevisionAdmin(admin.ModelAdmin):
    list_display = ["guidance", "status", "change_kind", "author", "created_at", "published_at"]
    list_filter = ["status", "change_kind", "guidance__procedure__field"]
    search_fields = ["guidance__procedure__name", "guidance__procedure__code", "change_note"]
    autocomplete_fields = ["guidance"]
    list_select_related = ["guidance__procedure", "author"]
    readonly_fields = ["status", "author", "created_at", "published_at", "published_by"]
    fields = [
        "guidance",
        "status",
        "summary",
        *SECTION_FIELDS,
        "change_kind",
        "change_note",
        "author",
        "created_at",
        "published_at",
        "published_by",
    ]
    actions = ["publish"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not obj.is_editable:
            return self.fields  # a published revision is never edited in place
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        if not change:
            obj.author = request.user
        super().save_model(request, obj, form, change)

    # Search: only published revisions are indexed; deleting one re-indexes its procedure.
    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        refresh_procedures([obj.guidance.procedure_id])

    def delete_queryset(self, request, queryset):
        ids = list(queryset.values_list("guidance__procedure_id", flat=True))
        super().delete_queryset(request, queryset)
        refresh_procedures(ids)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.has_perm(PUBLISH_PERMISSION):
            actions.pop("publish", None)
        return actions

    @admin.action(description=_("Xuất bản các phiên bản đã chọn"))
    def publish(self, request, queryset):
        done = 0
        for revision in queryset:
            try:
                revision_publish(revision=revision, user=request.user)
                done += 1
            except (PermissionDenied, ValidationError) as exc:
                self.message_user(
                    request,
                    f"{revision}: {' '.join(getattr(exc, 'messages', [str(exc)]))}",
                    messages.ERROR,
                )
        if done:
            self.message_user(
                request,
                ngettext("Đã xuất bản %d phiên bản.", "Đã xuất bản %d phiên bản.", done) % done,
                messages.SUCCESS,
            )
