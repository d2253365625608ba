"""Published questions and answers: the FAQ for the API and the similar questions (their pages:
tests/portal/faq)."""

from procedures.models import Procedure
from questions.models import Question
from questions.selectors import public_faq, similar_questions
from tests.questions.conftest import publish


def test_public_faq_hides_the_asker_unless_they_agreed(answered, ministry, telecom_procedure):
    hidden = publish(answered(), ministry)
    shown = publish(answered(show_identity=True), ministry, public_question="Hỏi có tên?")
    items = {item["question"]: item for item in public_faq(telecom_procedure)}
    anonymous, named = items[hidden.public_question], items[shown.public_question]
    assert "asker_name" not in anonymous and "asker_unit" not in anonymous
    assert named["asker_name"] == shown.asker.full_name
    assert named["asker_unit"] == shown.asker_unit
    assert anonymous["answer"] == hidden.public_answer
    assert anonymous["url"] == f"/hoi-dap/{hidden.pk}/"
    assert anonymous["province"] == "Hà Nội"
    assert anonymous["answered_at"].startswith(str(hidden.answered_at.year))
    assert shown.asker.full_name not in str(anonymous)


def test_public_faq_lists_only_published_answers_of_that_procedure(
    answered, ministry, telecom_procedure
):
    unpublished = answered()
    other = publish(
        answered(procedure=Procedure.objects.get(code="1.013900")),
        ministry,
        public_question="Câu hỏi về giấy phép có hạ tầng mạng?",
    )
    questions = {item["question"] for item in public_faq(telecom_procedure)}
    assert unpublished.title not in questions
    assert other.public_question not in questions
    urls = {item["url"] for item in public_faq(telecom_procedure)}
    assert unpublished.get_public_url() not in urls
    assert other.get_public_url() not in urls
    demo = Question.objects.published().filter(procedure=telecom_procedure)
    assert {q.public_question for q in demo} <= questions


def test_similar_questions_without_diacritics(telecom_procedure):
    found = similar_questions("doanh nghiep tru so chinh o tinh khac xin giay phep vien thong")
    assert found
    assert "trụ sở chính" in found[0].public_question
    assert all(q.is_published for q in found)


def test_similar_questions_prefer_the_same_procedure(answered, ministry, telecom_procedure):
    mine = publish(
        answered(),
        ministry,
        public_question="Hồ sơ giấy phép nộp ở đâu?",
        public_answer="Tại tỉnh.",
    )
    found = similar_questions("ho so giay phep", procedure=telecom_procedure)
    assert found[0] == mine


def test_similar_questions_ignore_unpublished_and_unrelated(answered):
    question = answered(title="Câu hỏi chưa công khai về tần số nghiệp dư")
    assert question not in similar_questions("tan so nghiep du chua cong khai")
    # Even asked about its own procedure (which would rank it first if it were published).
    same = similar_questions("tan so nghiep du chua cong khai", procedure=question.procedure)
    assert question not in same
    assert similar_questions("xin chao ban") == []
    assert similar_questions("") == []
