"""Sign-in throttling (django-axes): 30 wrong passwords lock the account and, separately, the
address, on /dang-nhap/ and /quan-tri/login/; the right password is then refused until an
administrator unlocks or the lock expires. Demo accounts are refused outside debug mode."""

import datetime
import os
import subprocess
import sys

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client

from accounts.demo import DEMO_PASSWORD

LOGIN_PAGES = ["/dang-nhap/", "/quan-tri/login/"]
LIMIT = settings.AXES_FAILURE_LIMIT


def sign_in(url, username, password, address="203.0.113.7"):
    return Client(REMOTE_ADDR=address).post(url, {"username": username, "password": password})


def signed_in(response) -> bool:
    return response.status_code == 302 and "_auth_user_id" in response.client.session


def test_the_limit_is_thirty():
    assert LIMIT == 30


@pytest.mark.parametrize("url", LOGIN_PAGES)
def test_thirty_wrong_passwords_lock_the_account_until_unlocked(url):
    for n in range(LIMIT - 1):
        assert sign_in(url, "canbo.bo", f"sai-{n}", address=f"198.51.100.{n}").status_code == 200
    # The 30th failure locks; the right password is refused then, from any address.
    assert sign_in(url, "canbo.bo", "sai", address="198.51.100.99").status_code == 429
    refused = sign_in(url, "canbo.bo", DEMO_PASSWORD, address="192.0.2.1")
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "tạm thời bị khóa" in page and "liên hệ quản trị" in page
    assert refused["Retry-After"] == str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    # Another account is not locked by the account's failures.
    assert signed_in(sign_in(url, "bientap.bo", DEMO_PASSWORD, address="192.0.2.2"))
    # The administrator unlocks by deleting the account's attempts in the admin.
    admin = Client()
    admin.force_login(get_user_model().objects.get(username="quantri"))
    attempts = AccessAttempt.objects.filter(username="canbo.bo")
    response = admin.post(
        "/quan-tri/axes/accessattempt/",
        {
            "action": "delete_selected",
            "_selected_action": list(attempts.values_list("pk", flat=True)),
            "post": "yes",
        },
    )
    assert response.status_code == 302 and not attempts.exists()
    assert signed_in(sign_in(url, "canbo.bo", DEMO_PASSWORD, address="192.0.2.1"))


def test_the_lock_expires_after_the_cool_off(on_day, time_machine):
    on_day("2026-11-27")
    for n in range(LIMIT):
        sign_in("/dang-nhap/", "canbo.bo", f"sai-{n}", address=f"198.51.100.{n}")
    assert sign_in("/dang-nhap/", "canbo.bo", DEMO_PASSWORD).status_code == 429
    time_machine.shift(settings.AXES_COOLOFF_TIME + datetime.timedelta(minutes=1))
    assert signed_in(sign_in("/dang-nhap/", "canbo.bo", DEMO_PASSWORD))


def test_thirty_failures_from_one_address_lock_the_address():
    for n in range(LIMIT):
        sign_in("/quan-tri/login/", f"khong-co-{n}", "sai", address="203.0.113.50")
    # Even an account never tried is refused from that address, and allowed from another.
    assert sign_in("/dang-nhap/", "bientap.bo", DEMO_PASSWORD, "203.0.113.50").status_code == 429
    assert signed_in(sign_in("/dang-nhap/", "bientap.bo", DEMO_PASSWORD, "203.0.113.51"))


def test_behind_a_proxy_the_forwarded_address_counts(settings):
    settings.CAMNANG_TRUSTED_PROXIES = 1
    for n in range(LIMIT):
        Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"1.2.3.{n}, 203.0.113.60").post(
            "/dang-nhap/", {"username": f"khong-co-{n}", "password": "sai"}
        )
    forged = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.60")
    response = forged.post("/dang-nhap/", {"username": "bientap.bo", "password": DEMO_PASSWORD})
    assert response.status_code == 429
    other = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.61")
    response = other.post("/dang-nhap/", {"username": "bientap.bo", "password": DEMO_PASSWORD})
    assert signed_in(response)


def test_demo_accounts_are_refused_outside_debug(settings):
    settings.CAMNANG_DEMO_ACCOUNTS_ALLOWED = False
    get_user_model().objects.filter(username="quantri").delete()
    with pytest.raises(CommandError, match="DJANGO_DEBUG"):
        call_command("load_initial_data", "--demo-accounts", "--no-reference", verbosity=0)
    assert not get_user_model().objects.filter(username="quantri").exists()


def test_demo_accounts_are_refused_in_production_mode(tmp_path):
    """As the issue tried it: ``DJANGO_DEBUG=0 manage.py load_initial_data --demo-accounts``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        {
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "x" * 50,
            "DJANGO_ALLOWED_HOSTS": "camnang.example",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
        }
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "load_initial_data", "--demo-accounts", "--no-reference"],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "--demo-accounts is refused when DJANGO_DEBUG is off" in result.stderr
