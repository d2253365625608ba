"""How sure the portal's facts are: counts by confidence, for the fidelity report of the suite.

Reads only; nothing here decides what a page shows (``handler_on`` and the models do).
"""

import datetime
from collections import Counter

from django.db.models import Prefetch

from delegation.models import Delegation, LevelChange, handler_on
from procedures.models import LegalDocument, Procedure


def fidelity_summary(*, on: datetime.date) -> dict[str, Counter | int]:
    """Delegations by confidence, observed level changes, the handler on ``on`` of every
    procedure by confidence (and confirmed or not), and legal documents by status."""
    procedures = Procedure.objects.select_related("level").prefetch_related(
        Prefetch("delegations", queryset=Delegation.objects.for_handler())
    )
    handlers: Counter[str] = Counter()
    for procedure in procedures:
        handler = handler_on(procedure, list(procedure.delegations.all()), on)
        state = "confirmed" if handler.confirmed else "unconfirmed"
        handlers[f"{handler.confidence} ({state})"] += 1
    return {
        "delegations": Counter(Delegation.objects.values_list("confidence", flat=True)),
        "level_changes": LevelChange.objects.count(),
        "handlers": handlers,
        "documents": Counter(
            status or "chưa có dữ liệu"
            for status in LegalDocument.objects.values_list("status", flat=True)
        ),
    }


def summary_lines(summary: dict) -> list[str]:
    def fmt(counter: Counter) -> str:
        return ", ".join(f"{key} {counter[key]}" for key in sorted(counter)) or "none"

    return [
        f"delegations by confidence: {fmt(summary['delegations'])}",
        f"observed level changes (not delegations): {summary['level_changes']}",
        f"handler on the day, by confidence: {fmt(summary['handlers'])}",
        f"legal documents by status: {fmt(summary['documents'])}",
    ]
