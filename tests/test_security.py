"""Headers and HTTPS: a strict Content-Security-Policy on every page (the admin and errors
included), HTTPS settings on by default in production, ``check --deploy`` silent with the
documented production environment, and the language cookie's flags."""

import json
import os
import re
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_ALLOWED_HOSTS": "camnang.example.gov.vn",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://camnang.example.gov.vn",
}


def directives(header: str) -> dict[str, list[str]]:
    found = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            found[words[0]] = words[1:]
    return found


def policy(response) -> dict[str, list[str]]:
    return directives(response["Content-Security-Policy"])


@pytest.fixture
def staff_client(client):
    client.force_login(get_user_model().objects.get(username="quantri"))
    return client


@pytest.mark.parametrize(
    "url", ["/", "/tim-kiem/?q=giay+phep", "/ban-in/", "/api/search?q=giay", "/khong-co/"]
)
def test_every_reader_answer_carries_a_strict_policy(client, url):
    found = policy(client.get(url))
    assert found["object-src"] == ["'none'"]
    assert found["frame-ancestors"] == ["'none'"]
    assert found["default-src"] == ["'self'"]
    for directive in ("script-src", "style-src"):
        assert "'unsafe-inline'" not in found[directive]
        assert "'unsafe-eval'" not in found[directive]


@pytest.mark.parametrize(
    "url",
    ["/quan-tri/", "/quan-tri/handbook/revision/", "/quan-tri/procedures/procedure/add/"],
)
def test_the_admin_carries_the_policy(staff_client, url):
    response = staff_client.get(url)
    assert response.status_code == 200
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


def test_no_template_has_an_inline_script_style_or_handler():
    """Inline code runs only with the page's nonce (or, for the error page, its hash)."""
    offending = []
    for path in (settings.BASE_DIR / "templates").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"<(script|style)\b([^>]*)>", text):
            tag, attributes = match.groups()
            if tag == "script" and "src=" in attributes:
                continue
            if "nonce=" not in attributes and path.name != "500.html":
                offending.append(f"{path.name}: <{tag}{attributes}>")
        offending += [
            f"{path.name}: {m.group()}" for m in re.finditer(r"\s(style|on[a-z]+)=\"", text)
        ]
    assert offending == []


def test_the_print_view_style_carries_the_page_nonce(client):
    response = client.get("/ban-in/")
    nonce = re.search(r'<style nonce="([^"]+)">', response.content.decode()).group(1)
    assert f"'nonce-{nonce}'" in policy(response)["style-src"]


def test_the_error_page_style_is_allowed_by_its_hash():
    import base64
    import hashlib

    page = (settings.BASE_DIR / "templates" / "500.html").read_text(encoding="utf-8")
    style = re.search(r"<style>(.*?)</style>", page, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["style-src"]


def test_the_language_cookie_is_httponly_and_samesite(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


def run(args, env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CAMNANG_"))}
    clean.update(env)
    return subprocess.run(
        [sys.executable, *args], env=clean, cwd=settings.BASE_DIR, capture_output=True, text=True
    )


def production_settings(names: list[str], extra=None) -> dict:
    code = (
        "import json, config.settings as s; "
        f"print(json.dumps({{n: getattr(s, n, None) for n in {names!r}}}, default=str))"
    )
    env = {**PRODUCTION, "DJANGO_SECRET_KEY": secrets.token_urlsafe(50), **(extra or {})}
    result = run(["-c", code], env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_turns_https_on_by_default():
    found = production_settings(
        [
            "SECURE_SSL_REDIRECT",
            "SECURE_HSTS_SECONDS",
            "SECURE_PROXY_SSL_HEADER",
            "LANGUAGE_COOKIE_SECURE",
            "CAMNANG_DEMO_ACCOUNTS_ALLOWED",
        ]
    )
    assert found == {
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "LANGUAGE_COOKIE_SECURE": True,
        "CAMNANG_DEMO_ACCOUNTS_ALLOWED": False,
    }


def test_https_settings_come_from_the_environment():
    found = production_settings(
        ["SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_PROXY_SSL_HEADER"],
        {
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_SECURE_HSTS_SECONDS": "0",
            "DJANGO_SECURE_PROXY_SSL_HEADER": "",
        },
    )
    assert found == {
        "SECURE_SSL_REDIRECT": False,
        "SECURE_HSTS_SECONDS": 0,
        "SECURE_PROXY_SSL_HEADER": None,
    }


def test_report_only_switch():
    found = production_settings(
        ["CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY"],
        {"CAMNANG_CSP_REPORT_ONLY": "1"},
    )
    assert found["CONTENT_SECURITY_POLICY"] is None
    assert found["CONTENT_SECURITY_POLICY_REPORT_ONLY"]["DIRECTIVES"]["object-src"] == ["'none'"]


def test_check_deploy_is_silent_with_the_documented_production_environment():
    env = {**PRODUCTION, "DJANGO_SECRET_KEY": secrets.token_urlsafe(50)}
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
