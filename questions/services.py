"""Writes to questions and sessions. Views, admin actions and commands call these, nothing else.

Every step on a question is checked against questions.workflow (the state it starts from, then
who takes it) before anything is written; a refusal raises ValidationError or PermissionDenied
with a message meant for the official who tried.
"""

import datetime
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from accounts.models import User
from handbook.models import SECTION_FIELDS, Revision
from handbook.services import guidance_get_or_create, revision_create_draft
from procedures.models import Field, Procedure
from procedures.text import nfc
from questions import workflow
from questions.attachments import QUESTION_MAX_BYTES, check_upload
from questions.models import MinistryUnit, OnlineSession, Question

logger = logging.getLogger(__name__)

DEFAULT_DAILY_LIMIT = 5


def daily_limit() -> int:
    return getattr(settings, "QUESTIONS_DAILY_LIMIT", DEFAULT_DAILY_LIMIT)


def asked_today(user: User, *, at: datetime.datetime | None = None) -> int:
    """How many questions ``user`` has sent since midnight (local time)."""
    now = at or timezone.now()
    midnight = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    return Question.objects.filter(
        asker=user, created_at__gte=midnight, created_at__lt=midnight + datetime.timedelta(days=1)
    ).count()


def limit_error(user: User, *, at: datetime.datetime | None = None) -> str:
    """Why ``user`` may not send another question today; "" when they may."""
    limit = daily_limit()
    if asked_today(user, at=at) >= limit:
        return _(
            "Bạn đã gửi %(limit)d câu hỏi hôm nay, bằng giới hạn mỗi ngày. "
            "Nội dung bạn vừa nhập vẫn được giữ nguyên; vui lòng gửi lại vào ngày mai."
        ) % {"limit": limit}
    return ""


def _begin(step: str, question: Question, user: User) -> Question:
    """The question re-read under a row lock (two officials cannot act on it at once), once
    ``user`` may take ``step`` on it in its current state."""
    question = Question.objects.select_for_update().get(pk=question.pk)
    workflow.check(workflow.Actor.of(user), question, step)
    return question


def _apply(step: str, question: Question, **changes: object) -> Question:
    """Move ``question`` to the state ``step`` leads to (workflow.TRANSITIONS; some steps keep
    the state) with ``changes``, validated and saved."""
    target = workflow.TRANSITIONS[step].target
    if target is not None:
        question.status = target
    for name, value in changes.items():
        setattr(question, name, value)
    question.full_clean()
    question.save()
    return question


@transaction.atomic
def question_ask(
    *,
    user: User,
    title: str,
    body: str,
    procedure: Procedure | None = None,
    field: Field | None = None,
    show_identity: bool = False,
    attachment: UploadedFile | None = None,
    at: datetime.datetime | None = None,
) -> Question:
    """Record a question from a commune or department official for their province's department.

    The field comes from the procedure when there is one. Refuses users who may not ask, the
    daily limit, and attachments that are not a PDF, JPEG or PNG of at most 5 MB.
    """
    if not workflow.Actor.of(user).can_ask:
        raise PermissionDenied(
            _(
                "Chỉ cán bộ cấp xã và cán bộ Sở có tài khoản gắn với một tỉnh mới gửi được câu "
                "hỏi. Liên hệ quản trị để cập nhật tài khoản."
            )
        )
    # Lock the asker's row: two simultaneous sends cannot both slip under the daily limit.
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    refusal = limit_error(user, at=at)
    if refusal:
        raise ValidationError(refusal, code="daily_limit")
    assert user.province_id is not None, "Actor.can_ask holds only for users with a province"
    question = Question(
        asker=user,
        asker_unit=user.unit,
        province_id=user.province_id,
        procedure=procedure,
        field=procedure.field if procedure is not None else field,
        title=(title or "").strip(),
        body=(body or "").strip(),
        show_identity=show_identity,
        created_at=at or timezone.now(),
    )
    if attachment:
        question.attachment_type = check_upload(attachment, max_bytes=QUESTION_MAX_BYTES)
        question.attachment_name = nfc(attachment.name or "")[:255]
    question.full_clean()
    if attachment:
        # Stored under a random name: the official's file name is kept only as text.
        question.attachment.save("upload", attachment, save=False)
    question.save()
    return question


