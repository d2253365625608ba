"""The online sessions' public pages and materials, and the query count of the public question
pages as data grows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from questions.models import OnlineSession, Question, SessionMaterial
from tests.questions.conftest import grow


def queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url", ["/hoi-dap/", "/hoi-dap/?q=giay+phep+vien+thong", "/giai-dap-truc-tuyen/"]
)
def test_list_pages_keep_their_query_count(client, lai_chau, ministry, unit, url):
    before = queries(client, url)
    grow(lai_chau, ministry, unit)
    assert queries(client, url) == before


def test_detail_pages_keep_their_query_count(client, lai_chau, ministry, unit):
    client.force_login(ministry)
    session = OnlineSession.objects.get(title__startswith="Chuyên đề viễn thông")
    published = Question.objects.published().first()
    urls = [session.get_absolute_url(), published.get_public_url()]
    before = [queries(client, url) for url in urls]
    grow(lai_chau, ministry, unit)
    assert [queries(client, url) for url in urls] == before


def test_session_pages_list_upcoming_and_past_with_what_was_answered(client, users):
    html = client.get(reverse("portal:sessions")).content.decode()
    assert "Sắp diễn ra" in html and "Chuyên đề viễn thông" in html
    assert "1 câu hỏi đã trả lời" in html  # the demo monthly session answered the postal one
    past = OnlineSession.objects.get(title__startswith="Giải đáp vướng mắc hằng tháng")
    html = client.get(past.get_absolute_url()).content.decode()
    assert "Biên bản, kết luận" in html and "Nghị định 133/2025/NĐ-CP (toàn văn)" in html
    assert "Giấy phép bưu chính liên tỉnh" in html  # the published answer given at the session
    assert past.meeting_url not in html  # only for signed-in officials
    client.force_login(users["canbo.xa.nghean"])
    assert past.meeting_url in client.get(past.get_absolute_url()).content.decode()


def test_minutes_are_not_shown_before_the_outcome_is_published(client):
    upcoming = OnlineSession.objects.get(title__startswith="Chuyên đề viễn thông")
    upcoming.minutes = "Biên bản nháp chưa công bố"
    upcoming.save()
    html = client.get(upcoming.get_absolute_url()).content.decode()
    assert "Biên bản nháp chưa công bố" not in html


def test_material_files_are_served_only_after_the_outcome(client, upload):
    past = OnlineSession.objects.get(title__startswith="Giải đáp vướng mắc hằng tháng")
    upcoming = OnlineSession.objects.get(title__startswith="Chuyên đề viễn thông")
    for session in (past, upcoming):
        material = SessionMaterial(
            session=session, title="Slide", kind="slides", file_type="application/pdf"
        )
        material.file.save("x", upload("tiny.pdf"), save=True)
        expected = 200 if session == past else 404
        assert client.get(reverse("portal:material", args=[material.pk])).status_code == expected
