"""The draft editor: revisions with their form (optimistic locking), scoped to what each user
may see and edit; the workflow buttons on each revision's page."""

from typing import cast

from django import forms
from django.contrib import admin
from django.http import HttpResponseRedirect, QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from delegation.models import Province
from handbook import services, workflow
from handbook.admin.audit import HistoryForMinistry
from handbook.admin.workflow import PublishSelected, WorkflowViews, live_beside, step_buttons
from handbook.diff import form_diff
from handbook.drift import drift_notices
from handbook.markdown import MARKDOWN_HELP, unsupported_markdown
from handbook.models import SECTION_FIELDS, Revision, RevisionQuerySet
from procedures.history_admin import HistoryAdmin

WORKFLOW_FIELDS = [
    "status",
    "version",
    "author",
    "created_at",
    "submitted_at",
    "review_comment",
    "scheduled_for",
    "published_at",
    "published_by",
    "ended_at",
    "withdrawal_reason",
]
TEXT_FIELDS = ["summary", *SECTION_FIELDS, "change_kind", "change_note"]


class RevisionForm(forms.ModelForm):
    """The draft editor, with the version it was opened at (optimistic locking)."""

    # Required on every save of an existing revision: a save that does not say which version it
    # was opened at could silently overwrite someone else's (clean() refuses it).
    edit_version = forms.IntegerField(
        label=gettext_lazy("phiên bản đang sửa"),
        widget=forms.HiddenInput,
        required=False,
        min_value=0,
    )

    class Meta:
        model = Revision
        fields = ["guidance", "province", *TEXT_FIELDS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
        if self.instance.pk and not self.is_bound:
            self.initial["edit_version"] = self.instance.version
        for name in ["summary", *SECTION_FIELDS]:
            if name in self.fields:
                self.fields[name].help_text = MARKDOWN_HELP

    def _clean_content(self, cleaned: dict) -> None:
        """A draft says something, in Markdown the page renders (issue 14)."""
        content = [name for name in ["summary", *SECTION_FIELDS] if name in self.fields]
        if not content:
            return  # nothing of the text is editable here (a read-only view)
        if not any((cleaned.get(name) or "").strip() for name in content):
            raise forms.ValidationError(
                _(
                    "Bản nháp chưa có nội dung: hãy viết ít nhất phần tóm tắt hoặc một mục "
                    "hướng dẫn rồi mới lưu."
                ),
                code="empty",
            )
        for name in content:
            for problem in unsupported_markdown(cleaned.get(name) or ""):
                self.add_error(name, problem)

    def _redisplay_on(self, current: Revision) -> None:
        """Show the form again based on the stored version ``current``: the next save is then a
        deliberate one, made after reading what differs."""
        data = cast(QueryDict, self.data).copy()  # a copy of the POST data may be changed
        data["edit_version"] = str(current.version)
        self.data = data

    def clean(self):
        cleaned = super().clean() or {}
        self._clean_content(cleaned)
        if not self.instance.pk:
            return cleaned
        # Lock the row until the admin's transaction ends, so no save can slip in between this
        # check and the service's write (SQLite serialises writers anyway).
        current = Revision.objects.select_for_update().get(pk=self.instance.pk)
        expected = cleaned.get("edit_version")
        if expected is None:
            self._redisplay_on(current)
            raise forms.ValidationError(
                _(
                    "Không rõ bạn đã mở phiên bản số mấy của bản này, nên chưa lưu (để không ghi "
                    "đè thay đổi của người khác). Hãy xem lại nội dung rồi lưu lại."
                ),
                code="missing_version",
            )
        if expected != current.version:
            conflict = services.EditConflict(current)
            self.conflict = {
                "current": current,
                "sections": [s for s in form_diff(current, cleaned) if s.changed],
            }
            # Re-display what the editor typed, now based on the stored version: a second save,
            # after reading the differences, is a deliberate overwrite (the other text stays in
            # the history).
            self._redisplay_on(current)
            raise forms.ValidationError(conflict.messages[0], code="conflict")
        return cleaned


class ProvinceScopeFilter(admin.SimpleListFilter):
    title = gettext_lazy("loại")
    parameter_name = "loai"

    def lookups(self, request, model_admin):
        return [
            ("toan-quoc", gettext_lazy("Hướng dẫn toàn quốc")),
            ("tinh", gettext_lazy("Ghi chú của tỉnh")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "toan-quoc":
            return queryset.national()
        if self.value() == "tinh":
            return queryset.filter(province__isnull=False)
        return queryset


class SentBackFilter(admin.SimpleListFilter):
    title = gettext_lazy("bị trả lại")
    parameter_name = "tra_lai"

    def lookups(self, request, model_admin):
        return [("1", gettext_lazy("Bản nháp bị trả lại"))]

    def queryset(self, request, queryset):
        return queryset.sent_back() if self.value() == "1" else queryset


class RevisionAdmin(PublishSelected, WorkflowViews, HistoryForMinistry, HistoryAdmin):
    form = RevisionForm
    list_display = [
        "guidance",
        "province",
        "status",
        "change_kind",
        "author",
        "updated_at",
        "published_at",
    ]
    list_filter = [
        "status",
        SentBackFilter,
        ProvinceScopeFilter,
        "change_kind",
        ("province", admin.RelatedOnlyFieldListFilter),
        "guidance__procedure__field",
    ]
    search_fields = ["guidance__procedure__name", "guidance__procedure__code", "change_note"]
    autocomplete_fields = ["guidance", "province"]
    list_select_related = ["guidance__procedure", "author", "province"]
    history_list_display = ["status"]
    actions = ["submit", "publish"]
    change_form_template = "admin/handbook/revision/change_form.html"

    def get_fieldsets(self, request, obj=None):
        # The version the editor opened travels in a hidden field; a read-only view has none.
        editable = obj is None or self.has_change_permission(request, obj)
        first = ["guidance", "province", *(["edit_version"] if editable else [])]
        return [
            (None, {"fields": first}),
            (_("Nội dung người đọc thấy"), {"fields": ["summary", *SECTION_FIELDS]}),
            (_("Ghi chú thay đổi"), {"fields": ["change_kind", "change_note"]}),
            (_("Quy trình"), {"fields": WORKFLOW_FIELDS, "classes": ["collapse"]}),
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return WORKFLOW_FIELDS
        if not self.has_change_permission(request, obj):
            return ["guidance", "province", *TEXT_FIELDS, *WORKFLOW_FIELDS]
        return ["guidance", "province", *WORKFLOW_FIELDS]

    def get_queryset(self, request):
        return cast(RevisionQuerySet, super().get_queryset(request)).visible_to(request.user)

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or not workflow.refusal(request.user, obj, workflow.EDIT)

    def has_delete_permission(self, request, obj=None):
        return False  # revisions are the handbook's record: nothing is deleted

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "province" and not workflow.is_reviewer(request.user):
            kwargs["queryset"] = Province.objects.filter(pk=request.user.province_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if (
            obj is None
            and not workflow.is_reviewer(request.user)
            and "province" in form.base_fields
        ):
            form.base_fields["province"].help_text = _(
                "Để trống: bản nháp hướng dẫn toàn quốc (Bộ duyệt). Chọn tỉnh của bạn: ghi chú "
                "riêng của tỉnh."
            )
        return form

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            # The form's instance keeps its primary key: the admin logs and redirects with it.
            services.revision_update(
                revision=obj,
                user=request.user,
                data={f: data[f] for f in services.EDITABLE_FIELDS if f in data},
                expected_version=data.get("edit_version"),
            )
            return
        saved = services.revision_create_draft(
            guidance=data["guidance"],
            author=request.user,
            province=data.get("province"),
            sections={f: data.get(f, "") for f in SECTION_FIELDS},
            summary=data.get("summary", ""),
            change_note=data.get("change_note", ""),
            change_kind=data.get("change_kind") or Revision.ChangeKind.MAJOR,
        )
        # The admin logs and redirects with the form's instance: make it the draft just made.
        obj.pk = saved.pk
        obj.refresh_from_db()

    def save_related(self, request, form, formsets, change):
        """Nothing: contributors are kept by the services."""

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The workflow buttons, the live revision, legal drift and "start a draft" on top."""
        obj = self.get_object(request, object_id)
        extra = extra_context or {}
        if obj is not None:
            extra.update(
                steps=step_buttons(request.user, obj),
                live=live_beside(obj),
                drift_notices=drift_notices(
                    on=timezone.localdate(), procedure=obj.guidance.procedure_id
                ),
                can_view_history=self.has_view_history_or_change_history_permission(request),
                can_start_draft=obj.was_published
                and not workflow.create_refusal(request.user, province=obj.province_id),
            )
        return super().change_view(request, object_id, form_url, extra_context=extra)

    # "Lưu và xem trước": the draft saved, then shown exactly as readers will see it.
    PREVIEW = "_preview"

    def _preview_after_save(self, request, obj):
        if self.PREVIEW in request.POST and obj.pk:
            return HttpResponseRedirect(reverse("admin:handbook_revision_preview", args=[obj.pk]))
        return None

    def response_add(self, request, obj, post_url_continue=None):
        return self._preview_after_save(request, obj) or super().response_add(
            request, obj, post_url_continue
        )

    def response_change(self, request, obj):
        return self._preview_after_save(request, obj) or super().response_change(request, obj)

    def render_change_form(self, request, context, *args, **kwargs):
        form = context.get("adminform")
        if form is not None and getattr(form.form, "conflict", None):
            context["conflict"] = form.form.conflict
        return super().render_change_form(request, context, *args, **kwargs)

    @admin.action(description=gettext_lazy("Gửi duyệt các bản nháp đã chọn"))
    def submit(self, request, queryset):
        self.take_step_on_each(
            request,
            queryset,
            services.revision_submit,
            lambda n: ngettext("Đã gửi duyệt %d bản.", "Đã gửi duyệt %d bản.", n) % n,
        )
