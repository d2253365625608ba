"""Legal drift: guidance whose legal basis has expired, is about to, or was amended or replaced.

A guidance entry rests on the documents its procedure's delegations cite (``legal_document`` and
``cited_documents``) and on the documents the guidance itself cites. When one of them expires
within ``WARNING_MONTHS`` (Decrees 132 and 133 of 2025 stop applying on 1 March 2027), has
expired, or is marked amended or replaced, the guidance needs review ("cần rà soát"). Delegations
that ended more than ``WARNING_MONTHS`` before the day no longer count: they are history.
"""

import calendar
import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from procedures.models import LegalDocument

WARNING_MONTHS = 6


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` moved by ``months`` calendar months (the day clamped to the month's length, and
    the result to the calendar's first and last days rather than overflowing)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    if year < datetime.MINYEAR:
        return datetime.date.min
    if year > datetime.MAXYEAR:
        return datetime.date.max
    last = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last))


def drift_condition(on: datetime.date) -> Q:
    """A document that drifts on ``on``: expiring soon, expired, amended or replaced."""
    return (
        Q(expires_on__lte=add_months(on, WARNING_MONTHS))
        | Q(
            status__in=[
                LegalDocument.Status.EXPIRED,
                LegalDocument.Status.AMENDED,
                LegalDocument.Status.REPLACED,
            ]
        )
        | Q(replaced_by__isnull=False)
    )


def drifting_documents(*, on: datetime.date, procedure):
    """Drifting documents cited for ``procedure`` (an id or OuterRef) or by its guidance."""
    recent = add_months(on, -WARNING_MONTHS)
    by_delegation = Q(delegations__procedure=procedure) & (
        Q(delegations__effective_until__isnull=True) | Q(delegations__effective_until__gt=recent)
    )
    by_record = Q(cited_by_delegations__procedure=procedure) & (
        Q(cited_by_delegations__effective_until__isnull=True)
        | Q(cited_by_delegations__effective_until__gt=recent)
    )
    cited = by_delegation | by_record | Q(cited_by_guidance__procedure=procedure)
    return LegalDocument.objects.filter(drift_condition(on)).filter(cited)


@dataclass(frozen=True)
class DriftNotice:
    document: LegalDocument
    reason: str  # "expired", "expiring", "replaced", "amended"
    message: str


def drift_notice(document: LegalDocument, on: datetime.date) -> DriftNotice | None:
    """Why ``document`` makes guidance need review on ``on``, or None if it does not."""
    number = document.number
    if document.status == LegalDocument.Status.REPLACED or document.replaced_by_id:
        if document.replaced_by is not None:
            message = _("%(doc)s đã được thay thế bởi %(new)s.") % {
                "doc": number,
                "new": document.replaced_by.number,
            }
        else:
            message = _("%(doc)s đã được thay thế.") % {"doc": number}
        return DriftNotice(document, "replaced", message)
    # "Áp dụng đến": the document's own words for its end (Decrees 132 and 133: "until
    # 1 March 2027, except for some cases"); its exception is kept beside the date.
    exception = (
        _(" (văn bản ghi: %(exception)s)") % {"exception": document.expiry_exception}
        if document.expiry_exception
        else ""
    )
    if document.expires_on and document.expires_on <= on:
        message = _("%(doc)s ghi áp dụng đến ngày %(date)s%(exception)s.") % {
            "doc": number,
            "date": document.expires_on.strftime("%d/%m/%Y"),
            "exception": exception,
        }
        return DriftNotice(document, "expired", message)
    if document.status == LegalDocument.Status.EXPIRED:
        return DriftNotice(document, "expired", _("%(doc)s đã hết hiệu lực.") % {"doc": number})
    if document.expires_on and document.expires_on <= add_months(on, WARNING_MONTHS):
        message = _("%(doc)s ghi áp dụng đến ngày %(date)s (còn %(days)d ngày)%(exception)s.") % {
            "doc": number,
            "date": document.expires_on.strftime("%d/%m/%Y"),
            "exception": exception,
            "days": (document.expires_on - on).days,
        }
        return DriftNotice(document, "expiring", message)
    if document.status == LegalDocument.Status.AMENDED:
        message = _("%(doc)s đã được sửa đổi, bổ sung.") % {"doc": number}
        return DriftNotice(document, "amended", message)
    return None


def drift_notices(*, on: datetime.date, procedure) -> list[DriftNotice]:
    """The notices for one procedure page or admin page, in one query."""
    documents = (
        drifting_documents(on=on, procedure=procedure)
        .select_related("replaced_by")
        .distinct()
        .order_by("expires_on", "number")
    )
    return [n for n in (drift_notice(d, on) for d in documents) if n is not None]
