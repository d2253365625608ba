"""A procedure's page, its guidance's history and the word diff of two revisions."""

from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from delegation.models import delegation_in_force
from handbook.diff import revision_diff
from handbook.models import SECTION_FIELDS, Revision
from handbook.selectors import guidance_reading, previous_in_track
from handbook.services import page_feedback_record
from portal import selectors
from portal.params import MAX_ID, ParameterError, parse_day, parse_int, parse_yes_no
from portal.province_choice import reader_province
from portal.responses import bad_request
from procedures.models import Procedure
from questions.selectors import procedure_questions_context


def procedure_detail(request, slug):
    """The procedure as of today, or as of ``?ngay=``; province notes for the chosen province
    (``?tinh=`` for a shared link, else the reader's cookie)."""
    procedure = get_object_or_404(selectors.procedure_for_page(), slug=slug)
    try:
        as_of = parse_day(request.GET.get("ngay"))
        province = reader_province(request)
    except ParameterError as exc:
        return bad_request(request, str(exc))
    today = timezone.localdate()
    day = as_of or today
    context = selectors.procedure_page_context(procedure, on=day)
    context.update(guidance_context(procedure, day=day, province=province))
    drifting = {notice.document.pk for notice in context["drift_notices"]}
    context.update(
        {
            "as_of": as_of,
            "today": today,
            "delegation_in_force": delegation_in_force(context["delegations"], day),
            # The drift notice already names these documents; the header warns about the others.
            "basis_warnings": [
                w
                for w in context["basis_warnings"]
                if not w.document or w.document.pk not in drifting
            ],
            "reader_province": province,
            # The one-page printout of what this page shows: the same day and province.
            "print_query": reading_query(as_of, province),
            **procedure_questions_context(procedure),
        }
    )
    return render(request, "portal/procedure_detail.html", context)


def reading_query(as_of, province) -> str:
    """``ngay=…&tinh=…`` for what a procedure page shows (empty for today, no province)."""
    pairs = [
        ("ngay", as_of.isoformat() if as_of else ""),
        ("tinh", province.slug if province else ""),
    ]
    return urlencode([(name, value) for name, value in pairs if value])


def guidance_context(procedure: Procedure, *, day, province) -> dict:
    """The handbook's part of a procedure page or printout on ``day``: the national guidance's
    revision (or its withdrawal), the province's note, drift notices and the update history."""
    reading = guidance_reading(procedure=procedure, day=day, province=province)
    return {
        "revision": reading.revision,
        "withdrawal": reading.withdrawal,
        "drift_notices": reading.drift,
        "province_note": reading.note,
        "note_withdrawal": reading.note_withdrawal,
        "update_history": reading.history,
    }


def procedure_history(request, slug):
    """Every published revision of a procedure's guidance, with a form to compare two."""
    procedure = get_object_or_404(Procedure.objects.select_related("field"), slug=slug)
    try:
        province = reader_province(request)
    except ParameterError as exc:
        return bad_request(request, str(exc))
    revisions = list(
        Revision.objects.ever_published()
        .filter(guidance__procedure=procedure)
        .for_reader(province)
        .select_related("province")
        .defer(*SECTION_FIELDS, "summary")
        .order_by("-published_at", "-pk")
    )
    previous = previous_in_track(revisions)
    entries = [(r, previous[r.pk]) for r in revisions]
    return render(
        request,
        "portal/procedure_history.html",
        {"procedure": procedure, "entries": entries, "province": province},
    )


def _not_published_here(request, number: int):
    return bad_request(request, _("Thủ tục này không có phiên bản đã xuất bản số %s.") % number)


def revision_compare(request, slug):
    """The word-level difference between two published revisions (``?tu=`` and ``?den=``)."""
    procedure = get_object_or_404(Procedure, slug=slug)
    try:
        old_id = parse_int(request.GET.get("tu"), name="tu", low=1, high=MAX_ID)
        new_id = parse_int(request.GET.get("den"), name="den", low=1, high=MAX_ID)
    except ParameterError as exc:
        return bad_request(request, str(exc))
    if new_id is None:
        return bad_request(request, _("Hãy chọn phiên bản cần xem (tham số “den”)."))
    published = (
        Revision.objects.ever_published()
        .filter(guidance__procedure=procedure)
        .select_related("province", "guidance")
    )
    found = {r.pk: r for r in published.filter(pk__in=[i for i in (old_id, new_id) if i])}
    new = found.get(new_id)
    if new is None:
        return _not_published_here(request, new_id)
    if old_id is None:
        old = (
            published.filter(province_id=new.province_id, published_at__lt=new.published_at)
            .order_by("-published_at", "-pk")
            .first()
        )
    else:
        old = found.get(old_id)
        if old is None:
            return _not_published_here(request, old_id)
        if old.province_id != new.province_id:
            return bad_request(
                request,
                _(
                    "Chỉ so sánh được hai phiên bản cùng loại (hướng dẫn toàn quốc, hoặc ghi chú "
                    "của cùng một tỉnh)."
                ),
            )
    sections = revision_diff(old, new)
    return render(
        request,
        "portal/revision_compare.html",
        {
            "procedure": procedure,
            "old": old,
            "new": new,
            "changed": [s for s in sections if s.changed],
            "unchanged": [s for s in sections if not s.changed],
        },
    )


# Anonymous and without a session: a CSRF token would give every reader page a cookie (and
# make it uncacheable) to protect a yes/no count that anyone may send anyway; the per-address
# limit (portal/limits.py, "feedback") bounds what a forged or scripted post can add.
@csrf_exempt
@require_POST
def procedure_feedback(request, slug):
    """Keep one answer to "Trang này có hữu ích không?" and thank the reader."""
    procedure = get_object_or_404(Procedure, slug=slug)
    try:
        helpful = parse_yes_no(request.POST.get("huu-ich"), name="huu-ich")
    except ParameterError as exc:
        return bad_request(request, str(exc))
    page_feedback_record(procedure=procedure, helpful=helpful)
    return render(
        request, "portal/feedback_thanks.html", {"procedure": procedure, "helpful": helpful}
    )
