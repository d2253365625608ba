"""The workflow of a question: which step starts from which state, leads to which, and who may
take it. The services refuse with these rules; the question page offers the same steps.

    new --assign--> assigned --answer--> answered --close--> closed
     \\ \\                \\
      \\ \\--answer---------\\-------------------> answered (assigned to the one who answers)
       \\--escalate-------\\--escalate--> escalated --answer--> answered

Publishing, unpublishing, promoting to a handbook draft and queueing for an online session keep
the state. Who may act is a matter of permissions (accounts.roles grants them to the role
groups) plus the rules on the question itself:

- handle_province_questions (Cán bộ Sở) counts for the questions of the user's own province
  only, and never for a question the user asked;
- the department answers what it holds; once escalated, only answer_escalated (Cán bộ Bộ)
  answers;
- the asker may close their question;
- view_question (Cán bộ Bộ) reads every province's questions; others read their own and, with
  handle_province_questions, their province's.

A step is refused first for the question's state (a ValidationError that names it), then for who
asks (a PermissionDenied that says why), as in handbook.workflow.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from questions.models import Question

S = Question.Status

ASK = "questions.ask_question"
HANDLE = "questions.handle_province_questions"
ANSWER_ESCALATED = "questions.answer_escalated"
PUBLISH_QUESTION = "questions.publish_question"
VIEW_ALL = "questions.view_question"
PERMISSIONS = (ASK, HANDLE, ANSWER_ESCALATED, PUBLISH_QUESTION, VIEW_ALL)

ASSIGN, ESCALATE, ANSWER, CLOSE = "assign", "escalate", "answer", "close"
PUBLISH, UNPUBLISH, PROMOTE, QUEUE = "publish", "unpublish", "promote", "queue"


@dataclass(frozen=True)
class Step:
    verb: Promise  # "Không thể <verb> câu hỏi ..."
    sources: frozenset[str]  # the states it may start from
    target: str | None  # the state it leads to (None: keeps the state)
    permissions: tuple[str, ...]  # any one of them lets a user take it (see the rules above)


TRANSITIONS = {
    ASSIGN: Step(gettext_lazy("nhận xử lý"), frozenset({S.NEW}), S.ASSIGNED, (HANDLE,)),
    ESCALATE: Step(
        gettext_lazy("chuyển lên Bộ"), frozenset({S.NEW, S.ASSIGNED}), S.ESCALATED, (HANDLE,)
    ),
    ANSWER: Step(
        gettext_lazy("trả lời"),
        # The department may answer a new question straight away (no "Nhận xử lý" first).
        frozenset({S.NEW, S.ASSIGNED, S.ESCALATED}),
        S.ANSWERED,
        (HANDLE, ANSWER_ESCALATED),
    ),
    CLOSE: Step(
        gettext_lazy("đóng"), frozenset({S.ANSWERED}), S.CLOSED, (HANDLE, ANSWER_ESCALATED)
    ),
    PUBLISH: Step(
        gettext_lazy("công khai"), frozenset({S.ANSWERED, S.CLOSED}), None, (PUBLISH_QUESTION,)
    ),
    UNPUBLISH: Step(
        gettext_lazy("thôi công khai"),
        frozenset({S.ANSWERED, S.CLOSED}),
        None,
        (PUBLISH_QUESTION,),
    ),
    PROMOTE: Step(
        gettext_lazy("đưa vào cẩm nang"),
        frozenset({S.ANSWERED, S.CLOSED}),
        None,
        (HANDLE, PUBLISH_QUESTION),
    ),
    QUEUE: Step(
        gettext_lazy("xếp vào buổi giải đáp"), frozenset({S.ESCALATED}), None, (ANSWER_ESCALATED,)
    ),
}


@dataclass(frozen=True)
class Actor:
    """A user's question permissions and province, read once per request."""

    user_id: int | None
    province_id: int | None
    permissions: frozenset[str] = frozenset()

    @classmethod
    def of(cls, user) -> "Actor":
        if not user.is_authenticated:
            return cls(user_id=None, province_id=None)
        return cls(
            user_id=user.pk,
            province_id=user.province_id,
            permissions=frozenset(p for p in PERMISSIONS if user.has_perm(p)),
        )

    @property
    def is_ministry(self) -> bool:
        """Acts for the ministry: reads every province's questions and the dashboard."""
        return VIEW_ALL in self.permissions

    @property
    def is_department(self) -> bool:
        """Handles the questions sent to their province's department."""
        return HANDLE in self.permissions

    @property
    def can_ask(self) -> bool:
        return ASK in self.permissions and self.province_id is not None

    def is_asker(self, question: Question) -> bool:
        return question.asker_id == self.user_id

    def is_department_of(self, question: Question) -> bool:
        return self.is_department and self.province_id == question.province_id

    def can_view(self, question: Question) -> bool:
        return self.is_ministry or self.is_asker(question) or self.is_department_of(question)


