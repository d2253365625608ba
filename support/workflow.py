"""Who may do what in the support of localities, and which step starts from which state.

    follow-up:  open --complete--> done --reopen--> open;  open --cancel--> cancelled
    concern:    new --accept--> in_review --answer--> answered --close--> closed
                 \\------------------answer--/

Roles are permissions (accounts.roles grants them); the rules on the object stay rules:

- view_readiness (Cán bộ Bộ) reads every province; handle_province_support (Cán bộ Sở) reads
  and updates the user's own province only (another province's page is "not found");
- record_visit (Cán bộ Bộ) records visits, assessments, trial dossiers, follow-ups and events;
- set_proficiency: the ministry for any official, the department for its province's officials;
- answer_concern (Cán bộ Bộ) takes up and answers concerns; the department files them;
- practise: an official takes the self-check and sees their own progress.

A step is refused first for the object's state (ValidationError naming it), then for who asks
(PermissionDenied saying why), as in questions.workflow.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from support.models import Concern, FollowUp

VIEW_ALL = "support.view_readiness"
RECORD = "support.record_visit"
HANDLE = "support.handle_province_support"
SET_PROFICIENCY = "support.set_proficiency"
ANSWER = "support.answer_concern"
PRACTISE = "support.practise"
PERMISSIONS = (VIEW_ALL, RECORD, HANDLE, SET_PROFICIENCY, ANSWER, PRACTISE)

COMPLETE, REOPEN, CANCEL = "complete", "reopen", "cancel"
ACCEPT, ANSWER_STEP, CLOSE = "accept", "answer", "close"

F = FollowUp.Status
C = Concern.Status


@dataclass(frozen=True)
class Step:
    verb: Promise
    sources: frozenset[str]
    target: str
    permissions: tuple[str, ...]  # any one of them, within the rules above


FOLLOW_UP_STEPS = {
    COMPLETE: Step(
        gettext_lazy("đánh dấu hoàn thành"), frozenset({F.OPEN}), F.DONE, (HANDLE, RECORD)
    ),
    REOPEN: Step(gettext_lazy("mở lại"), frozenset({F.DONE}), F.OPEN, (HANDLE, RECORD)),
    CANCEL: Step(gettext_lazy("hủy"), frozenset({F.OPEN}), F.CANCELLED, (RECORD,)),
}

CONCERN_STEPS = {
    ACCEPT: Step(gettext_lazy("nhận xem xét"), frozenset({C.NEW}), C.IN_REVIEW, (ANSWER,)),
    ANSWER_STEP: Step(
        gettext_lazy("trả lời"), frozenset({C.NEW, C.IN_REVIEW}), C.ANSWERED, (ANSWER,)
    ),
    CLOSE: Step(gettext_lazy("đóng"), frozenset({C.ANSWERED}), C.CLOSED, (HANDLE, ANSWER)),
}


@dataclass(frozen=True)
class Actor:
    """A user's support permissions and province, read once per request."""

    user_id: int | None
    province_id: int | None
    permissions: frozenset[str] = frozenset()

    @classmethod
    def of(cls, user) -> "Actor":
        if user is None or not user.is_authenticated:
            return cls(user_id=None, province_id=None)
        return cls(
            user_id=user.pk,
            province_id=user.province_id,
            permissions=frozenset(p for p in PERMISSIONS if user.has_perm(p)),
        )

    @property
    def is_ministry(self) -> bool:
        return VIEW_ALL in self.permissions

    @property
    def is_department(self) -> bool:
        return HANDLE in self.permissions and self.province_id is not None

    @property
    def can_record(self) -> bool:
        return RECORD in self.permissions

    @property
    def can_practise(self) -> bool:
        return PRACTISE in self.permissions and self.province_id is not None

    def is_department_of(self, province_id: int | None) -> bool:
        return self.is_department and self.province_id == province_id

    def can_view_province(self, province_id: int | None) -> bool:
        return self.is_ministry or self.is_department_of(province_id)

    def can_set_proficiency(self, official) -> bool:
        if SET_PROFICIENCY not in self.permissions or official.province_id is None:
            return False
        return self.is_ministry or self.is_department_of(official.province_id)


def _may(actor: Actor, permission: str, province_id: int) -> bool:
    if permission not in actor.permissions:
        return False
    if permission == HANDLE:
        return actor.is_department_of(province_id)
    return True


def refusal(actor: Actor, obj, step: str, steps: dict[str, Step]) -> str:
    """Why ``actor`` may not take ``step`` on ``obj`` (a follow-up or a concern); "" if they may."""
    if not actor.can_view_province(obj.province_id):
        return _("Bạn không có quyền xem nội dung hỗ trợ của tỉnh này.")
    return state_refusal(obj, step, steps) or role_refusal(actor, obj, step, steps)


def state_refusal(obj, step: str, steps: dict[str, Step]) -> str:
    sources = steps[step].sources
    if obj.status in sources:
        return ""
    return _(
        "Không thể %(action)s khi đang ở trạng thái “%(status)s”. "
        "Thao tác này chỉ áp dụng khi ở trạng thái: %(allowed)s."
    ) % {
        "action": steps[step].verb,
        "status": obj.get_status_display(),
        "allowed": ", ".join(str(type(obj).Status(s).label) for s in sorted(sources)),
    }


def role_refusal(actor: Actor, obj, step: str, steps: dict[str, Step]) -> str:
    if any(_may(actor, p, obj.province_id) for p in steps[step].permissions):
        return ""
    return _("Bạn không có quyền %(action)s.") % {"action": steps[step].verb}


def check(actor: Actor, obj, step: str, steps: dict[str, Step]) -> None:
    """PermissionDenied when ``actor`` may not see ``obj``'s province, ValidationError when the
    state refuses ``step``, then PermissionDenied when ``actor`` may not take it."""
    if not actor.can_view_province(obj.province_id):
        raise PermissionDenied(_("Bạn không có quyền xem nội dung hỗ trợ của tỉnh này."))
    reason = state_refusal(obj, step, steps)
    if reason:
        raise ValidationError(reason, code="transition")
    reason = role_refusal(actor, obj, step, steps)
    if reason:
        raise PermissionDenied(reason)


def allowed_steps(actor: Actor, obj) -> list[str]:
    """The steps ``actor`` may take on ``obj`` (a follow-up or a concern) now, in table order."""
    steps = FOLLOW_UP_STEPS if isinstance(obj, FollowUp) else CONCERN_STEPS
    return [step for step in steps if not refusal(actor, obj, step, steps)]


def require_record(actor: Actor) -> None:
    if not actor.can_record:
        raise PermissionDenied(
            _("Chỉ cán bộ Bộ được ghi đợt công tác, đánh giá, hồ sơ làm thử và tập huấn.")
        )


def require_province(actor: Actor, province_id: int | None) -> None:
    """Refuse a write about a province ``actor`` may not update (the ministry may any)."""
    if not (actor.can_record or actor.is_department_of(province_id)):
        raise PermissionDenied(_("Bạn chỉ cập nhật được nội dung hỗ trợ của tỉnh mình."))
