"""'Trang này có hữu ích không?': anonymous, stored, counted on the ministry's dashboard,
limited per address; bad answers are a 400 (issue 14)."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client

from handbook.models import PageFeedback
from handbook.selectors import page_feedback_counts

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(make_procedure):
    return make_procedure(code="9.000777")


def answer(client, procedure, value):
    return client.post(f"{procedure.get_absolute_url()}phan-hoi/", {"huu-ich": value})


def test_the_procedure_page_asks_without_a_session_or_a_cookie(client, page):
    response = client.get(page.get_absolute_url())
    html = response.content.decode()
    assert "Trang này có hữu ích không?" in html
    assert f'action="{page.get_absolute_url()}phan-hoi/"' in html
    assert 'name="huu-ich" value="co"' in html and 'name="huu-ich" value="khong"' in html
    assert "csrftoken" not in response.cookies and "sessionid" not in response.cookies


def test_an_answer_is_kept_anonymously_and_thanked(page):
    client = Client(enforce_csrf_checks=True)  # no token: the form works for any reader
    response = answer(client, page, "khong")
    assert response.status_code == 200
    assert "Cảm ơn bạn đã trả lời" in response.content.decode()
    answer(client, page, "co")
    answer(client, page, "khong")
    kept = PageFeedback.objects.filter(procedure=page)
    assert sorted(kept.values_list("helpful", flat=True)) == [False, False, True]


@pytest.mark.parametrize("value", ["", "yes", "có", "1", "x" * 500])
def test_anything_but_co_or_khong_is_a_400_and_nothing_is_kept(client, page, value):
    response = answer(client, page, value)
    assert response.status_code == 400
    assert "“huu-ich” phải là “co” hoặc “khong”" in response.content.decode()
    assert not PageFeedback.objects.exists()


def test_get_is_refused_and_an_unknown_page_is_a_404(client, page):
    assert client.get(f"{page.get_absolute_url()}phan-hoi/").status_code == 405
    assert client.post("/thu-tuc/khong-co/phan-hoi/", {"huu-ich": "co"}).status_code == 404


def test_the_ministry_dashboard_counts_and_lists_the_least_useful_pages(
    client, make_procedure, page
):
    other = make_procedure(code="9.000778")
    for value in ("khong", "khong", "co"):
        answer(client, page, value)
    answer(client, other, "co")
    counts = page_feedback_counts()
    assert counts["totals"] == {"yes": 2, "no": 2}
    assert [(r["procedure__code"], r["no"], r["yes"]) for r in counts["worst"]] == [
        ("9.000777", 2, 1)
    ]  # a page nobody found unhelpful is not listed
    client.force_login(get_user_model().objects.get(username="canbo.bo"))  # demo account
    html = client.get("/cau-hoi/thong-ke/").content.decode()
    assert "Người đọc trả lời “có” 2 lần, “không” 2 lần." in html
    assert f'href="{page.get_absolute_url()}"' in html


def test_answers_are_limited_per_address(settings, page):
    settings.RATELIMIT_ENABLE = True
    settings.CAMNANG_RATE_LIMITS = {**settings.CAMNANG_RATE_LIMITS, "feedback": "2/h"}
    cache.clear()
    reader = Client(REMOTE_ADDR="198.51.100.7")
    assert [answer(reader, page, "co").status_code for _ in range(3)] == [200, 200, 429]
    assert PageFeedback.objects.count() == 2
    cache.clear()


def test_the_commune_level_page_says_what_a_commune_mostly_does(client):
    html = client.get("/cap/ubnd-xa/").content.decode()
    assert "Cấp xã thường làm gì với thủ tục của Bộ KH&CN" in html
    assert "Trung tâm Phục vụ hành chính công của tỉnh" in html
    assert "Cấp xã thường làm gì" not in client.get("/cap/so/").content.decode()
