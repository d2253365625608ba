"""``procedures_changed``: sent, explicitly, after a write that changes what readers find.

The services and admin pages that change a procedure's record, its delegations or its
published guidance send it with the ids of the procedures concerned; the search index listens
(``search/apps.py``) and rewrites their entries. It is a signal, not a call, because the index
depends on procedures, delegations and the handbook alike: sending keeps those apps unaware of
search, so the dependencies still point one way. Nothing is sent from ``save()``.
"""

from collections.abc import Iterable

from django.dispatch import Signal

procedures_changed = Signal()


def announce_changed(ids: Iterable[int | None]) -> None:
    """Send ``procedures_changed`` for ``ids`` (None and duplicates are dropped)."""
    ids = sorted({pk for pk in ids if pk is not None})
    if ids:
        procedures_changed.send(sender=None, ids=ids)
