"""Readers' pages of the handbook: update history, word diffs, editions, the JSON API."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from delegation.models import Delegation, Province, delegation_in_force, handler_on
from handbook.diff import revision_diff
from handbook.markdown import render_markdown
from handbook.models import SECTION_FIELDS, Edition, Revision
from handbook.reading import (
    ReadingError,
    guidance_reading,
    parse_as_of,
    parse_province,
    previous_in_track,
    reader_province,
)
from procedures.models import Procedure


def bad_request(request, message: str):
    return render(request, "handbook/bad_request.html", {"message": message}, status=400)


def procedure_history(request, slug):
    """Every published revision of a procedure's guidance, with a form to compare two."""
    procedure = get_object_or_404(Procedure.objects.select_related("field"), slug=slug)
    try:
        province = reader_province(request)
    except ReadingError as exc:
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
        "handbook/procedure_history.html",
        {"procedure": procedure, "entries": entries, "province": province},
    )


def revision_compare(request, slug):
    """The word-level difference between two published revisions (``?tu=`` and ``?den=``)."""
    procedure = get_object_or_404(Procedure, slug=slug)
    published = (
        Revision.objects.ever_published()
        .filter(guidance__procedure=procedure)
        .select_related("province", "guidance")
    )
    ids = {}
    for param in ("tu", "den"):
        value = request.GET.get(param, "").strip()
        if value and not value.isdigit():
            return bad_request(request, _("Mã phiên bản “%s” không hợp lệ.") % value[:20])
        ids[param] = int(value) if value else None
    if ids["den"] is None:
        return bad_request(request, _("Hãy chọn phiên bản cần xem (tham số “den”)."))
    found = {r.pk: r for r in published.filter(pk__in=[i for i in ids.values() if i])}
    new = found.get(ids["den"])
    if new is None:
        return bad_request(
            request, _("Thủ tục này không có phiên bản đã xuất bản số %s.") % ids["den"]
        )
    if ids["tu"] is None:
        old = (
            published.filter(province_id=new.province_id, published_at__lt=new.published_at)
            .order_by("-published_at", "-pk")
            .first()
        )
    else:
        old = found.get(ids["tu"])
        if old is None:
            return bad_request(
                request, _("Thủ tục này không có phiên bản đã xuất bản số %s.") % ids["tu"]
            )
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
        "handbook/revision_compare.html",
        {
            "procedure": procedure,
            "old": old,
            "new": new,
            "changed": [s for s in sections if s.changed],
            "unchanged": [s for s in sections if not s.changed],
        },
    )


def recent_changes(request):
    """Recent major changes of the national guidance, the editions, and the feeds."""
    changes = (
        Revision.objects.ever_published()
        .major()
        .national()
        .select_related("guidance__procedure__field")
        .order_by("-published_at", "-pk")[:50]
    )
    return render(
        request,
        "handbook/recent_changes.html",
        {
            "changes": changes,
            "editions": Edition.objects.latest_first(),
            "provinces": Province.objects.all(),
        },
    )


def _edition(slug) -> Edition:
    return get_object_or_404(Edition.objects.select_related("previous", "published_by"), slug=slug)


def _by_procedure(revisions):
    """By field, then procedure, then province: slugs and folded names, so the order is the
    same on SQLite and PostgreSQL whatever the collation (as portal.selectors listings)."""
    return revisions.select_related("guidance__procedure__field", "province").order_by(
        "guidance__procedure__field__slug", "guidance__procedure__name_key", "province__slug"
    )


def edition_detail(request, slug):
    """An edition: its release notes and the revisions it brought."""
    edition = _edition(slug)
    changes = list(_by_procedure(edition.changes()).defer(*SECTION_FIELDS, "summary"))
    return render(
        request,
        "handbook/edition_detail.html",
        {
            "edition": edition,
            "release_notes": render_markdown(edition.release_notes),
            "major": [r for r in changes if r.is_major],
            "minor_count": sum(1 for r in changes if not r.is_major),
            "total": edition.revisions.national().count(),
        },
    )


