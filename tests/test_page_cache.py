"""The page cache (portal/page_cache.py): served whole, never stale, never someone else's.

Each test turns the cache on over the test run's in-memory cache, emptied first. A change is
made inside ``committed()``: the content version is replaced when the transaction commits, and
a test's transaction never does.
"""

import pytest
from django.core.cache import cache
from django.db import transaction

from handbook.models import Revision
from portal import page_cache
from procedures.models import Procedure


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.CAMNANG_PAGE_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def procedure():
    return Procedure.objects.get(code="1.013899")


def test_a_second_visit_is_served_from_the_cache(client, procedure, django_assert_num_queries):
    first = client.get(procedure.get_absolute_url())
    assert first["X-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get(procedure.get_absolute_url())
    assert second["X-Cache"] == "hit"
    assert second.content == first.content
    # Each answer still carries its own security headers.
    assert "Content-Security-Policy" in second and second["X-Content-Type-Options"] == "nosniff"


def test_a_revisit_with_the_etag_is_a_304_without_the_database(
    client, procedure, django_assert_num_queries
):
    etag = client.get(procedure.get_absolute_url())["ETag"]
    with django_assert_num_queries(0):
        again = client.get(procedure.get_absolute_url(), headers={"if-none-match": etag})
    assert again.status_code == 304 and again.content == b""


def test_a_change_to_published_content_is_seen_on_the_next_request(client, procedure, committed):
    url = procedure.get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Cache"] == "hit"
    with committed():
        procedure.name = "Cấp giấy phép viễn thông (tên vừa sửa)"
        procedure.save()
    fresh = client.get(url)
    assert fresh["X-Cache"] == "miss"
    assert "tên vừa sửa" in fresh.content.decode()
    # The API answer too: every cached page of the old version is out of date.
    api = f"/api/procedures/{procedure.code}"
    client.get(api)
    with committed():
        Revision.objects.filter(status=Revision.Status.PUBLISHED).first().save()
    assert client.get(api)["X-Cache"] == "miss"


def test_a_rolled_back_change_leaves_the_cache_as_it_was(client, procedure):
    url = procedure.get_absolute_url()
    client.get(url)
    version = page_cache.content_version()
    with transaction.atomic():
        procedure.save()
        transaction.set_rollback(True)
    assert page_cache.content_version() == version
    assert client.get(url)["X-Cache"] == "hit"


def test_a_transaction_replaces_the_version_once_however_many_rows_it_writes(
    procedure, committed, monkeypatch
):
    bumps = []
    monkeypatch.setattr(page_cache, "bump_content_version", lambda: bumps.append(1))
    with committed(), transaction.atomic():
        for code in ("1.013899", "1.013900", "1.013902"):
            Procedure.objects.get(code=code).save()
    assert bumps == [1]
    # The next transaction gets its own.
    with committed(), transaction.atomic():
        procedure.save()
    assert bumps == [1, 1]


def test_language_and_province_each_get_their_own_copy(client, procedure, settings):
    url = procedure.get_absolute_url()
    vietnamese = client.get(url)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(url)
    assert english["X-Cache"] == "miss" and english.content != vietnamese.content
    assert english["Content-Language"] == "en"
    client.cookies[settings.CAMNANG_PROVINCE_COOKIE] = "ha-noi"
    assert client.get(url)["X-Cache"] == "miss"


def test_the_day_is_part_of_the_key(client, procedure, on_day):
    url = procedure.get_absolute_url()
    client.get(url)
    on_day("2026-11-28")
    assert client.get(url)["X-Cache"] == "miss"


def test_signed_in_officials_and_writes_are_never_cached(client, procedure, django_user_model):
    url = procedure.get_absolute_url()
    client.force_login(django_user_model.objects.get(username="canbo.so.hanoi"))
    client.get(url)
    assert "X-Cache" not in client.get(url)
    client.logout()
    client.cookies.pop("sessionid", None)
    response = client.post(url + "phan-hoi/", {"huu-ich": "co"})
    assert "X-Cache" not in response


def test_answers_that_are_not_plain_shared_pages_are_not_kept(client):
    # A 404 and a 400 are made anew each time.
    assert "X-Cache" not in client.get("/thu-tuc/khong-co-thu-tuc-nay/")
    assert "X-Cache" not in client.get("/tim-kiem/?trang=abc&q=x")
    # The admin and the sign-in page (a CSRF token, per reader) are outside the cache.
    assert "X-Cache" not in client.get("/dang-nhap/")
    # Static files are WhiteNoise's, never looked up in the cache.
    assert "X-Cache" not in client.get("/static/css/site.css")


def test_a_page_holding_a_csrf_token_or_a_csp_nonce_is_not_shared(rf):
    from django.http import HttpResponse

    request = rf.get("/")
    response = HttpResponse("<p>page</p>", content_type="text/html")
    assert page_cache._cacheable_response(request, response)
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    assert not page_cache._cacheable_response(request, response)
    request = rf.get("/")
    request._csp_nonce = "abc"
    assert not page_cache._cacheable_response(request, response)


def test_a_cache_outage_serves_the_page_uncached(client, procedure, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(cache, "get_many", down)
    response = client.get(procedure.get_absolute_url())
    assert response.status_code == 200 and "X-Cache" not in response


def test_with_the_cache_off_nothing_is_kept(client, procedure, settings):
    settings.CAMNANG_PAGE_CACHE_SECONDS = 0
    client.get(procedure.get_absolute_url())
    assert "X-Cache" not in client.get(procedure.get_absolute_url())
