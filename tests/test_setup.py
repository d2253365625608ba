"""The data ``make run`` loads, and the settings' refusals."""

import os
import re
import subprocess
import sys
import unicodedata
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command

from accounts import roles
from delegation.models import Delegation, LevelChange, Province
from handbook.models import Guidance
from procedures.models import AuthorityLevel, Field, LegalDocument, Procedure
from tests.conftest import needs_reference


def test_fixtures_are_loaded():
    assert AuthorityLevel.objects.count() == 7
    assert list(AuthorityLevel.objects.values_list("slug", flat=True)[:3]) == [
        "chinh-phu",
        "bo",
        "ubnd-tinh",
    ]
    assert Province.objects.count() == 34
    assert Field.objects.count() == 8
    decree = LegalDocument.objects.get(number="133/2025/NĐ-CP")
    assert (decree.effective_from.isoformat(), decree.expires_on.isoformat()) == (
        "2025-07-01",
        "2027-03-01",
    )
    # 21 rest on a legal text; 3 only on provincial portals (no decree article seen).
    assert Delegation.objects.filter(confidence="legal_text").count() == 21
    assert Delegation.objects.filter(origin=Delegation.Origin.PROVINCIAL_PORTAL).count() == 3
    assert Guidance.objects.count() >= 20


def test_provinces_keep_what_the_source_does_not_confirm_empty():
    assert Province.objects.get(slug="dong-nai").merged_from == ""
    assert Province.objects.get(slug="ha-noi").unchanged
    assert Province.objects.get(slug="ho-chi-minh").commune_units == 168


def test_a_second_run_changes_nothing():
    counts = (
        Procedure.objects.count(),
        Delegation.objects.count(),
        Guidance.objects.count(),
        Province.objects.count(),
    )
    out = StringIO()
    call_command("load_initial_data", "--demo-accounts", stdout=out, verbosity=0)
    assert (
        Procedure.objects.count(),
        Delegation.objects.count(),
        Guidance.objects.count(),
        Province.objects.count(),
    ) == counts
    assert "created 0" in out.getvalue()


def test_delegations_record_article_and_dates():
    delegation = Delegation.objects.get(procedure__code="1.013899")
    assert delegation.article == "Điều 4 khoản 1"
    assert delegation.kind == Delegation.Kind.DEVOLUTION
    assert delegation.effective_from.isoformat() == "2025-07-01"
    assert delegation.to_level.slug == "ubnd-tinh"


def test_tasks_without_a_national_code_are_loaded_without_one():
    task = Procedure.objects.get(
        name__startswith="Thẩm định thiết kế cơ sở dự án đầu tư ứng dụng công nghệ thông tin"
    )
    assert task.code is None
    assert task.kind == Procedure.Kind.TASK
    assert task.delegations.get().kind == Delegation.Kind.ASSIGNMENT


@needs_reference
def test_all_national_records_are_in():
    assert Procedure.objects.exclude(code__isnull=True).count() == 653
    assert Procedure.objects.count() == 660
    assert LevelChange.objects.count() > 20
    assert not Delegation.objects.filter(origin="quan_sat").exists()


@needs_reference
def test_stored_text_is_nfc():
    for name, steps in Procedure.objects.values_list("name", "steps")[:700]:
        assert unicodedata.is_normalized("NFC", name) and unicodedata.is_normalized("NFC", steps)


def run_settings(env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import config.settings"],
        env=clean,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )


