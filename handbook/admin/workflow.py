"""The workflow in the admin: a confirmation page per step, preview, compare with the live
revision, "start a draft", the bulk actions and the review queue.

Which steps a user is offered comes from handbook.workflow.allowed_steps; the services check
again when the step is taken.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accounts.models import User
from delegation.models import Province
from handbook import services, workflow
from handbook.diff import revision_diff
from handbook.markdown import render_markdown
from handbook.models import Guidance, Revision, RevisionInReview
from procedures.history_admin import primary_key_or_404

# step -> (button label, service, what its confirmation asks: None, "comment", "reason", "when").
# Editing has no button: it is the change form itself.
# How to write guidance: one file, read by the admin page below and by anyone in the repository.
STYLE_GUIDE = "cach-viet-huong-dan.md"

STEP_UI: dict[str, tuple[str | Promise, Callable[..., Revision], str | None]] = {
    workflow.SUBMIT: (gettext_lazy("Gửi duyệt"), services.revision_submit, "change_note"),
    workflow.SEND_BACK: (
        gettext_lazy("Trả lại cho người soạn"),
        services.revision_send_back,
        "comment",
    ),
    workflow.PUBLISH: (gettext_lazy("Xuất bản ngay"), services.revision_publish, None),
    workflow.SCHEDULE: (gettext_lazy("Lên lịch xuất bản"), services.revision_schedule, "when"),
    workflow.UNSCHEDULE: (
        gettext_lazy("Hủy lịch xuất bản"),
        services.revision_unschedule,
        None,
    ),
    workflow.WITHDRAW: (gettext_lazy("Rút hướng dẫn"), services.revision_withdraw, "reason"),
}


def error_text(exc) -> str:
    """A refusal from a service (PermissionDenied or ValidationError) as one line."""
    return " ".join(getattr(exc, "messages", None) or [str(exc)])


def step_buttons(user: User, revision: Revision) -> list[tuple[str, str | Promise]]:
    """(step, label) of each button offered to ``user`` on ``revision``."""
    return [
        (step, STEP_UI[step][0])
        for step in workflow.allowed_steps(user, revision)
        if step in STEP_UI
    ]


def live_beside(revision: Revision) -> Revision | None:
    """The revision readers see now in ``revision``'s track, when it is another one."""
    return (
        Revision.objects.live_of(revision.guidance_id, revision.province_id)
        .exclude(pk=revision.pk)
        .first()
    )


class TransitionForm(forms.Form):
    change_note = forms.CharField(
        label=gettext_lazy("Ghi chú thay đổi (người đọc thấy)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=gettext_lazy("Thay đổi gì so với bản đang áp dụng, viết cho người đọc."),
    )
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


if TYPE_CHECKING:
    # The two mixins below are used only with ModelAdmin; this tells the type checker so.
    _ModelAdminBase = admin.ModelAdmin[Any]
else:
    _ModelAdminBase = object


class PublishSelected(_ModelAdminBase):
    """The action "publish the selected revisions", for the revisions and the review queue."""

    def take_step_on_each(
        self, request, queryset, service, done_message: Callable[[int], str]
    ) -> None:
        """Run ``service`` on each selected revision; each refusal is reported, not fatal."""
        done = 0
        for revision in queryset:
            try:
                with transaction.atomic():
                    service(revision=revision, user=request.user)
                done += 1
            except (PermissionDenied, ValidationError) as exc:
                self.message_user(request, f"{revision}: {error_text(exc)}", messages.ERROR)
        if done:
            self.message_user(request, done_message(done), messages.SUCCESS)

    @admin.action(
        description=gettext_lazy("Xuất bản các bản chờ duyệt đã chọn"),
        permissions=["publish"],
    )
    def publish(self, request, queryset):
        self.take_step_on_each(
            request,
            queryset,
            services.revision_publish,
            lambda n: ngettext("Đã xuất bản %d phiên bản.", "Đã xuất bản %d phiên bản.", n) % n,
        )

    def has_publish_permission(self, request):
        return workflow.is_publisher(request.user)


class WorkflowViews(_ModelAdminBase):
    """The revision admin's extra pages: preview, compare, one page per step, start a draft."""

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
            path("cach-viet/", view(self.style_guide_view), name="handbook_revision_style"),
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

    def style_guide_view(self, request):
        """How to write guidance (docs/cach-viet-huong-dan.md), for everyone who may edit it."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        text = (settings.BASE_DIR / "docs" / STYLE_GUIDE).read_text(encoding="utf-8")
        return TemplateResponse(
            request,
            "admin/handbook/revision/style_guide.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Cách viết hướng dẫn nghiệp vụ"),
                "opts": self.model._meta,
                "guide": render_markdown(text),
            },
        )

    def compare_view(self, request, pk):
        """This revision against the live one of its guidance (or province note)."""
        revision = self._visible(request, pk)
        live = live_beside(revision)
        sections = revision_diff(live, revision)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("So sánh với bản đang áp dụng"),
            "revision": revision,
            "live": live,
            "changed": [s for s in sections if s.changed],
            "unchanged": [s for s in sections if not s.changed],
            "steps": step_buttons(request.user, revision),
        }
        return TemplateResponse(request, "admin/handbook/revision/compare.html", context)

    def transition_view(self, request, pk, step):
        """Confirm one workflow step (with its comment, reason or time), then run the service."""
        if step not in STEP_UI:
            raise Http404
        revision = self._visible(request, pk)
        label, service, needs = STEP_UI[step]
        form = TransitionForm(
            request.POST if request.method == "POST" else None,
            initial={"change_note": revision.change_note},
        )
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
                messages.error(request, error_text(exc))
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
        province = None
        if province_id:
            province = get_object_or_404(
                Province, pk=primary_key_or_404(Province._meta.pk, province_id)
            )
        try:
            revision = services.revision_start_draft(
                guidance=guidance, user=request.user, province=province
            )
        except (PermissionDenied, ValidationError) as exc:
            messages.error(request, error_text(exc))
            return HttpResponseRedirect(
                reverse("admin:handbook_guidance_change", args=[guidance.pk])
            )
        messages.success(request, _("Đã tạo bản nháp mới từ bản đang áp dụng."))
        return HttpResponseRedirect(reverse("admin:handbook_revision_change", args=[revision.pk]))


class ReviewQueueAdmin(PublishSelected, admin.ModelAdmin):
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
        try:
            pk = primary_key_or_404(RevisionInReview._meta.pk, object_id)
        except Http404:
            return None
        return RevisionInReview.objects.visible_to(request.user).filter(pk=pk).first()

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
