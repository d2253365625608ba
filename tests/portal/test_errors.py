"""404 and 500 pages in Vietnamese, with debug off."""

import pytest
from django.test import Client, override_settings
from django.urls import path

from config.urls import urlpatterns as site_urls


def broken(request):
    raise RuntimeError("a bug")


urlpatterns = [*site_urls, path("loi/", broken)]


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["testserver"]


def test_404_is_a_helpful_vietnamese_page(production, client):
    response = client.get("/thu-tuc/khong-co/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Không tìm thấy trang này" in html
    assert 'action="/tim-kiem/"' in html and 'href="/"' in html
    assert 'lang="vi"' in html


@override_settings(ROOT_URLCONF=__name__)
def test_500_is_a_calm_vietnamese_page(production):
    client = Client(raise_request_exception=False)
    response = client.get("/loi/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "Hệ thống đang gặp sự cố" in html and "không phải do bạn" in html
    assert "RuntimeError" not in html and "Traceback" not in html


def test_404_in_english(production, client):
    client.cookies["django_language"] = "en"
    response = client.get("/thu-tuc/khong-co/")
    assert "This page was not found" in response.content.decode()
