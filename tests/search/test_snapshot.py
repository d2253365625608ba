"""The per-process copy of synonyms and vocabulary, and the plan choice it guides."""

import time

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from search import backends, snapshot
from search.indexing import refresh_procedures
from search.query import Form, Term
from search.services import suggest_names


@pytest.fixture
def cached():
    """Searches keep their copy for a minute, as in production; dropped around the test."""
    snapshot.forget()
    with override_settings(CAMNANG_SEARCH_CACHE_SECONDS=60):
        yield
    snapshot.forget()


def small_tables_read(function, *args) -> list[str]:
    """The statements ``function`` sends to the synonym and vocabulary tables."""
    with CaptureQueriesContext(connection) as ctx:
        function(*args)
    return [
        q["sql"]
        for q in ctx.captured_queries
        if "search_synonym" in q["sql"] or "search_indexword" in q["sql"]
    ]


def test_the_copy_spares_a_query_per_search(cached):
    assert small_tables_read(suggest_names, "giay phep buu ch")  # the copy is taken
    assert small_tables_read(suggest_names, "giay phep buu ch") == []


def test_an_abbreviation_added_in_the_admin_takes_effect_at_once(
    cached, client, make_procedure, django_capture_on_commit_callbacks
):
    procedure = make_procedure(name="Cấp giấy phép thả diều nội tỉnh")
    refresh_procedures([procedure.pk])
    suggest_names("giay phep tha d")  # the copy is taken now, without GPTD
    assert procedure.pk not in [s.pk for s in suggest_names("gptd noi tinh")]
    client.force_login(get_user_model().objects.get(username="quantri"))
    with django_capture_on_commit_callbacks() as on_commit:
        response = client.post(
            reverse("admin:search_synonym_add"), {"term": "GPTD", "meaning": "giấy phép thả diều"}
        )
    assert response.status_code == 302
    # Until the edit commits, the copy stays (a copy taken now would hold the old table).
    assert procedure.pk not in [s.pk for s in suggest_names("gptd noi tinh")]
    for callback in on_commit:
        callback()
    assert procedure.pk in [s.pk for s in suggest_names("gptd noi tinh")]


def test_the_copy_is_taken_again_when_old(cached):
    old = snapshot.current()
    object.__setattr__(old, "taken_at", time.monotonic() - 61)
    assert snapshot.current() is not old


def words(procedures: int, **named: int) -> snapshot.Snapshot:
    return snapshot.Snapshot(
        synonyms={},
        words=sorted(named),
        anywhere=dict(named),
        in_names=dict(named),
        most_frequent=max(named.values()),
        procedures=procedures,
        taken_at=time.monotonic(),
    )


def term(*typed: str, prefix: bool = False) -> Term:
    return Term([Form(tuple(typed), "typed")], prefix=prefix)


@pytest.mark.postgres
def test_common_words_are_found_sooner_by_scanning_in_index_order():
    vocabulary = words(100_000, giay=30_000, phep=30_000, buu=8_000, chinh=9_000, khinh=3)
    assert backends.cheaper_to_scan([term("giay"), term("phep")], 20, vocabulary)
    # A rare word makes the index's lists short: intersect them.
    assert not backends.cheaper_to_scan([term("giay"), term("khinh")], 20, vocabulary)
    # A word being typed counts every word it begins.
    assert backends.cheaper_to_scan([term("giay"), term("ph", prefix=True)], 20, vocabulary)
    assert not backends.cheaper_to_scan([term("giay"), term("kh", prefix=True)], 20, vocabulary)
    # One term, however common: the planner's own statistics judge it.
    assert not backends.cheaper_to_scan([term("giay", "phep")], 20, vocabulary)
    # In a phrase the last word is matched whole (as tsquery asks), not as a prefix.
    assert not backends.cheaper_to_scan(
        [term("giay"), term("giay", "ph", prefix=True)], 20, vocabulary
    )


@pytest.mark.postgres
def test_the_forced_scan_does_not_outlive_the_query_in_a_callers_transaction(db):
    from django.db import transaction

    from procedures.models import Procedure

    with transaction.atomic(), connection.cursor() as cursor:
        backends.first_in_index_order(Procedure.objects.all(), 5, scan=True)
        cursor.execute("SHOW enable_bitmapscan")
        assert cursor.fetchone()[0] == "on"


def test_only_postgresql_scans_sqlite_sorts_what_fts5_finds():
    vocabulary = words(100_000, giay=30_000, phep=30_000)
    chosen = backends.cheaper_to_scan([term("giay"), term("phep")], 20, vocabulary)
    assert chosen is (connection.vendor == "postgresql")
