"""Legal drift: when guidance needs review because a document it rests on drifts; and the date
arithmetic behind it, safe at the ends of the calendar."""

import datetime

import pytest
from django.utils import timezone

from delegation.models import Delegation
from handbook.drift import add_months, drift_notices
from handbook.models import Guidance, Revision, end_of_day
from procedures.models import LegalDocument, Procedure


@pytest.mark.parametrize(
    ("day", "flagged", "reason"),
    [
        ("2026-08-31", False, None),  # 1 March 2027 is more than six months away
        ("2026-09-01", True, "expiring"),  # exactly six months
        ("2027-03-01", True, "expired"),
    ],
)
def test_expiry_flags_from_six_months_before(day, flagged, reason):
    on = datetime.date.fromisoformat(day)
    procedure = Procedure.objects.get(code="1.013899")
    guidance = Guidance.objects.with_review_flag(on=on).get(procedure=procedure)
    assert guidance.needs_review is flagged
    assert [n.reason for n in drift_notices(on=on, procedure=procedure.pk)] == (
        [reason] if reason else []
    )


def test_amended_or_replaced_documents_cited_by_guidance_flag_it(client, guidance):
    today = datetime.date(2026, 11, 27)
    circular = LegalDocument.objects.create(
        number="99/2025/TT-BKHCN", slug="99-2025-tt-bkhcn", kind="thong_tu"
    )
    guidance.cited_documents.add(circular)
    assert not Guidance.objects.with_review_flag(on=today).get(pk=guidance.pk).needs_review
    circular.status = LegalDocument.Status.AMENDED
    circular.save()
    assert Guidance.objects.with_review_flag(on=today).get(pk=guidance.pk).needs_review
    newer = LegalDocument.objects.create(
        number="12/2026/TT-BKHCN", slug="12-2026-tt-bkhcn", kind="thong_tu"
    )
    circular.replaced_by = newer
    circular.save()
    [notice] = drift_notices(on=today, procedure=guidance.procedure_id)
    assert notice.reason == "replaced" and "12/2026/TT-BKHCN" in notice.message


def test_a_delegation_that_ended_long_ago_no_longer_flags(guidance, level):
    old = LegalDocument.objects.create(
        number="1/2020/NĐ-CP", slug="1-2020-nd-cp", kind="nghi_dinh", expires_on="2021-01-01"
    )
    Delegation.objects.create(
        procedure=guidance.procedure,
        from_level=level("bo"),
        to_level=level("ubnd-tinh"),
        legal_document=old,
        effective_from="2020-01-01",
        effective_until="2021-01-01",
    )
    on = datetime.date(2026, 11, 27)
    assert not Guidance.objects.with_review_flag(on=on).get(pk=guidance.pk).needs_review
    recent = datetime.date(2021, 3, 1)
    assert Guidance.objects.with_review_flag(on=recent).get(pk=guidance.pk).needs_review


def test_add_months_clamps_to_the_month():
    assert add_months(datetime.date(2026, 8, 31), 6) == datetime.date(2027, 2, 28)
    assert add_months(datetime.date(2026, 11, 27), 6) == datetime.date(2027, 5, 27)
    assert add_months(datetime.date(2026, 3, 1), -6) == datetime.date(2025, 9, 1)


def test_add_months_stays_within_the_calendar():
    assert add_months(datetime.date(9999, 11, 30), 6) == datetime.date.max
    assert add_months(datetime.date(1, 3, 1), -6) == datetime.date.min
    assert add_months(datetime.date(2100, 12, 31), 6) == datetime.date(2101, 6, 30)
    assert add_months(datetime.date(2000, 1, 1), -6) == datetime.date(1999, 7, 1)


def test_end_of_day_is_the_next_midnight_and_never_overflows():
    assert end_of_day(datetime.date(2100, 12, 31)) == timezone.make_aware(
        datetime.datetime(2101, 1, 1)
    )
    last = end_of_day(datetime.date.max)
    assert last.date() == datetime.date.max and timezone.is_aware(last)
    assert Revision.objects.in_force(on=datetime.date.max).exists()  # no overflow either
