"""The reader's pages. Thin views: ask a QuerySet, render."""

from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from delegation.models import Delegation, Province, handler_on, procedures_handled_by
from handbook.models import Revision
from handbook.reading import (
    ReadingError,
    delegation_in_force,
    guidance_reading,
    parse_as_of,
    reader_province,
)
from procedures.models import AuthorityLevel, Field, LegalDocument, Procedure
from questions.selectors import procedure_questions_context


def today():
    return timezone.localdate()


def home(request):
    fields = Field.objects.annotate(procedure_count=Count("procedures")).filter(
        procedure_count__gt=0
    )
    latest = (
        Revision.objects.published()
        .national()
        .select_related("guidance__procedure")
        .order_by("-published_at")[:8]
    )
    return render(
        request,
        "portal/home.html",
        {"fields": fields, "levels": AuthorityLevel.objects.all(), "latest": latest},
    )


def procedure_detail(request, slug):
    procedure = get_object_or_404(
        Procedure.objects.select_related("field", "level").prefetch_related(
            "legal_documents",
            Prefetch("delegations", queryset=Delegation.objects.timeline()),
        ),
        slug=slug,
    )
    delegations = list(procedure.delegations.all())
    # Handbook: reading as of ?ngay=, the reader's province notes, history, legal drift.
    try:
        as_of = parse_as_of(request.GET.get("ngay"))
        province = reader_province(request)
    except ReadingError as exc:
        return render(request, "handbook/bad_request.html", {"message": str(exc)}, status=400)
    day = as_of or today()
    reading = guidance_reading(procedure=procedure, day=day, province=province)
    return render(
        request,
        "portal/procedure_detail.html",
        {
            "procedure": procedure,
            "delegations": delegations,
            "handler": handler_on(procedure, delegations, day),
            "revision": reading.revision,
            "today": today(),
            "as_of": as_of,
            "day": day,
            "delegation_in_force": delegation_in_force(delegations, day),
            "withdrawal": reading.withdrawal,
            "reader_province": province,
            "province_note": reading.note,
            "note_withdrawal": reading.note_withdrawal,
            "provinces": Province.objects.only("slug", "name"),
            "update_history": reading.history,
            "drift_notices": reading.drift,
            **procedure_questions_context(procedure),
        },
    )


def field_detail(request, slug):
    field = get_object_or_404(Field, slug=slug)
    procedures = Procedure.objects.for_listing().filter(field=field)
    return render(request, "portal/field_detail.html", {"field": field, "procedures": procedures})


def level_detail(request, slug):
    level = get_object_or_404(AuthorityLevel, slug=slug)
    day = today()
    procedures = (
        procedures_handled_by(level, on=day).select_related("field").order_by("field__name", "name")
    )
    return render(
        request,
        "portal/level_detail.html",
        {"level": level, "procedures": procedures, "day": day},
    )


def document_detail(request, slug):
    document = get_object_or_404(LegalDocument, slug=slug)
    delegations = document.delegations.select_related(
        "procedure", "from_level", "to_level"
    ).order_by("article", "procedure__name")
    return render(
        request,
        "portal/document_detail.html",
        {"document": document, "delegations": delegations, "today": today()},
    )


def province_detail(request, slug):
    province = get_object_or_404(Province, slug=slug)
    return render(request, "portal/province_detail.html", {"province": province})
