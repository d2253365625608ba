"""Shared test set-up.

The test database is migrated once and loaded once per session with what ``make run`` loads:
the project's fixtures, the national records when the reference folder is there, the seed
guidance and the demo accounts. Each test then runs in a transaction that is rolled back.
"""

import datetime
import os

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from procedures.models import AuthorityLevel, Field, Procedure

REFERENCE_RECORDS = settings.REFERENCE_DIR / "tthc_records.jsonl"
has_reference = REFERENCE_RECORDS.exists()
needs_reference = pytest.mark.skipif(
    not has_reference, reason=f"reference data not found at {REFERENCE_RECORDS}"
)


def pytest_report_header(config):
    vendor = "postgresql" if "postgres" in os.environ.get("DATABASE_URL", "") else "sqlite"
    found = "found" if has_reference else "NOT FOUND (tests that need it are skipped)"
    return [f"database: {vendor}", f"reference data: {REFERENCE_RECORDS} {found}"]


def pytest_collection_modifyitems(config, items):
    """PostgreSQL-only tests are skipped on SQLite, and never on PostgreSQL."""
    if "postgres" in os.environ.get("DATABASE_URL", ""):
        return
    skip = pytest.mark.skip(reason="PostgreSQL-only behaviour; this run uses SQLite")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    if os.environ.get("CAMNANG_REQUIRE_POSTGRES") == "1":
        assert connection.vendor == "postgresql", (
            "CI asked for PostgreSQL but runs on " + connection.vendor
        )
    with django_db_blocker.unblock(), open(os.devnull, "w") as devnull:
        call_command("load_initial_data", "--demo-accounts", verbosity=0, stdout=devnull)


@pytest.fixture(autouse=True)
def enable_db_access_for_all_tests(db):
    """Every test may read the session's data; writes are rolled back after each test."""


@pytest.fixture
def level(db):
    """Look an authority level up by slug: level("ubnd-tinh")."""
    return lambda slug: AuthorityLevel.objects.get(slug=slug)


@pytest.fixture
def make_procedure(db):
    """A plain function that creates a procedure; keyword arguments override the defaults."""
    counter = iter(range(1, 10_000))

    def make(**overrides):
        n = next(counter)
        values = {
            "name": f"Thủ tục thử nghiệm số {n}",
            "field": Field.objects.get(slug="vien-thong-va-internet"),
        }
        values.update(overrides)
        return Procedure.objects.create(**values)

    return make


@pytest.fixture
def day():
    """Build a date from "YYYY-MM-DD"."""
    return datetime.date.fromisoformat
