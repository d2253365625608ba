"""Reads other parts of the portal call: similar questions, the public FAQ, the dashboard."""

import statistics
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from handbook.selectors import Task
from procedures.models import Procedure
from questions import matching, workflow
from questions.models import Clock, OnlineSession, Question

CANDIDATES = 200


def similar_questions(
    text: str, *, procedure: Procedure | None = None, limit: int = 5
) -> list[Question]:
    """Published questions and answers that look like ``text``, best first.

    Text is compared folded (no diacritics, đ = d), so "giay phep vien thong" finds "giấy phép
    viễn thông". A shared word scores 1, a shared pair of words 2 (see ``rank_questions`` for
    how much is needed). Those about ``procedure`` get 3 more and are always candidates.
    """
    condition = matching.shares_a_word(text)
    if procedure is not None:
        condition |= Q(procedure=procedure)
    if not condition:
        return []
    candidates = (
        Question.objects.published()
        .filter(condition)
        .select_related("procedure", "province", "asker")
        .order_by("-published_at")
    )
    return rank_questions(candidates[:CANDIDATES], text, procedure=procedure)[:limit]


def rank_questions(
    candidates: Iterable[Question], text: str, *, procedure: Procedure | None = None
) -> list[Question]:
    """``candidates`` that score enough against ``text``, best first, newest first on ties.

    Enough is 2, or a third of the query's content words for a long text, so a long question
    is not matched on two common words alone.
    """
    needed = max(2, len(matching.query_words(text)) // 3)
    scored = []
    for question in candidates:
        score = matching.score(text, question.search_key)
        if procedure is not None and question.procedure_id == procedure.pk:
            score += 3
        if score >= needed:
            scored.append((score, question.published_at, question))
    scored.sort(key=lambda row: (row[0], row[1]), reverse=True)
    return [question for _score, _at, question in scored]


def procedure_candidates(text: str, *, limit: int = 5) -> list[Procedure]:
    """Procedures whose name looks like ``text`` (folded words and pairs), best first."""
    words = matching.query_words(text, limit=4)
    if not words:
        return []
    condition = Q()
    for word in words:
        condition |= Q(name_key__contains=word)
    rows = Procedure.objects.filter(condition).only(
        "pk", "name", "code", "slug", "kind", "name_key"
    )
    scored = []
    for procedure in rows[: CANDIDATES * 2]:
        score = matching.score(text, f" {procedure.name_key} ")
        if score >= 2:
            scored.append((score, -len(procedure.name), procedure))
    scored.sort(key=lambda row: (row[0], row[1]), reverse=True)
    return [procedure for _score, _length, procedure in scored[:limit]]


def _faq_item(question: Question) -> dict[str, Any]:
    item = {
        "question": question.public_question,
        "answer": question.public_answer,
        "answered_at": timezone.localtime(question.answered_at).isoformat(),
        "published_at": timezone.localtime(question.published_at).isoformat(),
        "url": question.get_public_url(),
        "province": question.province.name,
    }
    if question.show_identity:
        item["asker_name"] = question.asker.full_name or question.asker.get_username()
        item["asker_unit"] = question.asker_unit
    return item


def _published_about(procedure: Procedure) -> QuerySet[Question]:
    return (
        Question.objects.published()
        .filter(procedure=procedure)
        .select_related("province", "asker")
        .order_by("-published_at", "-pk")
    )


def public_faq(procedure: Procedure) -> list[dict[str, Any]]:
    """The published questions and answers about ``procedure``, newest first (for the API).

    Each item: question, answer, answered_at, published_at (ISO 8601), url (the public page's
    path), province; asker_name and asker_unit only when the asker agreed to be named.
    """
    return [_faq_item(q) for q in _published_about(procedure)]


def procedure_questions_context(procedure: Procedure) -> dict[str, Any]:
    """What ``templates/portal/procedure/_faq.html`` needs on the procedure page (two queries).

    ``faq`` holds the same items as ``public_faq`` plus ``answered_on`` (a date) and
    ``asked_by`` (what readers may see of the asker).
    """
    now = timezone.now()
    sessions = (
        procedure.online_sessions.filter(status=OnlineSession.Status.SCHEDULED)
        .filter(Q(ends_at__gte=now) | Q(outcome_published_at__isnull=False))
        .order_by("-starts_at")
    )
    faq = [
        {
            **_faq_item(q),
            "answered_on": timezone.localtime(q.answered_at).date(),
            "asked_by": q.public_asker,
        }
        for q in _published_about(procedure)
    ]
    return {"faq": faq, "faq_sessions": list(sessions), "faq_now": now}


def with_age(questions: Iterable[Question], clock: Clock) -> list[Question]:
    """The questions as a list, each with ``age_working_days`` and ``overdue`` set.

    Age counts to the answer for answered questions and to today for open ones.
    """
    rows = list(questions)
    overdue_before = clock.overdue_before
    for q in rows:
        q.age_working_days = clock.working_days_since(
            q.created_at, until=None if q.is_open else q.answered_at
        )
        q.overdue = q.is_open and q.created_at < overdue_before
    return rows


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def dashboard(*, clock: Clock, since: datetime | None = None) -> dict:
    """The ministry's figures, in four queries whatever the number of questions.

    most_asked: the ten procedures with most questions; by_province and by_field: total, open
    and overdue counts; median answer time in working days and in calendar days, overall and
    per field. ``since`` limits everything to questions asked from then on.
    """
    questions = Question.objects.all()
    if since is not None:
        questions = questions.filter(created_at__gte=since)
    open_q = Q(status__in=Question.OPEN)
    overdue_q = open_q & Q(created_at__lt=clock.overdue_before)
    counts = {
        "total": Count("pk"),
        "open": Count("pk", filter=open_q),
        "overdue": Count("pk", filter=overdue_q),
    }
    most_asked = list(
        questions.filter(procedure__isnull=False)
        .values("procedure__name", "procedure__slug", "procedure__code")
        .annotate(total=Count("pk"), open=Count("pk", filter=open_q))
        .order_by("-total", "procedure__name")[:10]
    )
    by_province = list(
        questions.values("province__name", "province__slug")
        .annotate(**counts)
        .order_by("-overdue", "-open", "province__name")
    )
    by_field = list(
        questions.values("field__name")
        .annotate(**counts)
        .order_by("-overdue", "-open", "field__name")
    )
    answered = questions.filter(answered_at__isnull=False).values_list(
        "field__name", "created_at", "answered_at"
    )
    working: list[float] = []
    calendar: list[float] = []
    per_field: dict[str | None, list[float]] = {}
    for field_name, created, answered_at in answered:
        days = clock.working_days_since(created, until=answered_at)
        working.append(days)
        calendar.append((answered_at - created).total_seconds() / 86400)
        per_field.setdefault(field_name, []).append(days)
    general = _("Câu hỏi chung")
    for row in by_field:
        row["median_working_days"] = _median(per_field.get(row["field__name"], []))
        row["field__name"] = row["field__name"] or general
    return {
        "most_asked": most_asked,
        "by_province": by_province,
        "by_field": by_field,
        "answered_count": len(working),
        "median_working_days": _median(working),
        "median_calendar_days": _median(calendar),
        "open_total": sum(row["open"] for row in by_province),
        "overdue_total": sum(row["overdue"] for row in by_province),
    }


def staff_tasks(user: User, clock: Clock | None = None) -> list[Task]:
    """The questions waiting for ``user`` to answer, by state, with how many are overdue.

    Department staff: their province's new and in-hand questions (not their own); ministry staff
    who answer escalated questions: the escalated ones. Links open the questions list filtered.
    """
    actor = workflow.Actor.of(user)
    S = Question.Status
    wanted = []
    if actor.is_department and actor.province_id:
        mine = Question.objects.filter(province_id=actor.province_id).exclude(asker_id=user.pk)
        wanted += [
            (_("Câu hỏi mới, chưa ai nhận"), mine, S.NEW),
            (_("Câu hỏi Sở đang xử lý"), mine, S.ASSIGNED),
        ]
    if workflow.ANSWER_ESCALATED in actor.permissions:
        wanted.append(
            (_("Câu hỏi chuyển lên Bộ, chờ Bộ trả lời"), Question.objects.all(), S.ESCALATED)
        )
    if not wanted:
        return []
    clock = clock or Clock.now()
    tasks = []
    for label, rows, status in wanted:
        rows = rows.filter(status=status)
        late = rows.filter(created_at__lt=clock.overdue_before).count()
        tasks.append(
            Task(
                label,
                rows.count(),
                f"{reverse('questions:list')}?trangthai={status}",
                ngettext("%(n)d câu hỏi quá hạn", "%(n)d câu hỏi quá hạn", late) % {"n": late}
                if late
                else "",
            )
        )
    return tasks
