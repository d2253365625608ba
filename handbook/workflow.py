"""The workflow of a handbook revision: which step starts from which state, leads to which, and
who may take it. The services refuse with these rules; the admin's buttons list the same steps.

    draft --submit--> in_review --publish--> published --(a newer one is published)--> superseded
      ^                  |   \\--schedule--> scheduled --(publish_scheduled, when due)--> published
      \\--send back-------/         \\--unschedule--> in_review
    published --withdraw (public reason)--> withdrawn

``user=None`` is the system (data loading, the scheduler): it may take any step the state allows.
Beyond the permission each step needs, the rules on the revision itself:

- Department staff (Cán bộ Sở) write drafts of national guidance and of their own province's
  notes, and submit them. They never see or touch another province's notes, and once a draft is
  submitted only the ministry edits it.
- Ministry editors (review_revision) edit any draft or submitted revision and send it back.
- Ministry publishers (publish_revision) also publish, schedule, unschedule and withdraw.
- Nobody publishes or schedules a revision they wrote or edited.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from handbook.models import PUBLISH_PERMISSION, REVIEW_PERMISSION, Revision

S = Revision.Status
ADD_PERMISSION = "handbook.add_revision"
CHANGE_PERMISSION = "handbook.change_revision"

EDIT, SUBMIT, SEND_BACK = "edit", "submit", "send-back"
PUBLISH, SCHEDULE, UNSCHEDULE, WITHDRAW = "publish", "schedule", "unschedule", "withdraw"

NOT_AN_EDITOR = gettext_lazy("Tài khoản của bạn không có quyền soạn hướng dẫn.")
NOT_A_PUBLISHER = gettext_lazy("Bạn không có quyền xuất bản hướng dẫn.")
MAY_NOT_WITHDRAW = gettext_lazy("Bạn không có quyền rút hướng dẫn đã xuất bản.")


@dataclass(frozen=True)
class Step:
    verb: Promise  # "Không thể <verb>: ..."
    sources: frozenset[str]  # the states it may start from
    target: str | None  # the state it leads to (None: keeps the state)
    permission: str  # the permission it needs
    denied: Promise  # the refusal for a user without that permission


TRANSITIONS = {
    EDIT: Step(
        gettext_lazy("sửa"),
        frozenset(Revision.EDITABLE),
        None,
        CHANGE_PERMISSION,
        NOT_AN_EDITOR,
    ),
    SUBMIT: Step(
        gettext_lazy("gửi duyệt"),
        frozenset({S.DRAFT}),
        S.IN_REVIEW,
        CHANGE_PERMISSION,
        NOT_AN_EDITOR,
    ),
    SEND_BACK: Step(
        gettext_lazy("trả lại"),
        frozenset({S.IN_REVIEW}),
        S.DRAFT,
        REVIEW_PERMISSION,
        gettext_lazy("Chỉ biên tập viên và cán bộ Bộ được duyệt, trả lại bản nháp."),
    ),
    PUBLISH: Step(
        gettext_lazy("xuất bản"),
        frozenset({S.IN_REVIEW, S.SCHEDULED}),
        S.PUBLISHED,
        PUBLISH_PERMISSION,
        NOT_A_PUBLISHER,
    ),
    SCHEDULE: Step(
        gettext_lazy("lên lịch xuất bản"),
        frozenset({S.IN_REVIEW}),
        S.SCHEDULED,
        PUBLISH_PERMISSION,
        NOT_A_PUBLISHER,
    ),
    UNSCHEDULE: Step(
        gettext_lazy("hủy lịch xuất bản"),
        frozenset({S.SCHEDULED}),
        S.IN_REVIEW,
        PUBLISH_PERMISSION,
        MAY_NOT_WITHDRAW,
    ),
    WITHDRAW: Step(
        gettext_lazy("rút"),
        frozenset({S.PUBLISHED}),
        S.WITHDRAWN,
        PUBLISH_PERMISSION,
        MAY_NOT_WITHDRAW,
    ),
}

# The steps department staff take too, on their own province's drafts only; reviewers take them
# on any revision.
DRAFTING = (EDIT, SUBMIT)
# Nobody takes these on a revision they wrote or edited (two people for every publication).
APPROVING = (PUBLISH, SCHEDULE)


def _signed_in(user) -> bool:
    return user is not None and user.is_authenticated


def is_reviewer(user) -> bool:
    """Ministry staff who may edit any draft and review (editor or publisher)."""
    return _signed_in(user) and user.has_perm(REVIEW_PERMISSION)


def is_publisher(user) -> bool:
    return _signed_in(user) and user.has_perm(PUBLISH_PERMISSION)


def _no_province(user) -> str:
    """Department staff act for their province; an account without one may not act at all."""
    if user.province_id:
        return ""
    return _("Tài khoản cán bộ Sở chưa gắn với tỉnh nào; đề nghị quản trị viên bổ sung.")


def _staff_refusal(user, permission: str, denied) -> str:
    if not user.is_authenticated:
        return _("Bạn cần đăng nhập.")
    if not user.has_perm(permission):
        return str(denied)
    return ""


def create_refusal(user, *, province=None) -> str:
    """Why ``user`` may not start a draft of national guidance (province None) or of a
    province's note; "" when they may. (Starting a draft is not a step: there is no revision
    yet.)"""
    if user is None:
        return ""
    refusal = _staff_refusal(user, ADD_PERMISSION, NOT_AN_EDITOR)
    if refusal or is_reviewer(user):
        return refusal
    refusal = _no_province(user)
    if refusal:
        return refusal
    if province is not None and getattr(province, "pk", province) != user.province_id:
        return _("Bạn chỉ soạn được ghi chú của tỉnh mình.")
    return ""


def _drafting_refusal(user, revision: Revision) -> str:
    """Department staff edit and submit their province's drafts only."""
    refusal = _no_province(user)
    if refusal:
        return refusal
    if revision.province_id is not None:
        if revision.province_id != user.province_id:
            return _("Bạn chỉ sửa được ghi chú của tỉnh mình.")
    elif revision.author is None or revision.author.province_id != user.province_id:
        return _("Bạn chỉ sửa được bản nháp do Sở của tỉnh mình soạn.")
    if revision.status != S.DRAFT:
        return _("Bản này đã gửi duyệt: chỉ cán bộ Bộ sửa được. Nếu cần sửa, đề nghị Bộ trả lại.")
    return ""


