"""``procedures_changed``: sent, explicitly, after a write that changes what readers find.

The services that change a procedure's record, its delegations or its published guidance send
it with the ids of the procedures concerned; the search index listens (``search/apps.py``) and
rewrites their entries. It is a signal, not a call, because the index depends on procedures,
delegations and the handbook alike: sending keeps those apps unaware of search, so the
dependencies still point one way. Nothing is sent from ``save()``.

The services of procedures and delegations send it once their transaction commits
(``announce_changed_on_commit``): a write rolled back announces nothing.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial

from django.db import transaction
from django.dispatch import Signal

procedures_changed = Signal()

# The ids collected by ``announce_together`` (None outside it).
_collected: ContextVar[set[int] | None] = ContextVar("announce_collected", default=None)


def announce_changed(ids: Iterable[int | None]) -> None:
    """Send ``procedures_changed`` for ``ids`` (None and duplicates are dropped)."""
    ids = sorted({pk for pk in ids if pk is not None})
    if ids:
        procedures_changed.send(sender=None, ids=ids)


def announce_changed_on_commit(ids: Iterable[int | None]) -> None:
    """Announce ``ids`` once the transaction in progress commits (at once outside one).

    Nothing is announced if the transaction, or the savepoint the call was made in, is rolled
    back. Inside ``announce_together()`` the ids are announced with the others of that block.
    """
    known = {pk for pk in ids if pk is not None}
    if not known:
        return
    collected = _collected.get()
    if collected is None:
        transaction.on_commit(partial(announce_changed, known))
    else:
        transaction.on_commit(partial(collected.update, known))


@contextmanager
def announce_together() -> Iterator[None]:
    """Announce what the block's writes announce in one signal, after the commit.

    For a write of many procedures in one transaction (an import): one refresh of the index
    instead of one per row. The block must run inside that transaction; if it raises, nothing
    is announced.
    """
    collected: set[int] = set()
    token = _collected.set(collected)
    try:
        yield
    finally:
        _collected.reset(token)
    # Registered after every write of the block, so run after their callbacks filled the set;
    # those of a rolled-back savepoint never run.
    transaction.on_commit(partial(announce_changed, collected))
