"""Public questions and answers (``/hoi-dap/``) and the online sessions
(``/giai-dap-truc-tuyen/``): what anyone may read. Asking and answering are questions' pages."""

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from handbook.markdown import render_markdown
from portal.filters import FaqFilter
from portal.params import page_number
from questions import selectors
from questions.models import OnlineSession, Question, SessionMaterial
from questions.workflow import Actor

PAGE_SIZE = 25
ANSWERED = [Question.Status.ANSWERED, Question.Status.CLOSED]


def faq_list(request):
    """Published questions and answers, searchable without diacritics."""
    filterset = FaqFilter(
        request.GET,
        queryset=Question.objects.published()
        .select_related("procedure", "province", "asker")
        .order_by("-published_at"),
    )
    query = filterset.form.cleaned_data.get("q", "") if filterset.is_valid() else ""
    results = filterset.qs
    if query.strip():
        results = selectors.rank_questions(results[: selectors.CANDIDATES], query)
    page = Paginator(results, PAGE_SIZE).get_page(page_number(request.GET.get("trang")))
    return render(
        request,
        "portal/faq_list.html",
        {"actor": Actor.of(request.user), "filter": filterset, "page": page},
    )


def faq_detail(request, pk):
    question = get_object_or_404(
        Question.objects.published().select_related("procedure", "province", "asker", "session"),
        pk=pk,
    )
    return render(
        request, "portal/faq_detail.html", {"question": question, "actor": Actor.of(request.user)}
    )


def session_list(request):
    now = timezone.now()
    sessions = OnlineSession.objects.select_related("field", "host_unit").prefetch_related(
        "procedures"
    )
    answered = Q(questions__status__in=ANSWERED)
    return render(
        request,
        "portal/session_list.html",
        {
            "upcoming": sessions.upcoming(now),
            # How many each answered, counted by the database (the questions are not shown).
            "past": sessions.past(now).annotate(answered_count=Count("questions", filter=answered))[
                :50
            ],
            "actor": Actor.of(request.user),
        },
    )


def session_detail(request, pk):
    session = get_object_or_404(
        OnlineSession.objects.select_related("field", "host_unit").prefetch_related(
            "procedures", "materials"
        ),
        pk=pk,
    )
    answered = session.questions.filter(status__in=ANSWERED).select_related(
        "province", "procedure", "asker"
    )
    actor = Actor.of(request.user)
    return render(
        request,
        "portal/session_detail.html",
        {
            "session": session,
            "published_answers": [q for q in answered if q.is_published],
            "answered_count": len(answered),
            "minutes_html": render_markdown(session.minutes) if session.outcome_published else "",
            "queued": session.questions.filter(Q(status=Question.Status.ESCALATED)).count()
            if actor.is_ministry
            else None,
            "actor": actor,
        },
    )


def session_material(request, pk):
    """A material file of a session whose outcome is published."""
    material = get_object_or_404(
        SessionMaterial.objects.select_related("session"),
        pk=pk,
        session__outcome_published_at__isnull=False,
    )
    if not material.file:
        raise Http404
    try:
        handle = material.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type=material.file_type, as_attachment=False)
    response["X-Content-Type-Options"] = "nosniff"
    return response
