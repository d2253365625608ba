"""The public questions and answers: the FAQ pages and the procedure page's questions."""

from django.urls import reverse

from tests.questions.conftest import publish


def test_faq_pages(client, answered, ministry):
    question = publish(answered(), ministry, public_question="Câu hỏi công khai đặc biệt?")
    html = client.get(reverse("portal:faq")).content.decode()
    assert "Câu hỏi công khai đặc biệt?" in html
    html = client.get(question.get_public_url()).content.decode()
    assert "Câu hỏi công khai đặc biệt?" in html
    assert question.asker.full_name not in html  # did not agree to be named
    assert "Cán bộ tại Hà Nội" in html


def test_faq_search_without_diacritics_ranks_the_best_first(client):
    response = client.get(reverse("portal:faq"), {"q": "giay phep buu chinh lien tinh"})
    first = response.context["page"].object_list[0]
    assert "bưu chính" in first.public_question


def test_unpublished_question_has_no_public_page(client, answered):
    assert client.get(answered().get_public_url()).status_code == 404


def test_procedure_page_shows_its_faq_and_an_ask_link(client, telecom_procedure):
    html = client.get(telecom_procedure.get_absolute_url()).content.decode()
    assert "Hỏi đáp về thủ tục này" in html
    assert "Doanh nghiệp có trụ sở chính ở Hà Nội thì xin giấy phép viễn thông" in html
    assert f"/cau-hoi/dat-cau-hoi/?thutuc={telecom_procedure.slug}" in html
    # The demo asker agreed to be named on this one.
    assert "Cán bộ xã Đà Nẵng (tài khoản minh họa)" in html


def test_procedure_page_links_the_sessions_that_covered_it(client, telecom_procedure):
    html = client.get(telecom_procedure.get_absolute_url()).content.decode()
    assert "Buổi giải đáp trực tuyến về thủ tục này" in html
    assert "Chuyên đề viễn thông" in html  # upcoming
    assert "Giải đáp vướng mắc hằng tháng" in html  # held, minutes published


def test_the_faq_filters_by_field_slug_and_an_old_bookmark_by_id_gives_the_same_page(
    client, answered, ministry, telecom_procedure
):
    publish(answered(), ministry, public_question="Câu hỏi công khai về viễn thông?")
    field = telecom_procedure.field
    html = client.get(reverse("portal:faq")).content.decode()
    assert 'name="linhvuc"' in html and f'<option value="{field.slug}">' in html
    new = client.get(reverse("portal:faq"), {"linhvuc": field.slug})
    old = client.get(reverse("portal:faq"), {"field": str(field.pk)})
    assert new.status_code == old.status_code == 200
    shown = [q.pk for q in new.context["page"].object_list]
    assert shown and shown == [q.pk for q in old.context["page"].object_list]
    assert all(q.field_id == field.pk for q in new.context["page"].object_list)


def test_the_faq_is_paginated_with_trang(client, monkeypatch):
    monkeypatch.setattr("portal.views.faq.PAGE_SIZE", 1)
    html = client.get(reverse("portal:faq")).content.decode()
    assert "?trang=2" in html and "page=" not in html
    new = client.get(reverse("portal:faq"), {"trang": "2"}).context["page"]
    old = client.get(reverse("portal:faq"), {"page": "2"}).context["page"]
    assert new.number == old.number == 2
    assert list(new.object_list) == list(old.object_list)
