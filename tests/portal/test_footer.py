"""Every reader page: a sign-in link in the header, contact and the accessibility statement in
the footer (issue 14)."""

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings

pytestmark = pytest.mark.django_db


def test_the_header_offers_sign_in_back_to_the_same_page(client):
    html = client.get("/tim-kiem/?q=vien+thong").content.decode()
    assert 'href="/dang-nhap/?next=/tim-kiem/%3Fq%3Dvien%2Bthong">Đăng nhập</a>' in html
    assert "Đăng xuất" not in html


def test_a_signed_in_official_signs_out_from_the_header(client):
    user = get_user_model().objects.create_user("canbo", password="mat-khau-dai-1")
    client.force_login(user)
    html = client.get("/").content.decode()
    assert 'action="/dang-xuat/"' in html and "Đăng xuất" in html
    assert ">Đăng nhập</a>" not in html
    client.post("/dang-xuat/")
    assert "_auth_user_id" not in client.session


def test_the_footer_links_contact_and_accessibility_without_inventing_an_address(client):
    html = client.get("/").content.decode()
    assert 'href="/tiep-can/"' in html
    assert 'href="/hoi-dap/"' in html
    assert "mailto:" not in html  # no address configured: none is made up


@override_settings(CAMNANG_CONTACT_EMAIL="camnang@bo.example")
def test_a_configured_contact_address_is_shown_in_the_footer_and_the_statement(client):
    assert 'href="mailto:camnang@bo.example"' in client.get("/").content.decode()
    statement = client.get("/tiep-can/").content.decode()
    assert statement.count('href="mailto:camnang@bo.example"') == 2  # footer and statement


def test_the_accessibility_statement_says_how_it_is_checked_and_what_falls_short(client):
    response = client.get("/tiep-can/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Tuyên bố về khả năng tiếp cận</h1>" in html
    assert "WCAG 2.1" in html and "Chỗ còn hạn chế" in html
