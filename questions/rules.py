"""Who may do what with a question, and which state each action moves it from and to.

One table of transitions and one set of role rules; the services enforce them, the views use the
same rules to decide which buttons to show.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import roles
from questions.models import Question

S = Question.Status

ASSIGN, ESCALATE, ANSWER, CLOSE = "assign", "escalate", "answer", "close"
PUBLISH, UNPUBLISH, PROMOTE, QUEUE = "publish", "unpublish", "promote", "queue"
ACTIONS = (ASSIGN, ESCALATE, ANSWER, CLOSE, PUBLISH, UNPUBLISH, PROMOTE, QUEUE)

ACTION_LABELS = {
    ASSIGN: gettext_lazy("nhận xử lý"),
    ESCALATE: gettext_lazy("chuyển lên Bộ"),
    ANSWER: gettext_lazy("trả lời"),
    CLOSE: gettext_lazy("đóng"),
    PUBLISH: gettext_lazy("công khai"),
    UNPUBLISH: gettext_lazy("thôi công khai"),
    PROMOTE: gettext_lazy("đưa vào cẩm nang"),
    QUEUE: gettext_lazy("xếp vào buổi giải đáp"),
}

# action -> (states it may start from, state it leads to; None keeps the state)
TRANSITIONS = {
    ASSIGN: ({S.NEW}, S.ASSIGNED),
    ESCALATE: ({S.NEW, S.ASSIGNED}, S.ESCALATED),
    ANSWER: ({S.ASSIGNED, S.ESCALATED}, S.ANSWERED),
    CLOSE: ({S.ANSWERED}, S.CLOSED),
    PUBLISH: ({S.ANSWERED, S.CLOSED}, None),
    UNPUBLISH: ({S.ANSWERED, S.CLOSED}, None),
    PROMOTE: ({S.ANSWERED, S.CLOSED}, None),
    QUEUE: ({S.ESCALATED}, None),
}


@dataclass(frozen=True)
class Actor:
    """A signed-in user's roles, read once per request.

    ``is_ministry`` means Cán bộ Bộ (or a superuser), who answer escalated questions; the
    ministry editors (Biên tập viên Bộ) edit handbook drafts and have no part in questions.
    """

    user_id: int | None
    province_id: int | None
    is_ministry: bool = False
    is_department: bool = False
    is_commune: bool = False

    @classmethod
    def of(cls, user) -> "Actor":
        if not user.is_authenticated:
            return cls(user_id=None, province_id=None)
        names = set(user.groups.values_list("name", flat=True))
        return cls(
            user_id=user.pk,
            province_id=user.province_id,
            is_ministry=user.is_superuser or roles.MINISTRY_STAFF in names,
            is_department=roles.DEPARTMENT_STAFF in names,
            is_commune=roles.COMMUNE_OFFICIAL in names,
        )

    @property
    def can_ask(self) -> bool:
        return (self.is_commune or self.is_department) and self.province_id is not None

    def is_asker(self, question: Question) -> bool:
        return question.asker_id == self.user_id

    def is_department_of(self, question: Question) -> bool:
        return self.is_department and self.province_id == question.province_id

    def can_view(self, question: Question) -> bool:
        return self.is_ministry or self.is_asker(question) or self.is_department_of(question)

    def may(self, action: str, question: Question) -> bool:
        """Whether the role allows ``action`` on ``question`` (the state is checked apart)."""
        department = self.is_department_of(question) and not self.is_asker(question)
        if action in (ASSIGN, ESCALATE):
            return department
        if action == ANSWER:
            # The department answers what it holds; the ministry answers what was escalated.
            if question.status == S.ESCALATED:
                return self.is_ministry
            return department
        if action == CLOSE:
            return self.is_asker(question) or department or self.is_ministry
        if action in (PUBLISH, UNPUBLISH, QUEUE):
            return self.is_ministry
        if action == PROMOTE:
            return self.is_ministry or department
        raise ValueError(action)

    def allowed(self, question: Question) -> list[str]:
        """The actions this actor may take on ``question`` now (for the buttons)."""
        return [
            a
            for a in ACTIONS
            if self.may(a, question) and not transition_error(a, question, quiet=True)
        ]


def transition_error(action: str, question: Question, *, quiet: bool = False) -> str:
    """Why ``action`` cannot be taken on ``question`` in its state; "" when it can."""
    starts, _target = TRANSITIONS[action]
    if question.status not in starts:
        if quiet:
            return "refused"
        return _(
            "Không thể %(action)s câu hỏi đang ở trạng thái “%(status)s”. "
            "Thao tác này chỉ áp dụng khi câu hỏi ở trạng thái: %(allowed)s."
        ) % {
            "action": ACTION_LABELS[action],
            "status": question.get_status_display(),
            "allowed": ", ".join(str(S(s).label) for s in sorted(starts)),
        }
    if action == PUBLISH and question.is_published:
        return _("Câu hỏi này đã được công khai.")
    if action == UNPUBLISH and not question.is_published:
        return _("Câu hỏi này chưa được công khai.")
    if action == PROMOTE:
        if question.procedure_id is None:
            return _("Câu hỏi chung không gắn thủ tục nên không đưa vào cẩm nang được.")
        if question.promoted_revision_id is not None:
            return _("Câu hỏi này đã được đưa vào một bản nháp hướng dẫn.")
    return ""


def permission_error(action: str, question: Question, actor: Actor) -> str:
    """Why ``actor`` may not take ``action``; "" when they may."""
    if actor.may(action, question):
        return ""
    if action == ANSWER and question.status == S.ESCALATED:
        return _("Câu hỏi đã chuyển lên Bộ; chỉ cán bộ Bộ trả lời.")
    if actor.is_asker(question) and action != CLOSE:
        return _("Người hỏi không tự xử lý câu hỏi của mình.")
    return _("Bạn không có quyền %(action)s câu hỏi này.") % {"action": ACTION_LABELS[action]}