def edition_since(request, slug):
    """What changed in the national guidance since an edition: one row per changed procedure."""
    edition = _edition(slug)
    then = {r.guidance_id: r for r in edition.revisions.national().defer(*SECTION_FIELDS)}
    now = {r.guidance_id: r for r in Revision.objects.published().national().defer(*SECTION_FIELDS)}
    notes = {}
    for revision in (
        Revision.objects.ever_published()
        .national()
        .major()
        .filter(published_at__gt=edition.published_at)
        .order_by("published_at")
        .only("guidance_id", "change_note", "published_at")
    ):
        notes.setdefault(revision.guidance_id, []).append(revision)
    changed_ids = {g for g in then.keys() | now.keys() if then.get(g) != now.get(g)}
    procedures = {
        p.guidance.pk: p
        for p in Procedure.objects.filter(guidance__pk__in=changed_ids)
        .select_related("field", "guidance")
        .order_by("field__slug", "name_key")
    }
    rows = [
        {
            "procedure": procedure,
            "old": then.get(guidance_id),
            "new": now.get(guidance_id),
            "notes": notes.get(guidance_id, []),
        }
        for guidance_id, procedure in procedures.items()
    ]
    return render(request, "handbook/edition_since.html", {"edition": edition, "rows": rows})


def edition_print(request, slug):
    """The whole handbook exactly as published in the edition (``?tinh=`` adds its notes)."""
    edition = _edition(slug)
    try:
        province = parse_province(request.GET.get("tinh"))
    except ReadingError as exc:
        return bad_request(request, str(exc))
    revisions = list(_by_procedure(edition.revisions.for_reader(province)))
    notes = {r.guidance_id: r for r in revisions if r.province_id}
    entries = [(r, notes.get(r.guidance_id)) for r in revisions if not r.province_id]
    return render(
        request,
        "handbook/edition_print.html",
        {"edition": edition, "entries": entries, "province": province},
    )


def _level(level):
    return {"slug": level.slug, "name": level.name} if level else None


def _revision_json(request, revision: Revision | None):
    if revision is None:
        return None
    return {
        "id": revision.pk,
        "published_at": revision.published_at.isoformat(),
        "change_kind": revision.change_kind,
        "change_note": revision.change_note,
        "summary": revision.summary,
        "sections": {f: getattr(revision, f) for f in SECTION_FIELDS if getattr(revision, f)},
    }


def procedure_api_payload(request, code) -> tuple[dict, int, Procedure | None]:
    """The body of ``GET /api/procedures/<code>?ngay=YYYY-MM-DD[&tinh=<slug>]``, its status and
    the procedure: the delegation and the guidance in force that day (and the province's notes).

    The reader pages serve the endpoint and add what other apps know (the public Q&A).
    """
    try:
        as_of = parse_as_of(request.GET.get("ngay"))
        province = parse_province(request.GET.get("tinh"))
    except ReadingError as exc:
        return {"error": str(exc)}, 400, None
    procedure = (
        Procedure.objects.select_related("field", "level")
        .prefetch_related(Prefetch("delegations", queryset=Delegation.objects.timeline()))
        .filter(code=code)
        .first()
    )
    if procedure is None:
        return {"error": _("Không có thủ tục mã “%s”.") % code[:20]}, 404, None
    day = as_of or timezone.localdate()
    delegations = list(procedure.delegations.all())
    delegation = delegation_in_force(delegations, day)
    reading = guidance_reading(procedure=procedure, day=day, province=province)
    data = {
        "code": procedure.code,
        "name": procedure.name,
        "url": request.build_absolute_uri(procedure.get_absolute_url()),
        "field": {"slug": procedure.field.slug, "name": procedure.field.name},
        "as_of": day.isoformat(),
        "handler_level": _level(handler_on(procedure, delegations, day)),
        "delegation": None,
        "guidance": _revision_json(request, reading.revision),
        "guidance_withdrawn": (
            {
                "id": reading.withdrawal.pk,
                "withdrawn_at": reading.withdrawal.ended_at.isoformat(),
                "reason": reading.withdrawal.withdrawal_reason,
            }
            if reading.withdrawal
            else None
        ),
        "needs_review": [
            {"document": n.document.number, "reason": n.reason, "message": n.message}
            for n in reading.drift
        ],
    }
    if delegation is not None:
        document = delegation.legal_document
        data["delegation"] = {
            "from_level": _level(delegation.from_level),
            "to_level": _level(delegation.to_level),
            "kind": delegation.kind or None,
            "kind_label": delegation.get_kind_display() or None,
            "legal_basis": {
                "document": document.number,
                "article": delegation.article or None,
                "url": request.build_absolute_uri(document.get_absolute_url()),
            }
            if document
            else None,
            "effective_from": delegation.effective_from and delegation.effective_from.isoformat(),
            "effective_until": (
                delegation.effective_until and delegation.effective_until.isoformat()
            ),
            "receiving_body": delegation.receiving_body or None,
            "deciding_body": delegation.deciding_body or None,
        }
    if province is not None:
        data["province"] = {"slug": province.slug, "name": province.name}
        data["province_notes"] = [_revision_json(request, reading.note)] if reading.note else []
    return data, 200, procedure
