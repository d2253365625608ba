"""The procedure API carries the public questions and answers of the procedure."""

from questions.models import Question


def test_the_procedure_api_lists_published_answers_under_faq(client):
    published = (
        Question.objects.published()
        .filter(procedure__code__isnull=False)
        .select_related("procedure")
    ).first()
    assert published is not None, "the demo data publishes answers about coded procedures"
    data = client.get(f"/api/procedures/{published.procedure.code}").json()
    assert [item["question"] for item in data["faq"]].count(published.public_question) == 1
    item = next(i for i in data["faq"] if i["question"] == published.public_question)
    assert item["answer"] == published.public_answer
    assert item["url"].startswith("http://testserver/hoi-dap/")


def test_unpublished_questions_stay_out_of_the_api(client):
    private = (
        Question.objects.exclude(pk__in=Question.objects.published())
        .filter(procedure__code__isnull=False)
        .first()
    )
    assert private is not None
    faq = client.get(f"/api/procedures/{private.procedure.code}").json()["faq"]
    shown = " ".join(item["question"] + item["answer"] for item in faq)
    assert private.body not in shown and private.title not in shown


def test_errors_have_no_faq(client):
    response = client.get("/api/procedures/9.999999")
    assert response.status_code == 404
    assert "faq" not in response.json() and "error" in response.json()


def test_each_suggestion_says_who_handles_it_when_a_source_confirms_it(client):
    words = "cap giay phep cung cap dich vu vien thong khong co ha tang mang loai hinh dich vu"
    body = client.get(f"/api/suggest?q={words}+vien+thong+co+dinh+mat+dat").json()
    by_code = {s["code"]: s["handler"] for s in body["suggestions"]}
    assert by_code["1.013899"] == {
        "level": {"slug": "ubnd-tinh", "name": "Ủy ban nhân dân cấp tỉnh"},
        "confirmed": True,
    }
    # An older record no source confirms for today: no level, and said so.
    words = "cap gia han sua doi bo sung noi dung giay phep su dung tan so va thiet bi vo tuyen"
    older = client.get(f"/api/suggest?q={words}+dien+doi+voi+dai+vo+tuyen+dien+nghiep+du")
    older = older.json()["suggestions"]
    unconfirmed = [s["handler"] for s in older if s["code"] == "1.003849"]
    assert unconfirmed == [{"level": None, "confirmed": False}]
