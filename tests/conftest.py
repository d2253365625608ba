"""Shared test set-up.

The whole suite runs as of one instant, ``SUITE_NOW``, never the machine's clock: time-machine
moves Python's clock for the whole process (threads and the live server included) when the
session starts, and it ticks on from there. ``CAMNANG_TEST_NOW`` (an ISO date-time) runs the
suite as of another instant; CI also runs it past 1 March 2027, when Decrees 132 and 133 stop
applying. A test that needs another day moves the clock itself (the ``time_machine`` fixture, or
``on_day`` in the reader's tests); it never reads the day it happens to run on.

The test database is migrated once and loaded once per session with what ``make run`` loads:
the project's fixtures, the national records when the reference folder is there, the seed
guidance and the demo accounts. Each test then runs in a transaction that is rolled back.
"""

import datetime
import os
import zoneinfo

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from procedures.models import AuthorityLevel, Field, Procedure
from procedures.signals import procedures_changed

REFERENCE_RECORDS = settings.REFERENCE_DIR / "tthc_records.jsonl"
has_reference = REFERENCE_RECORDS.exists()

VIETNAM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
SUITE_NOW = datetime.datetime(2026, 11, 27, 9, 0, tzinfo=VIETNAM)


def suite_now() -> datetime.datetime:
    """The instant the suite runs as of: ``CAMNANG_TEST_NOW`` or ``SUITE_NOW``."""
    value = os.environ.get("CAMNANG_TEST_NOW", "").strip()
    if not value:
        return SUITE_NOW
    moment = datetime.datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=VIETNAM)


_suite_clock = None


def pytest_configure(config):
    """Start the suite's clock before anything (the database set-up included) reads the time."""
    global _suite_clock
    _suite_clock = time_machine.travel(suite_now(), tick=True)
    _suite_clock.start()


def pytest_unconfigure(config):
    if _suite_clock is not None:
        _suite_clock.stop()


needs_reference = pytest.mark.skipif(
    not has_reference, reason=f"reference data not found at {REFERENCE_RECORDS}"
)


def pytest_report_header(config):
    vendor = "postgresql" if "postgres" in os.environ.get("DATABASE_URL", "") else "sqlite"
    found = "found" if has_reference else "NOT FOUND (tests that need it are skipped)"
    return [
        f"database: {vendor}",
        f"reference data: {REFERENCE_RECORDS} {found}",
        f"clock: the suite runs as of {suite_now().isoformat()} (CAMNANG_TEST_NOW)",
    ]


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
    # Loaded on the suite's clock: the seed guidance is published, and the demo questions asked,
    # as of the instant the suite runs as of (a test that reads another day brings its own data).
    with django_db_blocker.unblock(), open(os.devnull, "w") as devnull:
        call_command("load_initial_data", "--demo-accounts", verbosity=0, stdout=devnull)


@pytest.fixture(autouse=True)
def enable_db_access_for_all_tests(db):
    """Every test may read the session's data; writes are rolled back after each test."""


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``with committed():`` runs, at the end of the block, what its writes leave for after the
    commit (the search index's announcements), as the commit would: each test's transaction is
    rolled back, so it never commits."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def announced():
    """The id lists ``procedures_changed`` (what the search index listens to) is sent with during
    the test, in order."""
    sent = []

    def receiver(sender, ids, **kwargs):
        sent.append(ids)

    procedures_changed.connect(receiver, dispatch_uid="test-announced")
    yield sent
    procedures_changed.disconnect(dispatch_uid="test-announced")


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
def on_day(time_machine):
    """Move the whole clock to 10:00 (Vietnam) on a day: on_day("2026-11-27")."""

    def set_day(value: str) -> datetime.date:
        day = datetime.date.fromisoformat(value)
        time_machine.move_to(datetime.datetime.combine(day, datetime.time(10), tzinfo=VIETNAM))
        return day

    return set_day


@pytest.fixture
def day():
    """Build a date from "YYYY-MM-DD"."""
    return datetime.date.fromisoformat
