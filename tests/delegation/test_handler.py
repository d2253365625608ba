"""Which level handles a procedure on a date, at the edges of a delegation."""

import pytest

from delegation.models import (
    Delegation,
    LevelChange,
    confirmed_counts,
    handled_by,
    handled_by_parts,
    handler_on,
    with_handler,
)
from procedures.models import AuthorityLevel, Confidence, LegalDocument, Procedure


@pytest.fixture
def delegated(make_procedure, level, day):
    """Moved from the ministry to the province on 2025-07-01, until 2027-03-01 (exclusive)."""
    procedure = make_procedure(level=level("ubnd-tinh"))
    Delegation.objects.create(
        procedure=procedure,
        from_level=level("bo"),
        to_level=level("ubnd-tinh"),
        kind=Delegation.Kind.DEVOLUTION,
        legal_document=LegalDocument.objects.get(number="133/2025/NĐ-CP"),
        article="Điều 4 khoản 1",
        effective_from=day("2025-07-01"),
        effective_until=day("2027-03-01"),
    )
    return procedure


def handler_slug(procedure, on):
    annotated = with_handler(Procedure.objects.filter(pk=procedure.pk), on=on).get()
    python = handler_on(procedure, list(procedure.delegations.all()), on)
    # The database query and the page's Python rule must agree.
    assert annotated.handler_confirmed is python.confirmed
    if python.confirmed:
        assert annotated.handler_level_id == python.level.pk
    # And so must the listings' sets (each level's, confirmed or not) and the province's counts.
    for level in AuthorityLevel.objects.all():
        for confirmed in (True, False):
            found = [
                Procedure.objects.filter(part, pk=procedure.pk).exists()
                for part in handled_by_parts(level, on=on, confirmed=confirmed)
            ]
            expected = (
                annotated.handler_level_id == level.pk and annotated.handler_confirmed is confirmed
            )
            assert sum(found) == int(expected), (level.slug, confirmed, found)
            listed = Procedure.objects.filter(handled_by(level, on=on, confirmed=confirmed))
            assert listed.filter(pk=procedure.pk).exists() is expected
    counts = confirmed_counts(
        Procedure.objects.filter(pk=procedure.pk), on=on, levels=AuthorityLevel.objects.all()
    )
    expected_counts = (
        {annotated.handler_level_id: 1}
        if annotated.handler_confirmed and annotated.handler_level_id
        else {}
    )
    assert {k: n for k, n in counts.items() if n} == expected_counts
    return python.level.slug if python.confirmed else None


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        ("2025-06-30", "bo"),  # the day before
        ("2025-07-01", "ubnd-tinh"),  # the first day
        ("2027-02-28", "ubnd-tinh"),  # the last day
        ("2027-03-01", "ubnd-tinh"),  # the day after: no delegation, the record's own level
    ],
)
def test_handler_at_the_boundaries(delegated, day, date, expected):
    assert handler_slug(delegated, day(date)) == expected


@pytest.mark.parametrize(
    ("date", "in_effect"),
    [("2025-06-30", False), ("2025-07-01", True), ("2027-02-28", True), ("2027-03-01", False)],
)
def test_in_effect_at_the_boundaries(delegated, day, date, in_effect):
    assert Delegation.objects.filter(procedure=delegated).in_effect(day(date)).exists() is in_effect
    assert delegated.delegations.get().applies_on(day(date)) is in_effect


def test_after_the_delegation_without_a_record_level_nothing_is_known(delegated, day):
    Procedure.objects.filter(pk=delegated.pk).update(level=None)
    delegated.refresh_from_db()
    assert handler_slug(delegated, day("2027-03-01")) is None
    assert handler_slug(delegated, day("2025-06-30")) == "bo"


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        ("2025-02-13", None),
        ("2025-09-01", None),
        ("2026-07-18", "ubnd-tinh"),
        ("2026-12-01", "ubnd-tinh"),
    ],
)
def test_an_observed_change_confirms_nothing_before_the_current_record(
    make_procedure, level, day, date, expected
):
    procedure = make_procedure(level=level("ubnd-tinh"))
    Procedure.objects.filter(pk=procedure.pk).update(source_date=day("2026-07-18"))
    procedure.refresh_from_db()
    LevelChange.objects.create(
        procedure=procedure,
        old_code="1.000001",
        old_level=level("bo"),
        old_date=day("2025-02-13"),
        new_level=level("ubnd-tinh"),
        new_date=day("2026-07-18"),
    )
    assert handler_slug(procedure, day(date)) == expected
    # Not a delegation: nothing lists or counts it as one.
    assert not procedure.delegations.exists()


def test_what_a_level_handles_on_a_date(delegated, level, day):
    province = level("ubnd-tinh")
    ministry = level("bo")
    assert delegated in Procedure.objects.filter(handled_by(province, on=day("2025-07-01")))
    assert delegated not in Procedure.objects.filter(handled_by(province, on=day("2025-06-30")))
    assert delegated in Procedure.objects.filter(handled_by(ministry, on=day("2025-06-30")))
    assert delegated not in Procedure.objects.filter(handled_by(ministry, on=day("2027-02-28")))
    assert (
        Delegation.objects.to_level(province, day("2027-02-28"))
        .filter(procedure=delegated)
        .exists()
    )
    assert (
        not Delegation.objects.to_level(province, day("2027-03-01"))
        .filter(procedure=delegated)
        .exists()
    )


def test_the_latest_delegation_wins_when_two_overlap(delegated, level, day):
    act = LegalDocument.objects.create(number="1/2026/QĐ-UBND", slug="qd-1-2026", kind="quyet_dinh")
    Delegation.objects.create(
        procedure=delegated,
        from_level=level("ubnd-tinh"),
        to_level=level("so"),
        kind=Delegation.Kind.AUTHORISATION,
        legal_document=act,
        effective_from=day("2026-01-01"),
    )
    assert handler_slug(delegated, day("2025-12-31")) == "ubnd-tinh"
    assert handler_slug(delegated, day("2026-01-01")) == "so"


def test_a_delegation_without_a_legal_text_confirms_nothing(delegated, level, day):
    unsourced = Delegation.objects.create(
        procedure=delegated,
        from_level=level("ubnd-tinh"),
        to_level=level("so"),
        origin=Delegation.Origin.PROVINCIAL_PORTAL,
        effective_from=day("2026-01-01"),
    )
    assert unsourced.confidence == Confidence.RECORD
    handler = handler_on(delegated, list(delegated.delegations.all()), day("2026-02-01"))
    # The legal text still in effect decides; the portal's level is not stated as confirmed.
    assert (handler.level.slug, handler.confidence, handler.confirmed) == (
        "ubnd-tinh",
        Confidence.LEGAL_TEXT,
        True,
    )


def test_end_must_follow_start(make_procedure, level, day):
    from django.core.exceptions import ValidationError

    delegation = Delegation(
        procedure=make_procedure(),
        from_level=level("bo"),
        to_level=level("ubnd-tinh"),
        effective_from=day("2025-07-01"),
        effective_until=day("2025-07-01"),
    )
    with pytest.raises(ValidationError):
        delegation.full_clean()


def test_the_database_refuses_an_end_before_the_start(make_procedure, level, day):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Delegation.objects.create(
            procedure=make_procedure(),
            to_level=level("ubnd-tinh"),
            effective_from=day("2025-07-01"),
            effective_until=day("2025-06-01"),
        )


def test_the_database_refuses_a_move_to_the_same_level(make_procedure, level):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Delegation.objects.create(
            procedure=make_procedure(), from_level=level("bo"), to_level=level("bo")
        )
