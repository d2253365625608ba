"""The editors' admin: drafts, the review queue, preview, compare, workflow, history, editions.

Every write goes through handbook.services (the same functions the commands call); who may do
what is decided by handbook.policies, so hiding a button is never the only guard.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from simple_history.admin import SimpleHistoryAdmin

from delegation.models import Province
from handbook import policies, services
from handbook.diff import form_diff, revision_diff
from handbook.drift import drift_notices
from handbook.models import SECTION_FIELDS, Edition, Guidance, Revision, RevisionInReview
from procedures.admin import ReadOnlyHistory

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


def _messages(exc) -> str:
    return " ".join(getattr(exc, "messages", None) or [str(exc)])


class HistoryForMinistry(ReadOnlyHistory):
    """The history views of guidance are for ministry staff (and read only)."""

    def has_view_history_or_change_history_permission(self, request, obj=None):
        return request.user.is_superuser or policies.is_reviewer(request.user)


# ---------------------------------------------------------------------------------------------
# Revisions


class RevisionForm(forms.ModelForm):
    """The draft editor, with the version it was opened at (optimistic locking)."""

    edit_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Revision
        fields = ["guidance", "province", "summary", *SECTION_FIELDS, "change_kind", "change_note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
        if self.instance.pk and not self.is_bound:
            self.initial["edit_version"] = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk:
            return cleaned
        # Lock the row until the admin's transaction ends, so no save can slip in between this
        # check and the service's write (SQLite serialises writers anyway).
        current = Revision.objects.select_for_update().get(pk=self.instance.pk)
        expected = cleaned.get("edit_version")
        if expected is not None and expected != current.version:
            conflict = services.EditConflict(current)
            self.conflict = {
                "current": current,
                "sections": [s for s in form_diff(current, cleaned) if s.changed],
            }
            # Re-display what the editor typed, now based on the stored version: a second save,
            # after reading the differences, is a deliberate overwrite (the other text stays in
            # the history).
            self.data = self.data.copy()
            self.data["edit_version"] = current.version
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


class WorkflowActions:
    """The workflow steps offered on a revision's page, each a confirmation form and a service."""

    # action -> (label, service, extra input: None, "comment", "reason" or "when")
    STEPS = {
        "submit": (gettext_lazy("Gửi duyệt"), services.revision_submit, None),
        "send-back": (
            gettext_lazy("Trả lại cho người soạn"),
            services.revision_send_back,
            "comment",
        ),
        "publish": (gettext_lazy("Xuất bản ngay"), services.revision_publish, None),
        "schedule": (gettext_lazy("Lên lịch xuất bản"), services.revision_schedule, "when"),
        "unschedule": (gettext_lazy("Hủy lịch xuất bản"), services.revision_unschedule, None),
        "withdraw": (gettext_lazy("Rút hướng dẫn"), services.revision_withdraw, "reason"),
    }

    @staticmethod
    def available(user, revision: Revision) -> list[str]:
        """The steps ``user`` may take on ``revision`` now (the services check again)."""
        status = revision.status
        steps = []
        if status == Revision.Status.DRAFT and not policies.submit_refusal(user, revision):
            steps.append("submit")
        if status == Revision.Status.IN_REVIEW:
            if not policies.review_refusal(user, revision):
                steps.append("send-back")
            if not policies.publish_refusal(user, revision):
                steps += ["publish", "schedule"]
        if status == Revision.Status.SCHEDULED and policies.is_publisher(user):
            # The writer of a revision never publishes it, even early.
            if not policies.publish_refusal(user, revision):
                steps.append("publish")
            steps.append("unschedule")
        if status == Revision.Status.PUBLISHED and not policies.withdraw_refusal(user, revision):
            steps.append("withdraw")
        return steps


class TransitionForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Ý kiến gửi người soạn"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    reason = forms.CharField(
        label=gettext_lazy("Lý do rút (người đọc sẽ thấy)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    when = forms.DateTimeField(
        label=gettext_lazy("Xuất bản lúc"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
        help_text=gettext_lazy("Giờ Việt Nam. Người đọc chỉ thấy bản này từ thời điểm đó."),
    )


@admin.register(Revision)
class RevisionAdmin(HistoryForMinistry, SimpleHistoryAdmin):
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
        return [
            (None, {"fields": ["guidance", "province", "edit_version"]}),
            (_("Nội dung người đọc thấy"), {"fields": ["summary", *SECTION_FIELDS]}),
            (_("Ghi chú thay đổi"), {"fields": ["change_kind", "change_note"]}),
            (_("Quy trình"), {"fields": WORKFLOW_FIELDS, "classes": ["collapse"]}),
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return WORKFLOW_FIELDS
        if not self.has_change_permission(request, obj):
            return [
                "guidance",
                "province",
                "summary",
                *SECTION_FIELDS,
                "change_kind",
                "change_note",
                *WORKFLOW_FIELDS,
            ]
        return ["guidance", "province", *WORKFLOW_FIELDS]

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or (obj.is_editable and not policies.edit_refusal(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        return False  # revisions are the handbook's record: nothing is deleted

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "province" and not policies.is_reviewer(request.user):
            kwargs["queryset"] = Province.objects.filter(pk=request.user.province_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if (
            obj is None
            and not policies.is_reviewer(request.user)
            and "province" in form.base_fields
        ):
            form.base_fields["province"].help_text = _(
                "Để trống: bản nháp hướng dẫn toàn quốc (Bộ duyệt). Chọn tỉnh của bạn: ghi chú "
                "riêng của tỉnh."
            )
        return form

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if not change:
            saved = services.revision_create_draft(
                guidance=data["guidance"],
                author=request.user,
                province=data.get("province"),
                sections={f: data.get(f, "") for f in SECTION_FIELDS},
                summary=data.get("summary", ""),
                change_note=data.get("change_note", ""),
                change_kind=data.get("change_kind") or Revision.ChangeKind.MAJOR,
            )
        else:
            saved = services.revision_update(
                revision=obj,
                user=request.user,
                data={f: data[f] for f in services.EDITABLE_FIELDS if f in data},
                expected_version=data.get("edit_version"),
            )
        obj.__dict__.update(saved.__dict__)

    def save_related(self, request, form, formsets, change):
        """Nothing: contributors are kept by the services."""

    # -- the change page: workflow buttons, drift, conflict -------------------------------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        extra = extra_context or {}
        if obj is not None:
            live = (
                Revision.objects.live_of(obj.guidance_id, obj.province_id)
                .exclude(pk=obj.pk)
                .first()
            )
            extra.update(
                steps=[
                    (step, WorkflowActions.STEPS[step][0])
                    for step in WorkflowActions.available(request.user, obj)
                ],
                live=live,
                drift_notices=drift_notices(
                    on=timezone.localdate(), procedure=obj.guidance.procedure_id
                ),
                can_view_history=self.has_view_history_or_change_history_permission(request),
                can_start_draft=obj.was_published
                and not policies.create_refusal(request.user, province=obj.province_id),
            )
        return super().change_view(request, object_id, form_url, extra_context=extra)

    def render_change_form(self, request, context, *args, **kwargs):
        form = context.get("adminform")
        if form is not None and getattr(form.form, "conflict", None):
            context["conflict"] = form.form.conflict
        return super().render_change_form(request, context, *args, **kwargs)

    # -- extra pages -----------------------------------------------------------------------------

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/xem-truoc/", view(self.preview_view), name="handbook_revision_preview"),
            path("<int:pk>/so-sanh/", view(self.compare_view), name="handbook_revision_compare"),
            path(
                "<int:pk>/quy-trinh/<slug:step>/",
                view(self.transition_view),
                name="handbook_revision_transition",
            ),
            path(
                "soan-ban-nhap/<int:guidance_pk>/",
                view(self.start_draft_view),
                name="handbook_revision_start",
            ),
            *super().get_urls(),
        ]

    def _visible(self, request, pk) -> Revision:
        revision = (
            self.get_queryset(request)
            .select_related("guidance__procedure__field", "province", "author")
            .filter(pk=pk)
            .first()
        )
        if revision is None:
            raise Http404
        return revision

    def preview_view(self, request, pk):
        """The revision exactly as readers will see it on the procedure page."""
        revision = self._visible(request, pk)
        return TemplateResponse(
            request,
            "handbook/revision_preview.html",
            {"revision": revision, "procedure": revision.guidance.procedure},
        )

    def compare_view(self, request, pk):
        """This revision against the live one of its guidance (or province note)."""
        revision = self._visible(request, pk)
        live = (
            Revision.objects.live_of(revision.guidance_id, revision.province_id)
            .exclude(pk=revision.pk)
            .first()
        )
        sections = revision_diff(live, revision)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("So sánh với bản đang áp dụng"),
            "revision": revision,
            "live": live,
            "changed": [s for s in sections if s.changed],
            "unchanged": [s for s in sections if not s.changed],
            "steps": [
                (step, WorkflowActions.STEPS[step][0])
                for step in WorkflowActions.available(request.user, revision)
            ],
        }
        return TemplateResponse(request, "admin/handbook/revision/compare.html", context)

    def transition_view(self, request, pk, step):
        """Confirm one workflow step (with its comment, reason or time), then run the service."""
        if step not in WorkflowActions.STEPS:
            raise Http404
        revision = self._visible(request, pk)
        label, service, needs = WorkflowActions.STEPS[step]
        form = TransitionForm(request.POST if request.method == "POST" else None)
        change_url = reverse("admin:handbook_revision_change", args=[revision.pk])
        if request.method == "POST" and form.is_valid():
            kwargs = {"revision": revision, "user": request.user}
            if needs == "when":
                kwargs["at"] = form.cleaned_data["when"]
            elif needs:
                kwargs[needs] = form.cleaned_data[needs]
            try:
                service(**kwargs)
            except (PermissionDenied, ValidationError) as exc:
                messages.error(request, _messages(exc))
            else:
                messages.success(request, _("%(step)s: đã xong.") % {"step": label})
                return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": label,
            "revision": revision,
            "step": step,
            "needs": needs,
            "form": form,
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/handbook/revision/transition.html", context)

    def start_draft_view(self, request, guidance_pk):
        """POST: a new draft from the live text (``province`` in the form for a province note)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        guidance = get_object_or_404(Guidance, pk=guidance_pk)
        province_id = request.POST.get("province") or None
        province = get_object_or_404(Province, pk=province_id) if province_id else None
        try:
            revision = services.revision_start_draft(
                guidance=guidance, user=request.user, province=province
            )
        except (PermissionDenied, ValidationError) as exc:
            messages.error(request, _messages(exc))
            return HttpResponseRedirect(
                reverse("admin:handbook_guidance_change", args=[guidance.pk])
            )
        messages.success(request, _("Đã tạo bản nháp mới từ bản đang áp dụng."))
        return HttpResponseRedirect(reverse("admin:handbook_revision_change", args=[revision.pk]))

    # -- bulk actions ----------------------------------------------------------------------------

    def _bulk(self, request, queryset, service, done_message):
        done = 0
        for revision in queryset:
            try:
                with transaction.atomic():
                    service(revision=revision, user=request.user)
                done += 1
            except (PermissionDenied, ValidationError) as exc:
                self.message_user(request, f"{revision}: {_messages(exc)}", messages.ERROR)
        if done:
            self.message_user(request, done_message(done) % done, messages.SUCCESS)

    @admin.action(description=gettext_lazy("Gửi duyệt các bản nháp đã chọn"))
    def submit(self, request, queryset):
        self._bulk(
            request,
            queryset,
            services.revision_submit,
            lambda n: ngettext("Đã gửi duyệt %d bản.", "Đã gửi duyệt %d bản.", n),
        )

    @admin.action(
        description=gettext_lazy("Xuất bản các bản chờ duyệt đã chọn"),
        permissions=["publish"],
    )
    def publish(self, request, queryset):
        self._bulk(
            request,
            queryset,
            services.revision_publish,
            lambda n: ngettext("Đã xuất bản %d phiên bản.", "Đã xuất bản %d phiên bản.", n),
        )

    def has_publish_permission(self, request):
        return policies.is_publisher(request.user)


@admin.register(RevisionInReview)
class ReviewQueueAdmin(admin.ModelAdmin):
    """In review, oldest first, with preview and compare one click away."""

    list_display = [
        "procedure",
        "note_of",
        "author",
        "submitted_at",
        "change_note",
        "review_links",
    ]
    list_display_links = None
    list_filter = [("province", admin.RelatedOnlyFieldListFilter), "guidance__procedure__field"]
    search_fields = ["guidance__procedure__name", "guidance__procedure__code", "change_note"]
    list_select_related = ["guidance__procedure", "author", "province"]
    actions = ["publish"]

    def get_queryset(self, request):
        return RevisionInReview.objects.visible_to(request.user).review_queue()

    def get_object(self, request, object_id, from_field=None):
        """Any revision the user may see opens (read only) from here, even once reviewed."""
        return RevisionInReview.objects.visible_to(request.user).filter(pk=object_id).first()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """Reviewing happens on the revision's own page, where the workflow steps are."""
        if self.get_object(request, object_id) is None:
            raise Http404
        return HttpResponseRedirect(reverse("admin:handbook_revision_change", args=[object_id]))

    def get_ordering(self, request):
        return ["submitted_at", "pk"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_publish_permission(self, request):
        return policies.is_publisher(request.user)

    @admin.display(description=gettext_lazy("thủ tục"), ordering="guidance__procedure__name")
    def procedure(self, obj):
        return obj.guidance.procedure

    @admin.display(description=gettext_lazy("ghi chú của tỉnh"), ordering="province__name")
    def note_of(self, obj):
        return obj.province or "—"

    @admin.display(description=gettext_lazy("duyệt"))
    def review_links(self, obj):
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("admin:handbook_revision_preview", args=[obj.pk]),
            _("xem trước"),
            reverse("admin:handbook_revision_compare", args=[obj.pk]),
            _("so sánh với bản đang áp dụng"),
            reverse("admin:handbook_revision_change", args=[obj.pk]),
            _("mở"),
        )

    @admin.action(
        description=gettext_lazy("Xuất bản các bản chờ duyệt đã chọn"),
        permissions=["publish"],
    )
    def publish(self, request, queryset):
        RevisionAdmin._bulk(
            self,
            request,
            queryset,
            services.revision_publish,
            lambda n: ngettext("Đã xuất bản %d phiên bản.", "Đã xuất bản %d phiên bản.", n),
        )


# ---------------------------------------------------------------------------------------------
# Guidance


class RevisionInline(admin.TabularInline):
    model = Revision
    extra = 0
    fields = [
        "province",
        "status",
        "change_kind",
        "change_note",
        "author",
        "created_at",
        "published_at",
    ]
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .visible_to(request.user)
            .select_related("province", "author")
        )

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


@admin.register(Guidance)
class GuidanceAdmin(HistoryForMinistry, SimpleHistoryAdmin):
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
            user = request.user
            extra.update(
                drift_notices=drift_notices(
                    on=timezone.localdate(), procedure=guidance.procedure_id
                ),
                can_draft_national=not policies.create_refusal(user),
                can_view_history=self.has_view_history_or_change_history_permission(request),
                note_provinces=(
                    Province.objects.all()
                    if policies.is_reviewer(user)
                    else Province.objects.filter(pk=user.province_id)
                )
                if not policies.create_refusal(user, province=user.province_id)
                else Province.objects.none(),
            )
        return super().change_view(request, object_id, form_url, extra_context=extra)


# ---------------------------------------------------------------------------------------------
# Editions


class EditionForm(forms.ModelForm):
    class Meta:
        model = Edition
        fields = ["number", "release_notes"]


@admin.register(Edition)
class EditionAdmin(HistoryForMinistry, SimpleHistoryAdmin):
    form = EditionForm
    list_display = ["title", "published_at", "published_by", "previous", "public_link"]
    list_select_related = ["published_by", "previous"]
    readonly_fields = ["published_at", "published_by", "previous", "public_link"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["number", "release_notes"]
        return [
            "number",
            "release_notes",
            "previous",
            "published_at",
            "published_by",
            "public_link",
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:
            return ["number", "release_notes", *self.readonly_fields]
        return []

    def has_add_permission(self, request):
        return policies.is_publisher(request.user) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return False  # an edition is frozen once published

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("trang công khai"))
    def public_link(self, obj):
        if not obj.pk:
            return "—"
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            obj.get_absolute_url(),
            _("xem"),
            reverse("portal:print-edition", args=[obj.slug]),
            _("bản in"),
        )

    def save_model(self, request, obj, form, change):
        edition = services.edition_publish(
            number=form.cleaned_data["number"],
            release_notes=form.cleaned_data["release_notes"],
            user=request.user,
        )
        obj.__dict__.update(edition.__dict__)

    def save_related(self, request, form, formsets, change):
        """Nothing: the service froze the revisions."""

    def add_view(self, request, form_url="", extra_context=None):
        try:
            return super().add_view(request, form_url, extra_context)
        except ValidationError as exc:
            messages.error(request, _messages(exc))
            return HttpResponseRedirect(request.get_full_path())


# ---------------------------------------------------------------------------------------------
# The audit log: every recorded change to a revision, newest first (ministry staff only).

HistoricalRevision = Revision.history.model


@admin.register(HistoricalRevision)
class RevisionAuditAdmin(admin.ModelAdmin):
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
        return request.user.is_superuser or policies.is_reviewer(request.user)

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
