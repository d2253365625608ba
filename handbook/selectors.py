"""What a reader sees of the handbook on a given day and for a province.

The procedure page, the history page and the JSON API (portal) read the guidance through
``guidance_reading``, so the three agree.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from delegation.models import Province
from handbook.drift import DriftNotice, drift_notices
from handbook.models import REVIEW_PERMISSION, SECTION_FIELDS, PageFeedback, Revision, end_of_day
from procedures.models import Procedure


@dataclass
class HistoryEntry:
    revision: Revision
    previous: Revision | None  # the published revision before it, for the word diff


@dataclass
class GuidanceReading:
    revision: Revision | None  # the national guidance in force
    note: Revision | None  # the chosen province's note in force
    withdrawal: Revision | None  # the national guidance withdrawn, when nothing replaced it
    note_withdrawal: Revision | None
    history: list[HistoryEntry]  # major changes, newest first (national and the province's)
    drift: list[DriftNotice]


def previous_in_track(revisions: list[Revision]) -> dict[int, Revision | None]:
    """For each of ``revisions`` (newest first), the one it replaced: the next older one of the
    same track (the national guidance, or one province's note), or None."""
    previous: dict[int, Revision | None] = {}
    for track in {r.province_id for r in revisions}:
        ordered = [r for r in revisions if r.province_id == track]
        previous.update({r.pk: p for r, p in zip(ordered, [*ordered[1:], None], strict=True)})
    return previous


def _history(revisions: list[Revision]) -> list[HistoryEntry]:
    """Major changes newest first, each with the revision it replaced (of the same track)."""
    previous = previous_in_track(revisions)
    entries = [HistoryEntry(r, previous[r.pk]) for r in revisions if r.is_major]
    return sorted(entries, key=lambda e: (e.revision.published_at, e.revision.pk), reverse=True)


def _withdrawal(
    revisions: list[Revision], track: int | None, until: datetime.datetime
) -> Revision | None:
    """The latest revision of ``track`` if it had been withdrawn by ``until``."""
    latest = next((r for r in revisions if r.province_id == track), None)
    if latest is None or latest.status != Revision.Status.WITHDRAWN:
        return None
    ended = latest.ended_at
    return latest if ended is not None and ended <= until else None


def guidance_reading(
    *, procedure: Procedure, day: datetime.date, province: Province | None = None
) -> GuidanceReading:
    """The guidance (and ``province``'s note) in force at the end of ``day``; four queries."""
    until = min(end_of_day(day), timezone.now())
    base = Revision.objects.filter(guidance__procedure=procedure).for_reader(province)
    in_force = {
        r.province_id: r for r in base.in_force(on=day).select_related("province", "published_by")
    }
    # Every revision published up to that day, without its text: the history and withdrawals.
    seen = list(
        base.ever_published()
        .filter(published_at__lte=until)
        .select_related("province")
        .defer(*SECTION_FIELDS, "summary")
        .order_by("-published_at", "-pk")
    )
    province_id = province.pk if province else None
    return GuidanceReading(
        revision=in_force.get(None),
        note=in_force.get(province_id) if province else None,
        withdrawal=None if None in in_force else _withdrawal(seen, None, until),
        note_withdrawal=(
            _withdrawal(seen, province_id, until)
            if province and province_id not in in_force
            else None
        ),
        history=_history(seen),
        drift=drift_notices(on=day, procedure=procedure.pk),
    )


@dataclass
class Task:
    """One line of a staff member's "Việc cần làm": what, how many, where to do it."""

    label: str
    count: int
    url: str
    note: str = ""


def staff_tasks(user: User) -> list[Task]:
    """The handbook work waiting for ``user``: drafts sent back to them, reviews waiting.

    Writers see their drafts a reviewer returned (department staff: their Sở's); reviewers see
    the submitted revisions waiting for review. A role without the permission gets no line.
    """
    tasks: list[Task] = []
    if not user.is_authenticated:
        return tasks
    visible = Revision.objects.visible_to(user)
    if user.has_perm("handbook.change_revision"):
        sent_back = visible.sent_back()
        if user.has_perm(REVIEW_PERMISSION):
            sent_back = sent_back.filter(author=user)  # a reviewer sees every draft: only theirs
        tasks.append(
            Task(
                _("Bản nháp bị trả lại, cần sửa"),
                sent_back.count(),
                reverse("admin:handbook_revision_changelist") + "?tra_lai=1",
                _("Đọc ý kiến của người duyệt, sửa rồi gửi duyệt lại."),
            )
        )
    if user.has_perm(REVIEW_PERMISSION):
        tasks.append(
            Task(
                _("Bản hướng dẫn chờ duyệt"),
                visible.review_queue().count(),
                reverse("admin:handbook_revisioninreview_changelist"),
            )
        )
    return tasks


def page_feedback_counts(*, since: datetime.datetime | None = None, limit: int = 10) -> dict:
    """The answers to "Trang này có hữu ích không?": totals, and the ``limit`` procedures with
    the most "không" (the pages to improve first), each with its yes and no counts."""
    answers = PageFeedback.objects.all()
    if since is not None:
        answers = answers.filter(created_at__gte=since)
    totals = answers.aggregate(
        yes=Count("pk", filter=Q(helpful=True)), no=Count("pk", filter=Q(helpful=False))
    )
    worst = list(
        answers.values("procedure__name", "procedure__slug", "procedure__code")
        .annotate(yes=Count("pk", filter=Q(helpful=True)), no=Count("pk", filter=Q(helpful=False)))
        .filter(no__gt=0)
        .order_by("-no", "yes", "procedure__name")[:limit]
    )
    return {"totals": totals, "worst": worst}