@transaction.atomic
def question_assign(
    *,
    question: Question,
    user: User,
    assignee: User | None = None,
    at: datetime.datetime | None = None,
) -> Question:
    """The department takes a new question: it is assigned to ``assignee`` (default: ``user``)."""
    question = _begin(workflow.ASSIGN, question, user)
    assignee = assignee or user
    if not workflow.Actor.of(assignee).is_department_of(question):
        raise ValidationError(
            _("Chỉ giao được cho cán bộ Sở của %(province)s.") % {"province": question.province},
            code="assignee",
        )
    return _apply(workflow.ASSIGN, question, assignee=assignee, assigned_at=at or timezone.now())


@transaction.atomic
def question_escalate(
    *,
    question: Question,
    user: User,
    unit: MinistryUnit,
    note: str,
    session: OnlineSession | None = None,
    at: datetime.datetime | None = None,
) -> Question:
    """The department passes the question to the ministry unit responsible for its field."""
    question = _begin(workflow.ESCALATE, question, user)
    note = (note or "").strip()
    if not note:
        raise ValidationError(
            _("Ghi lý do chuyển lên Bộ (Sở đã kiểm tra những gì, vướng ở đâu)."), code="note"
        )
    if session is not None:
        _check_session_open(session, at=at)
    return _apply(
        workflow.ESCALATE,
        question,
        ministry_unit=unit,
        escalation_note=note,
        escalated_at=at or timezone.now(),
        escalated_by=user,
        session=session,
    )


@transaction.atomic
def question_answer(
    *,
    question: Question,
    user: User,
    answer: str,
    base_url: str = "",
    notify: bool = True,
    at: datetime.datetime | None = None,
) -> Question:
    """Answer the question (department, or ministry once escalated) and email the asker.

    A department official who answers (a new question too) becomes its assignee: the question is
    theirs from then on. ``base_url`` makes the emailed link absolute; ``notify=False`` (demo
    data) sends nothing.
    """
    question = _begin(workflow.ANSWER, question, user)
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError(_("Câu trả lời không được để trống."), code="answer")
    now = at or timezone.now()
    changes: dict[str, object] = {"answer": answer, "answered_at": now, "answered_by": user}
    if question.status != Question.Status.ESCALATED:
        changes["assignee"] = user
        changes["assigned_at"] = question.assigned_at or now
    _apply(workflow.ANSWER, question, **changes)
    if notify:
        transaction.on_commit(lambda: _notify_answered(question, base_url))
    return question


def _notify_answered(question: Question, base_url: str) -> None:
    """Email the asker that their question was answered (after the answer is committed)."""
    asker = question.asker
    if not asker.email:
        logger.info("question %s answered; asker %s has no email", question.pk, asker.pk)
        return
    link = base_url.rstrip("/") + question.get_absolute_url()
    # The asker reads it outside the portal: the site's language, not the answerer's interface.
    with override(settings.LANGUAGE_CODE):
        subject = _("Câu hỏi của bạn đã được trả lời: %(title)s") % {"title": question.title[:80]}
        body = _(
            "Câu hỏi “%(title)s” bạn gửi ngày %(asked)s đã được %(who)s trả lời.\n\n"
            "%(answer)s\n\nXem câu hỏi và câu trả lời: %(link)s\n"
        ) % {
            "title": question.title,
            "asked": timezone.localtime(question.created_at).strftime("%d/%m/%Y"),
            "who": question.ministry_unit
            or _("Sở KH&CN %(province)s") % {"province": question.province},
            "answer": question.answer,
            "link": link,
        }
    try:
        send_mail(subject, body, None, [asker.email])
    except Exception:  # the answer is saved; a mail failure must not undo it
        logger.exception("could not email the answer to question %s", question.pk)


@transaction.atomic
def question_close(
    *, question: Question, user: User, at: datetime.datetime | None = None
) -> Question:
    """Close an answered question (the asker, the department or the ministry)."""
    question = _begin(workflow.CLOSE, question, user)
    return _apply(workflow.CLOSE, question, closed_at=at or timezone.now())


@transaction.atomic
def question_publish(
    *,
    question: Question,
    user: User,
    public_question: str,
    public_answer: str,
    at: datetime.datetime | None = None,
) -> Question:
    """Publish the question and its answer for every reader (ministry staff only).

    The public texts are edited copies, so anything personal can be taken out first; the asker's
    name and unit are shown only if they agreed when asking.
    """
    question = _begin(workflow.PUBLISH, question, user)
    public_question, public_answer = (public_question or "").strip(), (public_answer or "").strip()
    if not public_question or not public_answer:
        raise ValidationError(_("Bản công khai cần cả câu hỏi và câu trả lời."), code="public_text")
    return _apply(
        workflow.PUBLISH,
        question,
        public_question=public_question,
        public_answer=public_answer,
        published_at=at or timezone.now(),
        published_by=user,
    )