def _counts(actor: Actor, permission: str, question: Question, step: str) -> bool:
    """Whether ``permission`` lets ``actor`` take ``step`` on this very question."""
    if permission not in actor.permissions:
        return False
    if step == ANSWER and (permission == ANSWER_ESCALATED) != (question.status == S.ESCALATED):
        return False  # the department answers what it holds, the ministry what was escalated
    if permission == HANDLE:
        return actor.is_department_of(question) and not actor.is_asker(question)
    return True


def _may(actor: Actor, question: Question, step: str) -> bool:
    if step == CLOSE and actor.is_asker(question):
        return True
    return any(_counts(actor, p, question, step) for p in TRANSITIONS[step].permissions)


def state_refusal(question: Question, step: str) -> str:
    """Why ``step`` cannot be taken on ``question`` in its state; "" when it can."""
    sources = TRANSITIONS[step].sources
    if question.status not in sources:
        return _(
            "Không thể %(action)s câu hỏi đang ở trạng thái “%(status)s”. "
            "Thao tác này chỉ áp dụng khi câu hỏi ở trạng thái: %(allowed)s."
        ) % {
            "action": TRANSITIONS[step].verb,
            "status": question.get_status_display(),
            "allowed": ", ".join(str(S(s).label) for s in sorted(sources)),
        }
    if step == PUBLISH and question.is_published:
        return _("Câu hỏi này đã được công khai.")
    if step == UNPUBLISH and not question.is_published:
        return _("Câu hỏi này chưa được công khai.")
    if step == PROMOTE:
        if question.procedure_id is None:
            return _("Câu hỏi chung không gắn thủ tục nên không đưa vào cẩm nang được.")
        if question.promoted_revision_id is not None:
            return _("Câu hỏi này đã được đưa vào một bản nháp hướng dẫn.")
    return ""


def role_refusal(actor: Actor, question: Question, step: str) -> str:
    """Why ``actor`` may not take ``step`` on ``question``; "" when they may."""
    if _may(actor, question, step):
        return ""
    if step == ANSWER and question.status == S.ESCALATED:
        return _("Câu hỏi đã chuyển lên Bộ; chỉ cán bộ Bộ trả lời.")
    if actor.is_asker(question) and step != CLOSE:
        return _("Người hỏi không tự xử lý câu hỏi của mình.")
    return _("Bạn không có quyền %(action)s câu hỏi này.") % {"action": TRANSITIONS[step].verb}


def _view_refusal(actor: Actor, question: Question) -> str:
    return "" if actor.can_view(question) else _("Bạn không có quyền xem câu hỏi này.")


def refusal(actor: Actor, question: Question, step: str) -> str:
    """Why ``actor`` may not take ``step`` on ``question`` now; "" when they may."""
    return (
        _view_refusal(actor, question)
        or state_refusal(question, step)
        or role_refusal(actor, question, step)
    )


def check(actor: Actor, question: Question, step: str) -> None:
    """Raise PermissionDenied when ``actor`` may not read ``question``, ValidationError when its
    state refuses ``step``, then PermissionDenied when ``actor`` may not take it."""
    refusal = _view_refusal(actor, question)
    if refusal:
        raise PermissionDenied(refusal)
    refusal = state_refusal(question, step)
    if refusal:
        raise ValidationError(refusal, code="transition")
    refusal = role_refusal(actor, question, step)
    if refusal:
        raise PermissionDenied(refusal)


def allowed_steps(actor: Actor, question: Question) -> list[str]:
    """The steps ``actor`` may take on ``question`` now, in the order of TRANSITIONS."""
    return [step for step in TRANSITIONS if not refusal(actor, question, step)]