def test_production_settings_refuse_a_missing_secret_key():
    result = run_settings({"DJANGO_DEBUG": "0", "DJANGO_ALLOWED_HOSTS": "camnang.example"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_settings_refuse_a_missing_host_list():
    result = run_settings({"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "x" * 50})
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_production_settings_load_when_complete():
    result = run_settings(
        {"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "x" * 50, "DJANGO_ALLOWED_HOSTS": "a.example"}
    )
    assert result.returncode == 0, result.stderr


def test_language_and_time_zone():
    assert settings.LANGUAGE_CODE == "vi"
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert settings.USE_TZ
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] > 0


def test_role_groups_hold_their_permissions():
    ministry = set(
        Group.objects.get(name="Cán bộ Bộ").permissions.values_list("codename", flat=True)
    )
    department = set(
        Group.objects.get(name="Cán bộ Sở").permissions.values_list("codename", flat=True)
    )
    assert "publish_revision" in ministry
    assert "publish_revision" not in department
    assert {"add_revision", "change_revision"} <= department
    # Commune officials ask questions and practise; nothing else: no admin, no handbook.
    commune = Group.objects.get(name="Cán bộ cấp xã")
    assert set(commune.permissions.values_list("codename", flat=True)) == {
        "ask_question",
        "practise",
    }
    assert {"ask_question", "handle_province_questions"} <= department
    assert {"view_question", "answer_escalated", "publish_question"} <= ministry
    assert not {"handle_province_questions", "ask_question"} & ministry


def test_sync_roles_grants_exactly_the_declared_permissions():
    group = Group.objects.get(name=roles.DEPARTMENT_STAFF)
    group.permissions.clear()
    roles.sync_roles()
    for role, grants in roles.ROLE_PERMISSIONS.items():
        expected = {
            (app_label, action if action not in roles.DEFAULT_ACTIONS else f"{action}_{model}")
            for app_label, model, actions in grants
            for action in actions
        }
        held = set(
            Group.objects.get(name=role).permissions.values_list(
                "content_type__app_label", "codename"
            )
        )
        assert held == expected, role


def test_sync_roles_refuses_a_permission_no_model_declares(monkeypatch):
    grants = {roles.COMMUNE_OFFICIAL: [("questions", "question", ["read_minds"])]}
    monkeypatch.setattr(roles, "ROLE_PERMISSIONS", grants)
    with pytest.raises(LookupError, match="read_minds"):
        roles.sync_roles()


def test_ministry_staff_edit_the_abbreviation_table():
    from django.contrib.auth import get_user_model

    ministry = get_user_model().objects.get(username="canbo.bo")
    assert ministry.has_perm("search.change_synonym") and ministry.has_perm("search.add_synonym")
    assert (
        not get_user_model()
        .objects.get(username="canbo.so.hanoi")
        .has_perm("search.change_synonym")
    )


def test_every_setting_read_from_the_environment_is_documented():
    source = (settings.BASE_DIR / "config" / "settings.py").read_text(encoding="utf-8")
    variables = set(re.findall(r'"((?:DJANGO|CAMNANG)_[A-Z_]+|DATABASE_URL)"', source))
    readme = (settings.BASE_DIR / "README.md").read_text(encoding="utf-8")
    example = (settings.BASE_DIR / ".env.example").read_text(encoding="utf-8")
    assert "DJANGO_DEBUG" in variables and "CAMNANG_SEARCH_CACHE_SECONDS" in variables
    assert {v for v in variables if f"| `{v}` |" not in readme} == set()
    assert {v for v in variables if not re.search(rf"^{v}=", example, re.M)} == set()


def test_checking_migrations_needs_no_production_secrets():
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    checked = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        env={**clean, "DATABASE_URL": ""},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stderr
    served = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--plan"],
        env={**clean, "DATABASE_URL": ""},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )
    assert served.returncode != 0 and "DJANGO_SECRET_KEY must be set" in served.stderr


def test_the_deployment_check_needs_the_production_secrets():
    """``check --deploy`` inspects the secret key and hosts, so it must not run on stand-ins."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    deploy = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        env={**clean, "DATABASE_URL": ""},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )
    assert deploy.returncode != 0 and "DJANGO_SECRET_KEY must be set" in deploy.stderr


def test_the_process_can_sleep_and_wait_for_a_child_with_a_timeout():
    """CI runs the suite once more under libfaketime (.ci/run). Configured with a real monotonic
    clock, libfaketime made every time.sleep fail with EINVAL, and with it subprocess.run with a
    timeout (the backup, HTML-checker and deployment tests): this says so in one place."""
    import subprocess
    import sys
    import time

    time.sleep(0.001)
    done = subprocess.run([sys.executable, "-c", "print('ok')"], capture_output=True, timeout=60)
    assert done.stdout.strip() == b"ok"
