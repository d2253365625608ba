"""Working days: Monday to Friday, less the public holidays staff record in the admin.

A question is overdue when more than ``OVERDUE_AFTER`` working days have passed since the day it
was asked while it is still open. The day of asking does not count; today does.
"""

import datetime
from collections.abc import Collection

OVERDUE_AFTER = 10


def is_working_day(day: datetime.date, holidays: Collection[datetime.date] = ()) -> bool:
    return day.weekday() < 5 and day not in holidays


def working_days_between(
    start: datetime.date, end: datetime.date, holidays: Collection[datetime.date] = ()
) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when ``end`` <= ``start``)."""
    if end <= start:
        return 0
    total_days = (end - start).days
    weeks, rest = divmod(total_days, 7)
    count = weeks * 5
    for offset in range(1, rest + 1):
        if (start + datetime.timedelta(days=offset)).weekday() < 5:
            count += 1
    count -= sum(1 for h in holidays if start < h <= end and h.weekday() < 5)
    return count


def overdue_cutoff(
    today: datetime.date,
    holidays: Collection[datetime.date] = (),
    limit: int = OVERDUE_AFTER,
) -> datetime.date:
    """The first day a question may have been asked on and not be overdue ``today``.

    Asked before this day means more than ``limit`` working days have passed; this lets the
    database filter overdue questions with one comparison.
    """
    day, counted = today, 0
    while True:
        if is_working_day(day, holidays):
            counted += 1
            if counted == limit + 1:
                return day
        day -= datetime.timedelta(days=1)


def due_date(
    start: datetime.date,
    holidays: Collection[datetime.date] = (),
    limit: int = OVERDUE_AFTER,
) -> datetime.date:
    """The last day to answer a question asked on ``start``: its ``limit``-th working day after.

    A question still open on the next working day is overdue (``overdue_cutoff``).
    """
    day, counted = start, 0
    while counted < limit:
        day += datetime.timedelta(days=1)
        if is_working_day(day, holidays):
            counted += 1
    return day
