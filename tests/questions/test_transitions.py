"""Every transition of a question, and every invalid one refused with a clear message."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from accounts import roles
from delegation.models import Province
from handbook.models import Revision
from handbook.services import revision_create_draft, revision_publish, revision_submit
from questions import services, workflow
from questions.models import ANSWER_MAX, OnlineSession, Question

S = Question.Status


def test_new_question_goes_to_the_department_of_the_askers_province(ask, asker):
    question = ask()
    assert question.status == S.NEW
    assert question.province == asker.province
    assert question.field == question.procedure.field
    assert question.asker_unit == asker.unit


def test_assign_answer_close(ask, department, asker):
    question = services.question_assign(question=ask(), user=department)
    assert (question.status, question.assignee) == (S.ASSIGNED, department)
    question = services.question_answer(
        question=question, user=department, answer="Trả lời của Sở.", notify=False
    )
    assert question.status == S.ANSWERED and question.answered_by == department
    assert question.answered_at is not None
    question = services.question_close(question=question, user=asker)
    assert question.status == S.CLOSED and question.closed_at is not None


def test_the_department_answers_a_new_question_and_becomes_its_assignee(ask, department):
    question = ask()
    assert workflow.ANSWER in workflow.allowed_steps(workflow.Actor.of(department), question)
    question = services.question_answer(
        question=question, user=department, answer="Trả lời ngay.", notify=False
    )
    assert question.status == S.ANSWERED
    assert (question.assignee, question.answered_by) == (department, department)
    assert question.assigned_at is not None


def test_answering_a_colleagues_question_makes_it_the_answerers(ask, make_official, department):
    colleague = make_official(roles.DEPARTMENT_STAFF)
    question = services.question_assign(question=ask(), user=department, assignee=colleague)
    assigned_at = question.assigned_at
    question = services.question_answer(
        question=question, user=department, answer="Đồng nghiệp trả lời.", notify=False
    )
    assert question.assignee == department and question.assigned_at == assigned_at


def test_another_provinces_department_cannot_answer_a_new_question(ask, other_department):
    with pytest.raises(PermissionDenied):
        services.question_answer(
            question=ask(), user=other_department, answer="Không phải tỉnh mình."
        )


def test_department_escalates_and_the_ministry_answers(ask, department, ministry, unit):
    question = services.question_escalate(
        question=ask(), user=department, unit=unit, note="Nguồn chưa ghi trường hợp này."
    )
    assert (question.status, question.ministry_unit) == (S.ESCALATED, unit)
    with pytest.raises(PermissionDenied, match="chỉ cán bộ Bộ trả lời"):
        services.question_answer(question=question, user=department, answer="Sở trả lời.")
    question = services.question_answer(
        question=question, user=ministry, answer="Bộ trả lời.", notify=False
    )
    assert question.status == S.ANSWERED


def test_an_assigned_question_can_be_escalated(ask, department, unit):
    question = services.question_assign(question=ask(), user=department)
    question = services.question_escalate(question=question, user=department, unit=unit, note="x")
    assert question.status == S.ESCALATED


def test_assign_to_a_colleague_of_the_same_department_only(ask, department, other_department):
    with pytest.raises(ValidationError, match="Chỉ giao được cho cán bộ Sở"):
        services.question_assign(question=ask(), user=department, assignee=other_department)


def _in_state(state, ask, department, ministry, unit):
    question = ask()
    if state == S.NEW:
        return question
    if state == S.ESCALATED:
        return services.question_escalate(question=question, user=department, unit=unit, note="x")
    question = services.question_assign(question=question, user=department)
    if state == S.ASSIGNED:
        return question
    question = services.question_answer(
        question=question, user=department, answer="Đáp.", notify=False
    )
    if state == S.ANSWERED:
        return question
    return services.question_close(question=question, user=department)


def _run(action, question, department, ministry, unit):
    """Take ``action`` as the actor the role rules allow for it."""
    if action == workflow.ASSIGN:
        return services.question_assign(question=question, user=department)
    if action == workflow.ESCALATE:
        return services.question_escalate(question=question, user=department, unit=unit, note="x")
    if action == workflow.ANSWER:
        user = ministry if question.status == S.ESCALATED else department
        return services.question_answer(question=question, user=user, answer="Đáp.", notify=False)
    if action == workflow.CLOSE:
        return services.question_close(question=question, user=department)
    raise AssertionError(action)


STATE_ACTIONS = [workflow.ASSIGN, workflow.ESCALATE, workflow.ANSWER, workflow.CLOSE]


@pytest.mark.parametrize("state", list(S))
@pytest.mark.parametrize("action", STATE_ACTIONS)
def test_transition_table(state, action, ask, department, ministry, unit):
    question = _in_state(state, ask, department, ministry, unit)
    starts, target = workflow.TRANSITIONS[action].sources, workflow.TRANSITIONS[action].target
    if state in starts:
        assert _run(action, question, department, ministry, unit).status == target
    else:
        with pytest.raises(ValidationError) as refused:
            _run(action, question, department, ministry, unit)
        message = " ".join(refused.value.messages)
        assert "Không thể" in message and str(S(state).label) in message
        question.refresh_from_db()
        assert question.status == state  # nothing half-written


def test_the_asker_does_not_handle_their_own_question(make_official, telecom_procedure):
    from accounts import roles

    official = make_official(roles.DEPARTMENT_STAFF)
    question = services.question_ask(
        user=official,
        title="Sở hỏi Bộ về giấy phép viễn thông",
        body="Cán bộ Sở gửi câu hỏi cho chính Sở mình; đồng nghiệp xử lý.",
        procedure=telecom_procedure,
    )
    with pytest.raises(PermissionDenied, match="không tự xử lý"):
        services.question_assign(question=question, user=official)


def test_answer_emails_the_asker_after_commit(
    ask, department, asker, django_capture_on_commit_callbacks
):
    question = services.question_assign(question=ask(), user=department)
    with django_capture_on_commit_callbacks(execute=True):
        services.question_answer(
            question=question,
            user=department,
            answer="Nộp tại Hà Nội.",
            base_url="http://camnang.test/",
        )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [asker.email]
    assert "Nộp tại Hà Nội." in message.body
    assert f"http://camnang.test/cau-hoi/{question.pk}/" in message.body


def test_no_email_when_the_answer_is_refused(ask, department, django_capture_on_commit_callbacks):
    new = ask()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        services.question_answer(question=new, user=department, answer="x" * (ANSWER_MAX + 1))
    assert mail.outbox == []
    new.refresh_from_db()  # nothing half-written, the assignment included
    assert (new.status, new.assignee, new.answer) == (Question.Status.NEW, None, "")
    question = services.question_assign(question=ask(), user=department)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        services.question_answer(question=question, user=department, answer="x" * (ANSWER_MAX + 1))
    assert mail.outbox == []
    question.refresh_from_db()
    assert question.status == Question.Status.ASSIGNED and question.answer == ""


def test_empty_answer_and_empty_escalation_note_are_refused(ask, department, unit):
    question = services.question_assign(question=ask(), user=department)
    with pytest.raises(ValidationError, match="không được để trống"):
        services.question_answer(question=question, user=department, answer="   ")
    with pytest.raises(ValidationError, match="Ghi lý do"):
        services.question_escalate(question=question, user=department, unit=unit, note="")


def test_publish_and_unpublish(answered, ministry):
    question = services.question_publish(
        question=answered(), user=ministry, public_question="Hỏi?", public_answer="Đáp."
    )
    assert question.is_published and question.search_key.strip()
    with pytest.raises(ValidationError, match="đã được công khai"):
        services.question_publish(
            question=question, user=ministry, public_question="Hỏi?", public_answer="Đáp."
        )
    question = services.question_unpublish(question=question, user=ministry)
    assert not question.is_published and question.search_key == ""
    with pytest.raises(ValidationError, match="chưa được công khai"):
        services.question_unpublish(question=question, user=ministry)


def test_an_open_question_cannot_be_published_or_promoted(ask, ministry):
    question = ask()
    with pytest.raises(ValidationError, match="Không thể công khai"):
        services.question_publish(
            question=question, user=ministry, public_question="Hỏi?", public_answer="Đáp."
        )
    with pytest.raises(ValidationError, match="Không thể đưa vào cẩm nang"):
        services.question_promote(question=question, user=ministry)


def test_promote_creates_a_draft_citing_the_question(answered, ministry, telecom_procedure):
    question = answered()
    current = telecom_procedure.guidance.current_revision()
    revision = services.question_promote(question=question, user=ministry, section="common_errors")
    assert revision.status == Revision.Status.DRAFT  # it goes through review, never published here
    assert f"câu hỏi số {question.pk}" in revision.change_note
    assert question.title in revision.change_note
    assert question.answer in revision.common_errors
    assert current.common_errors.strip() in revision.common_errors  # nothing of the live text lost
    assert revision.receiving_deciding == current.receiving_deciding
    assert telecom_procedure.guidance.current_revision() == current
    question.refresh_from_db()
    assert question.promoted_revision == revision
    with pytest.raises(ValidationError, match="đã được đưa vào"):
        services.question_promote(question=question, user=ministry)


def test_promote_starts_from_the_national_guidance_not_a_province_note(
    answered, ministry, telecom_procedure
):
    current = telecom_procedure.guidance.current_revision()
    note = revision_create_draft(
        guidance=telecom_procedure.guidance,
        author=None,
        province=Province.objects.get(slug="ha-noi"),
        sections={"receiving_deciding": "Hà Nội nhận hồ sơ tại quầy số năm."},
        change_note="Ghi chú Hà Nội",
    )
    revision_publish(revision=revision_submit(revision=note, user=None), user=None)
    revision = services.question_promote(question=answered(), user=ministry)
    assert revision.province is None
    assert revision.receiving_deciding == current.receiving_deciding


def test_a_general_question_cannot_be_promoted(answered, ministry):
    question = answered(procedure=None)
    with pytest.raises(ValidationError, match="Câu hỏi chung"):
        services.question_promote(question=question, user=ministry)


def test_queue_only_escalated_questions_for_an_upcoming_session(
    ask, department, ministry, unit, day
):
    upcoming = OnlineSession.objects.get(title__startswith="Chuyên đề viễn thông")
    past = OnlineSession.objects.get(title__startswith="Giải đáp vướng mắc hằng tháng")
    question = ask()
    with pytest.raises(ValidationError, match="Không thể xếp vào buổi giải đáp"):
        services.question_queue(question=question, user=ministry, session=upcoming)
    question = services.question_escalate(question=question, user=department, unit=unit, note="x")
    with pytest.raises(ValidationError, match="đã kết thúc"):
        services.question_queue(question=question, user=ministry, session=past)
    question = services.question_queue(question=question, user=ministry, session=upcoming)
    assert question.session == upcoming
    assert services.question_queue(question=question, user=ministry, session=None).session is None


def test_promoted_text_and_the_email_are_vietnamese_whatever_the_interface(
    answered, ask, department, ministry, django_capture_on_commit_callbacks
):
    from django.utils import translation

    with translation.override("en"):
        revision = services.question_promote(question=answered(), user=ministry)
        question = services.question_assign(question=ask(), user=department)
        with django_capture_on_commit_callbacks(execute=True):
            services.question_answer(question=question, user=department, answer="Nộp tại Hà Nội.")
    assert "**Hỏi (câu hỏi số" in revision.notes and "**Đáp:**" in revision.notes
    assert revision.change_note.startswith("Bổ sung từ câu hỏi số")
    assert mail.outbox[-1].subject.startswith("Câu hỏi của bạn đã được trả lời")
