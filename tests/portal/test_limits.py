"""Costly requests: per-address limits answered 429 with Retry-After, request bodies capped,
API errors in JSON (404, 429, 500, and 503 when the database is down)."""

from unittest import mock

import pytest
from django.core.cache import cache
from django.db import OperationalError
from django.test import Client

from portal.views import api


@pytest.fixture
def limits(settings):
    """The limits on, small, with a fresh count."""
    settings.RATELIMIT_ENABLE = True
    settings.CAMNANG_RATE_LIMITS = {
        "search": "3/m",
        "suggest": "3/m",
        "api": "3/m",
        "pdf": "2/h",  # an hour: no window boundary falls between the requests
        "questions": "2/h",
    }
    cache.clear()
    yield settings.CAMNANG_RATE_LIMITS
    cache.clear()


def reader(address="198.51.100.1"):
    return Client(REMOTE_ADDR=address)


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("/api/search?q=giay+phep", 3),
        ("/tim-kiem/?q=giay+phep", 3),
        ("/api/suggest?q=giay", 3),
        ("/api/procedures/1.014666", 3),
        ("/api/procedures?per_page=5", 3),
    ],
)
def test_over_the_limit_is_a_429_with_retry_after(limits, url, allowed):
    client = reader()
    for _ in range(allowed):
        assert client.get(url).status_code == 200
    response = client.get(url)
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert "thử lại sau" in response.content.decode()
    if url.startswith("/api/"):
        assert "thử lại sau" in response.json()["error"]
    # Another address is not limited by this one's requests.
    assert reader("198.51.100.2").get(url).status_code == 200


def test_search_and_the_api_count_together(limits):
    client = reader()
    for _ in range(3):
        client.get("/tim-kiem/?q=giay+phep")
    assert client.get("/api/search?q=giay+phep").status_code == 429


@pytest.mark.parametrize(
    "url",
    [
        "/cap/ubnd-tinh/cam-nang.pdf",
        "/thu-tuc/cap-giay-phep-buu-chinh-pham-vi-noi-tinh-1-003659/cam-nang.pdf",
    ],
)
def test_pdfs_are_limited(limits, url):
    client = reader()
    statuses = [client.get(url).status_code for _ in range(3)]
    assert statuses[-1] == 429 and 429 not in statuses[:2]


def test_behind_the_proxy_each_client_counts_alone(limits, settings):
    settings.CAMNANG_TRUSTED_PROXIES = 1
    first = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.1")
    second = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.2")
    for _ in range(3):
        first.get("/api/suggest?q=giay")
    assert first.get("/api/suggest?q=giay").status_code == 429
    assert second.get("/api/suggest?q=giay").status_code == 200


def test_the_pages_that_cost_nothing_are_not_limited(limits):
    client = reader()
    assert all(client.get("/").status_code == 200 for _ in range(10))


def test_an_anonymous_large_body_is_refused_before_it_is_read(client, settings):
    big = settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1
    response = client.generic(
        "POST",
        "/chon-tinh/",
        b"tinh=ha-noi",
        content_type="application/x-www-form-urlencoded",
        CONTENT_LENGTH=str(big),
    )
    assert response.status_code == 413


def test_a_large_form_field_is_a_400(client, settings):
    response = client.post(
        "/chon-tinh/", {"tinh": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)}
    )
    assert response.status_code in {400, 413}


def test_a_bad_content_length_is_a_400(client):
    assert client.generic("POST", "/chon-tinh/", b"", CONTENT_LENGTH="abc").status_code == 400


def test_api_404_is_json(client):
    for url in ("/api/khong-co", "/api/procedures/9.999999"):
        response = client.get(url)
        assert response.status_code == 404
        assert response["Content-Type"].startswith("application/json")
        assert response.json()["error"]


def test_api_500_is_json(client):
    client.raise_request_exception = False
    with mock.patch.object(api, "search_procedures", side_effect=RuntimeError("bug")):
        response = client.get("/api/search", {"q": "giay phep"})
    assert response.status_code == 500
    assert response.json() == {"error": "Lỗi máy chủ; hãy thử lại sau."}


def test_database_down_is_a_503_json_under_the_api(client):
    down = OperationalError('connection to server at "127.0.0.1", port 5432 failed')
    with mock.patch.object(api, "search_procedures", side_effect=down):
        response = client.get("/api/search", {"q": "giay phep"})
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert "Cơ sở dữ liệu" in response.json()["error"]


def test_database_down_is_a_503_page_for_readers(client):
    down = OperationalError("could not connect to server")
    with mock.patch("portal.views.home.render", side_effect=down):
        response = client.get("/")
    assert response.status_code == 503 and response["Retry-After"] == "30"
