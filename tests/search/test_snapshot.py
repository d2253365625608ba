"""The per-process copy of synonyms and vocabulary, and the plan choice it guides."""

import time

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from search import backends, snapshot
from search.query import Form, Term
from search.services import suggest_names


@pytest.fixture
def cached():
    """Searches keep their copy for a minute, as in production; dropped around the test."""
    snapshot.forget()
    with override_settings(CAMNANG_SEARCH_CACHE_SECONDS=60):
        yield
    snapshot.forget()


def queries(function, *args) -> int:
    with CaptureQueriesContext(connection) as ctx:
        function(*args)
    return len(ctx.captured_queries)


def test_the_copy_spares_a_query_per_search(cached):
    first = queries(suggest_names, "giay phep buu ch")
    assert queries(suggest_names, "giay phep buu ch") < first


def test_an_abbreviation_added_in_the_admin_takes_effect_at_once(cached, client):
    suggest_names("giay phep buu ch")  # the copy is taken now, without GPBCX
    assert not any("bưu chính" in p.name.lower() for p in suggest_names("gpbcx noi tinh"))
    client.force_login(get_user_model().objects.get(username="quantri"))
    client.post(
        reverse("admin:search_synonym_add"), {"term": "GPBCX", "meaning": "giấy phép bưu chính"}
    )
    assert any("bưu chính" in p.name.lower() for p in suggest_names("gpbcx noi tinh"))


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


def test_only_postgresql_scans_sqlite_sorts_what_fts5_finds():
    vocabulary = words(100_000, giay=30_000, phep=30_000)
    chosen = backends.cheaper_to_scan([term("giay"), term("phep")], 20, vocabulary)
    assert chosen is (connection.vendor == "postgresql")
