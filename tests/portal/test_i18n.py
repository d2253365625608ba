"""Vietnamese by default, English through the switch (the catalogue itself: tests/test_i18n.py)."""

from django.test import Client

from procedures.models import Procedure


def test_vietnamese_by_default_even_for_a_browser_that_asks_for_english(client):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="vi">' in html and "Tra cứu thủ tục được phân cấp, phân quyền" in html


def test_an_unknown_language_cookie_falls_back_to_vietnamese(client):
    client.cookies["django_language"] = "fr"
    assert '<html lang="vi">' in client.get("/").content.decode()


def test_the_language_switch_turns_the_pages_into_english():
    client = Client(enforce_csrf_checks=True)  # the switch needs no CSRF token
    procedure = Procedure.objects.exclude(guidance=None).first()
    response = client.post(
        "/i18n/setlang/", {"language": "en", "next": procedure.get_absolute_url()}
    )
    assert response.status_code == 302 and response["Location"] == procedure.get_absolute_url()
    html = client.get(procedure.get_absolute_url()).content.decode()
    assert '<html lang="en">' in html
    assert "Operational guidance" in html and "Procedure record" in html
    assert "Who receives, who decides" in html  # the handbook's section headings too
    assert "Hướng dẫn nghiệp vụ" not in html


def test_each_language_is_named_in_itself(client):
    html = client.get("/").content.decode()
    assert '<option value="vi" lang="vi" selected>Tiếng Việt</option>' in html
    assert '<option value="en" lang="en">English</option>' in html