@transaction.atomic
def question_unpublish(*, question: Question, user: User) -> Question:
    """Take a published question and answer off the public pages (ministry staff only)."""
    question = _begin(workflow.UNPUBLISH, question, user)
    return _apply(workflow.UNPUBLISH, question, published_at=None, published_by=None)


@transaction.atomic
def question_promote(
    *, question: Question, user: User, section: str = "notes", at: datetime.datetime | None = None
) -> Revision:
    """Create a handbook draft for the question's procedure that contains the answer.

    The draft starts from the published guidance (so publishing it loses nothing) and adds the
    question and answer to ``section``; its change note cites the question. It then goes through
    the handbook's normal review; this function never publishes.
    """
    question = _begin(workflow.PROMOTE, question, user)
    if section not in SECTION_FIELDS:
        raise ValidationError(_("Mục không có trong cẩm nang: %s") % section, code="section")
    procedure = question.procedure
    assert procedure is not None, "workflow.check refuses PROMOTE without a procedure"
    guidance = guidance_get_or_create(procedure=procedure)
    current = guidance.current_revision()
    sections = {name: getattr(current, name) if current else "" for name in SECTION_FIELDS}
    asked = timezone.localtime(question.created_at).strftime("%d/%m/%Y")
    # The draft is handbook content: written in the site's language, not the promoter's.
    with override(settings.LANGUAGE_CODE):
        addition, change_note = _promotion_texts(question, asked)
    sections[section] = f"{sections[section].rstrip()}\n\n{addition}".strip()
    revision = revision_create_draft(
        guidance=guidance,
        author=user,
        sections=sections,
        summary=current.summary if current else "",
        change_note=change_note,
    )
    question.promoted_revision = revision
    question.save(update_fields=["promoted_revision", "updated_at"])
    return revision


def _promotion_texts(question: Question, asked: str) -> tuple[str, str]:
    """The question-and-answer block added to the draft, and the draft's change note."""
    addition = _(
        "**Hỏi (câu hỏi số %(number)s, %(date)s):** %(question)s\n\n**Đáp:** %(answer)s"
    ) % {
        "number": question.pk,
        "date": asked,
        "question": question.public_question or question.title,
        "answer": question.public_answer or question.answer,
    }
    change_note = _(
        "Bổ sung từ câu hỏi số %(number)s “%(title)s” (%(province)s, gửi %(date)s), "
        "đã được trả lời ngày %(answered)s."
    ) % {
        "number": question.pk,
        "title": question.title,
        "province": question.province,
        "date": asked,
        "answered": timezone.localtime(question.answered_at).strftime("%d/%m/%Y"),
    }
    return addition, change_note


def _check_session_open(session: OnlineSession, *, at: datetime.datetime | None = None) -> None:
    now = at or timezone.now()
    if session.status != OnlineSession.Status.SCHEDULED or session.ends_at < now:
        raise ValidationError(
            _("Buổi giải đáp “%(session)s” đã kết thúc hoặc đã hủy; chọn một buổi sắp tới.")
            % {"session": session.title},
            code="session",
        )


@transaction.atomic
def question_queue(
    *,
    question: Question,
    user: User,
    session: OnlineSession | None,
    at: datetime.datetime | None = None,
) -> Question:
    """Queue an escalated question for an upcoming session (or take it off: ``session=None``)."""
    question = _begin(workflow.QUEUE, question, user)
    if session is not None:
        _check_session_open(session, at=at)
    return _apply(workflow.QUEUE, question, session=session)


@transaction.atomic
def session_publish_outcome(
    *, session: OnlineSession, user: User, at: datetime.datetime | None = None
) -> OnlineSession:
    """Publish a held session's minutes and materials (ministry staff only)."""
    if not user.has_perm(workflow.PUBLISH_QUESTION):
        raise PermissionDenied(_("Chỉ cán bộ Bộ công bố kết quả buổi giải đáp."))
    session = OnlineSession.objects.select_for_update().get(pk=session.pk)
    now = at or timezone.now()
    if session.status != OnlineSession.Status.SCHEDULED:
        raise ValidationError(_("Buổi giải đáp đã hủy không có kết quả để công bố."))
    if session.starts_at > now:
        raise ValidationError(_("Buổi giải đáp chưa diễn ra; công bố kết quả sau buổi giải đáp."))
    if not session.minutes.strip():
        raise ValidationError(_("Viết biên bản, kết luận trước khi công bố."))
    session.outcome_published_at = now
    session.outcome_published_by = user
    session.full_clean()
    session.save()
    return session
