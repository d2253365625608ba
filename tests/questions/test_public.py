"""Published questions and answers: the FAQ for the API, the pages, the search."""

from django.urls import reverse

from procedures.models import Procedure
from questions import services
from questions.models import Question
from questions.selectors import public_faq, similar_questions


def publish(question, ministry, **texts):
    return services.question_publish(
        question=question,
        user=ministry,
        public_question=texts.get("public_question", "Doanh nghiệp nộp hồ sơ ở tỉnh nào?"),
        public_answer=texts.get("public_answer", "Tỉnh nơi doanh nghiệp đặt trụ sở chính."),
    )


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


def test_faq_pages(client, answered, ministry):
    question = publish(answered(), ministry, public_question="Câu hỏi công khai đặc biệt?")
    html = client.get(reverse("questions:faq")).content.decode()
    assert "Câu hỏi công khai đặc biệt?" in html
    html = client.get(question.get_public_url()).content.decode()
    assert "Câu hỏi công khai đặc biệt?" in html
    assert question.asker.full_name not in html  # did not agree to be named
    assert "Cán bộ tại Hà Nội" in html


def test_faq_search_without_diacritics_ranks_the_best_first(client):
    response = client.get(reverse("questions:faq"), {"q": "giay phep buu chinh lien tinh"})
    first = response.context["page"].object_list[0]
    assert "bưu chính" in first.public_question


def test_unpublished_question_has_no_public_page(client, answered):
    assert client.get(answered().get_public_url()).status_code == 404


def test_procedure_page_shows_its_faq_and_an_ask_link(client, telecom_procedure):
    html = client.get(telecom_procedure.get_absolute_url()).content.decode()
    assert "Hỏi đáp về thủ tục này" in html
    assert "Doanh nghiệp có trụ sở chính ở Hà Nội thì xin giấy phép viễn thông" in html
    assert f"/cau-hoi/dat-cau-hoi/?thu_tuc={telecom_procedure.slug}" in html
    # The demo asker agreed to be named on this one.
    assert "Hoàng Văn Nẵng" in html


def test_procedure_page_links_the_sessions_that_covered_it(client, telecom_procedure):
    html = client.get(telecom_procedure.get_absolute_url()).content.decode()
    assert "Buổi giải đáp trực tuyến về thủ tục này" in html
    assert "Chuyên đề viễn thông" in html  # upcoming
    assert "Giải đáp vướng mắc hằng tháng" in html  # held, minutes published