def _wrote_or_edited(user, revision: Revision) -> bool:
    return revision.author_id == user.pk or revision.contributors.filter(pk=user.pk).exists()


def state_refusal(revision: Revision, step: str) -> str:
    """Why ``step`` cannot start from the state ``revision`` is in; "" when it can."""
    if revision.status in TRANSITIONS[step].sources:
        return ""
    return _("Không thể %(action)s: phiên bản đang ở trạng thái “%(status)s”.") % {
        "action": TRANSITIONS[step].verb,
        "status": revision.get_status_display(),
    }


def role_refusal(user, revision: Revision, step: str) -> str:
    """Why ``user`` may not take ``step`` on ``revision``; "" when they may."""
    if user is None:
        return ""
    rule = TRANSITIONS[step]
    refusal = _staff_refusal(user, rule.permission, rule.denied)
    if refusal:
        return refusal
    if step in DRAFTING:
        return "" if is_reviewer(user) else _drafting_refusal(user, revision)
    if step in APPROVING and _wrote_or_edited(user, revision):
        return _(
            "Bạn đã soạn hoặc sửa bản này; cần một cán bộ Bộ khác duyệt và xuất bản "
            "(nguyên tắc hai người)."
        )
    return ""


def refusal(user, revision: Revision, step: str) -> str:
    """Why ``user`` may not take ``step`` on ``revision`` now (its state first); "" if they may."""
    return state_refusal(revision, step) or role_refusal(user, revision, step)


def check(user, revision: Revision, step: str) -> None:
    """Raise ValidationError when the state refuses ``step``, then PermissionDenied when
    ``user`` may not take it (the services call this before writing)."""
    refusal = state_refusal(revision, step)
    if refusal:
        raise ValidationError(refusal, code="invalid_transition")
    refusal = role_refusal(user, revision, step)
    if refusal:
        raise PermissionDenied(refusal)


def allowed_steps(user, revision: Revision) -> list[str]:
    """The steps ``user`` may take on ``revision`` now, in the order of TRANSITIONS."""
    return [step for step in TRANSITIONS if not refusal(user, revision, step)]
