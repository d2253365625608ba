"""The admin for each role: the "Việc cần làm" panel, department staff reaching the questions."""

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from handbook.models import Revision
from handbook.services import (
    guidance_get_or_create,
    revision_create_draft,
    revision_send_back,
    revision_submit,
)
from questions import services as question_services
from questions.models import Question

INDEX = "/quan-tri/"
QUESTIONS = "/quan-tri/questions/question/"


def login(client, username):
    client.force_login(get_user_model().objects.get(username=username))
    return client


def panel(html: str) -> str:
    start = html.index('<section class="module camnang-tasks"')
    return html[start : html.index("</section>", start)]


def test_department_staff_open_the_questions_of_their_province_in_the_admin(client, ask):
    mine = ask()
    Question.objects.create(  # another province's question, written directly
        asker=get_user_model().objects.get(username="canbo.xa.danang"),
        province_id=get_user_model().objects.get(username="canbo.xa.danang").province_id,
        title="Câu hỏi của Đà Nẵng về giấy phép",
        body="Một câu hỏi của tỉnh khác, không hiện cho Sở Hà Nội.",
        created_at=timezone.now(),
    )
    response = login(client, "canbo.so.hanoi").get(QUESTIONS)
    html = response.content.decode()
    assert response.status_code == 200
    assert mine.title in html and "Câu hỏi của Đà Nẵng" not in html
    assert f'href="{mine.get_absolute_url()}"' in html  # handled on its questions page
    assert client.get(f"{QUESTIONS}{mine.pk}/change/").status_code == 200
    # And the index lists the questions among the models they may open.
    assert QUESTIONS in client.get(INDEX).content.decode()


def test_another_provinces_question_is_not_reachable_from_the_admin(client, ask):
    question = ask()
    response = login(client, "canbo.so.danang").get(f"{QUESTIONS}{question.pk}/change/")
    assert response.status_code in (302, 403, 404)  # never the question
    assert question.body not in response.content.decode()


def test_department_panel_counts_questions_to_answer_and_links_to_them(client, ask, on_day):
    on_day("2026-11-02")
    ask(title="Một câu hỏi cũ về giấy phép viễn thông")
    on_day("2026-11-27")
    ask()
    html = panel(login(client, "canbo.so.hanoi").get(INDEX).content.decode())
    assert "Việc cần làm" in html
    assert 'href="/cau-hoi/?trangthai=new"' in html
    assert "Câu hỏi mới, chưa ai nhận: <strong>2</strong>" in html
    assert "1 câu hỏi quá hạn" in html
    assert 'href="/cau-hoi/"' in html  # the questions pages, where answering happens


def submitted_draft(author, procedure) -> Revision:
    draft = revision_create_draft(
        guidance=guidance_get_or_create(procedure=procedure),
        author=author,
        sections={"channels": "Nộp hồ sơ tại Sở."},
        change_note="Bổ sung cách nộp hồ sơ",
    )
    return revision_submit(revision=draft, user=author)


def test_department_panel_counts_drafts_sent_back(client, users, telecom_procedure):
    draft = submitted_draft(users["canbo.so.hanoi"], telecom_procedure)
    revision_send_back(revision=draft, user=users["bientap.bo"], comment="Thiếu căn cứ.")
    html = panel(login(client, "canbo.so.hanoi").get(INDEX).content.decode())
    assert "Bản nháp bị trả lại, cần sửa: <strong>1</strong>" in html
    assert 'href="/quan-tri/handbook/revision/?tra_lai=1"' in html
    listed = client.get("/quan-tri/handbook/revision/?tra_lai=1").content.decode()
    assert f"/quan-tri/handbook/revision/{draft.pk}/change/" in listed


def test_reviewer_panel_counts_reviews_waiting(client, users, telecom_procedure):
    draft = submitted_draft(users["canbo.so.hanoi"], telecom_procedure)
    assert draft.status == Revision.Status.IN_REVIEW
    waiting = Revision.objects.review_queue().count()
    html = panel(login(client, "bientap.bo").get(INDEX).content.decode())
    assert f"Bản hướng dẫn chờ duyệt: <strong>{waiting}</strong>" in html
    assert 'href="/quan-tri/handbook/revisioninreview/"' in html
    assert "Câu hỏi" not in html  # an editor handles no questions


def test_ministry_panel_counts_escalated_questions(client, ask, department, unit):
    question_services.question_escalate(question=ask(), user=department, unit=unit, note="Vướng.")
    escalated = Question.objects.filter(status=Question.Status.ESCALATED).count()
    html = panel(login(client, "canbo.bo").get(INDEX).content.decode())
    assert f"Câu hỏi chuyển lên Bộ, chờ Bộ trả lời: <strong>{escalated}</strong>" in html
    assert 'href="/cau-hoi/?trangthai=escalated"' in html


@pytest.mark.parametrize("username", ["canbo.so.hanoi", "canbo.bo"])
def test_from_the_panel_to_an_answer(client, ask, username, department, unit):
    """Việc cần làm -> the filtered list -> the question -> answered, in one go."""
    question = ask()
    if username == "canbo.bo":
        question = question_services.question_escalate(
            question=question, user=department, unit=unit, note="Vướng."
        )
    login(client, username)
    link = next(t for t in client.get(INDEX).context["tasks"] if t.count).url
    assert question.title in client.get(link).content.decode()
    response = client.post(f"/cau-hoi/{question.pk}/answer/", {"answer": "Nộp tại Hà Nội."})
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == Question.Status.ANSWERED
    assert question.answered_by.username == username
