"""The JSON API: a procedure on a day, search, and suggestions for the search box.

Errors are ``{"error": "..."}`` with their status (400 for a parameter, 404 for an unknown code).
"""

import datetime

from django.db.models import F, Max, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from delegation.models import (
    Delegation,
    Handler,
    LevelChange,
    delegation_in_force,
    handler_on,
    with_handler,
)
from handbook.markdown import render_markdown
from handbook.models import SECTION_FIELDS, Revision
from handbook.selectors import guidance_reading
from portal.filters import ProcedureSearchFilter
from portal.forms import SearchForm
from portal.params import (
    ParameterError,
    parse_code,
    parse_day,
    parse_int,
    parse_moment,
    parse_province,
    parse_slug,
)
from portal.responses import bad_request, json_response
from procedures.models import AuthorityLevel, Field, Procedure
from questions.selectors import public_faq
from search.query import QueryError
from search.services import search_procedures, suggest_names

SEARCH_DEFAULT_LIMIT = 10
SEARCH_MAX_LIMIT = 50
SUGGEST_LIMIT = 8
LIST_DEFAULT_PER_PAGE = 50
LIST_MAX_PER_PAGE = 200


def _level(level):
    return {"slug": level.slug, "name": level.name} if level else None


def _revision_json(revision: Revision | None):
    if revision is None:
        return None
    return {
        "id": revision.pk,
        "published_at": revision.published_at.isoformat() if revision.published_at else None,
        "change_kind": revision.change_kind,
        "change_note": revision.change_note,
        "summary": revision.summary,
        # Each section as written (Markdown) and as the portal shows it (HTML, sanitised by the
        # same allow-list as the pages: safe to insert into another page as it is).
        "sections": {f: getattr(revision, f) for f in SECTION_FIELDS if getattr(revision, f)},
        "sections_html": {
            f: str(render_markdown(getattr(revision, f)))
            for f in SECTION_FIELDS
            if getattr(revision, f)
        },
    }


def _source_json(source: dict) -> dict:
    """A structured source, dates as ISO strings and the level it names as slug and name."""
    out = {}
    for key, value in source.items():
        if isinstance(value, datetime.date):
            value = value.isoformat()
        elif key == "level":
            value = _level(value)
        out[key] = value
    return out


def _handler_json(handler: Handler) -> dict:
    return {
        "level": _level(handler.level),
        "confidence": handler.confidence,
        "confirmed": handler.confirmed,
        "source": _source_json(handler.source),
    }


def _delegation_json(request, delegation: Delegation) -> dict:
    document = delegation.legal_document
    return {
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
        "effective_until": delegation.effective_until and delegation.effective_until.isoformat(),
        "confidence": delegation.confidence,
        "source": _source_json(delegation.source()),
        "receiving_body": delegation.receiving_body or None,
        "deciding_body": delegation.deciding_body or None,
    }


def procedure_api(request, code):
    """``GET /api/procedures/<code>?ngay=YYYY-MM-DD[&tinh=<slug>]``: the delegation and the
    guidance in force that day (and the province's notes), the legal-drift reasons, and the
    procedure's public questions and answers."""
    try:
        code = parse_code(code)
        as_of = parse_day(request.GET.get("ngay"))
        province = parse_province(request.GET.get("tinh"))
    except ParameterError as exc:
        return bad_request(request, str(exc))
    procedure = (
        Procedure.objects.select_related("field", "level")
        .prefetch_related(
            Prefetch("delegations", queryset=Delegation.objects.timeline()),
            Prefetch(
                "level_changes",
                queryset=LevelChange.objects.select_related("old_level", "new_level"),
            ),
        )
        .filter(code=code)
        .first()
    )
    if procedure is None:
        return json_response({"error": _("Không có thủ tục mã “%s”.") % code}, status=404)
    day = as_of or timezone.localdate()
    delegations = list(procedure.delegations.all())
    # Only a delegation with a legal or official source; observed changes are level_changes.
    delegation = delegation_in_force(delegations, day)
    handler = handler_on(procedure, delegations, day)
    reading = guidance_reading(procedure=procedure, day=day, province=province)
    data = {
        "code": procedure.code,
        "name": procedure.name,
        "url": request.build_absolute_uri(procedure.get_absolute_url()),
        "field": {"slug": procedure.field.slug, "name": procedure.field.name},
        "as_of": day.isoformat(),
        "handler": _handler_json(handler),
        # Kept for older clients: the level only when a source confirms it for the day.
        "handler_level": _level(handler.level if handler.confirmed else None),
        "level_changes": [change.as_json() for change in procedure.level_changes.all()],
        "delegation": _delegation_json(request, delegation) if delegation else None,
        "guidance": _revision_json(reading.revision),
        "guidance_withdrawn": (
            {
                "id": reading.withdrawal.pk,
                "withdrawn_at": (
                    reading.withdrawal.ended_at.isoformat() if reading.withdrawal.ended_at else None
                ),
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
    if province is not None:
        data["province"] = {"slug": province.slug, "name": province.name}
        data["province_notes"] = [_revision_json(reading.note)] if reading.note else []
    data["faq"] = [
        {**item, "url": request.build_absolute_uri(item["url"])} for item in public_faq(procedure)
    ]
    return json_response(data)


def _form_errors(*forms) -> str:
    return "; ".join(
        f"{name}: {' '.join(errors)}" for form in forms for name, errors in form.errors.items()
    )


def api_search(request):
    """``GET /api/search?q=...&gioihan=N`` (and the search page's filters): the best matches."""
    form = SearchForm(request.GET)
    filterset = ProcedureSearchFilter(request.GET)
    if not form.is_valid() or not filterset.is_valid():
        return bad_request(request, _form_errors(form, filterset.form))
    try:
        limit = parse_int(request.GET.get("gioihan"), name="gioihan", low=1, high=SEARCH_MAX_LIMIT)
        found = search_procedures(
            form.cleaned_data["q"],
            procedures=filterset.qs if filterset.active else None,
            on=filterset.day,
            limit=limit or SEARCH_DEFAULT_LIMIT,
        )
    except ParameterError as exc:
        return bad_request(request, str(exc))
    except QueryError as error:
        return bad_request(request, error.message)
    return json_response(
        {
            "query": found.query.text,
            "count": found.count,
            "count_is_exact": found.count_is_exact,
            "results": [
                {
                    "code": result.procedure.code,
                    "name": result.procedure.name,
                    "url": request.build_absolute_uri(result.procedure.get_absolute_url()),
                    "field": result.procedure.field.name,
                    "handled_by": result.handled_by.name if result.handled_by else None,
                    "snippet": result.snippet,
                }
                for result in found.results
            ],
        }
    )


def api_suggest(request):
    """``GET /api/suggest?q=...``: names for the search box as the official types."""
    form = SearchForm(request.GET)
    if not form.is_valid():
        return bad_request(request, _form_errors(form))
    try:
        procedures = suggest_names(form.cleaned_data["q"], limit=SUGGEST_LIMIT)
    except QueryError as error:
        return bad_request(request, error.message)
    handlers = _suggested_handlers([p.pk for p in procedures])
    return json_response(
        {
            "query": form.cleaned_data["q"].strip(),
            "suggestions": [
                {
                    "code": p.code,
                    "name": p.name,
                    "url": p.get_absolute_url(),
                    "handler": handlers.get(p.pk, {"level": None, "confirmed": False}),
                }
                for p in procedures
            ],
        }
    )


def _suggested_handlers(pks: list[int]) -> dict[int, dict]:
    """Who handles each suggestion today (one query): the level only when a source confirms it,
    as everywhere else (issue 11); the search box shows it beside the name (issue 14)."""
    if not pks:
        return {}
    levels = {level.pk: level for level in AuthorityLevel.objects.all()}
    rows = with_handler(Procedure.objects.filter(pk__in=pks), on=timezone.localdate()).values_list(
        "pk", "handler_level_id", "handler_confirmed"
    )
    return {
        pk: {
            "level": _level(levels.get(level_id) if confirmed else None),
            "confirmed": bool(confirmed),
        }
        for pk, level_id, confirmed in rows
    }


def _page_url(request, page: int) -> str:
    query = request.GET.copy()
    query["trang"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def with_changed_at(procedures):
    """``procedures`` annotated with ``changed_at``: the latest of the record's change, a
    change to one of its delegations (the history keeps deletions too) and a publication or end
    of one of its guidance revisions. Each part falls back to the record's own time, since
    SQLite's MAX() of several values is NULL when one is."""
    delegations = (
        Delegation.history.filter(procedure_id=OuterRef("pk"))
        .order_by()
        .values("procedure_id")
        .annotate(latest=Max("history_date"))
        .values("latest")
    )

    def revisions(moment: str):
        return (
            Revision.objects.filter(guidance__procedure_id=OuterRef("pk"))
            .order_by()
            .values("guidance__procedure_id")
            .annotate(latest=Max(moment))
            .values("latest")
        )

    record = F("updated_at")
    return procedures.annotate(
        changed_at=Greatest(
            record,
            Coalesce(Subquery(delegations), record),
            Coalesce(Subquery(revisions("published_at")), record),
            Coalesce(Subquery(revisions("ended_at")), record),
        )
    )


def procedure_list_api(request):
    """``GET /api/procedures?page=&per_page=&field=&level=&ngay=&since=``: every procedure, a page
    at a time, with who handles it on ``ngay`` (today by default) and how sure that is.

    ``page``, ``field`` and ``level`` are the portal's old names of ``trang``, ``linhvuc`` and
    ``cap`` (ReaderParametersMiddleware renames them; the links use the new names).
    ``field`` and ``level`` filter by slug (``level``: the level of the national record);
    ``since`` keeps the procedures that changed after that moment: their record, a delegation
    (saved or deleted: its history) or their guidance (a revision published, withdrawn or
    superseded). Rows are ordered by that ``changed_at`` then code, so a mirror that asks again
    with ``since=`` the last ``changed_at`` it saw misses nothing and sees each row in the same
    place.
    """
    try:
        page = parse_int(request.GET.get("trang"), name="page", low=1, high=10**9) or 1
        per_page = (
            parse_int(request.GET.get("per_page"), name="per_page", low=1, high=LIST_MAX_PER_PAGE)
            or LIST_DEFAULT_PER_PAGE
        )
        field_slug = parse_slug(request.GET.get("linhvuc"), name="field")
        level_slug = parse_slug(request.GET.get("cap"), name="level")
        as_of = parse_day(request.GET.get("ngay"))
        since = parse_moment(request.GET.get("since"), name="since")
    except ParameterError as exc:
        return bad_request(request, str(exc))
    procedures = with_changed_at(Procedure.objects.select_related("field", "level"))
    if field_slug:
        if not Field.objects.filter(slug=field_slug).exists():
            return bad_request(request, _("Không có lĩnh vực “%s”.") % field_slug)
        procedures = procedures.filter(field__slug=field_slug)
    if level_slug:
        if not AuthorityLevel.objects.filter(slug=level_slug).exists():
            return bad_request(request, _("Không có cấp “%s”.") % level_slug)
        procedures = procedures.filter(level__slug=level_slug)
    if since:
        procedures = procedures.filter(changed_at__gt=since)
    procedures = procedures.order_by("changed_at", "code", "pk")
    count = procedures.count()
    pages = max(1, -(-count // per_page))
    if page > pages:
        return bad_request(
            request,
            _("Trang %(page)d không có: chỉ có %(pages)d trang.") % {"page": page, "pages": pages},
        )
    rows = list(
        procedures.prefetch_related(
            Prefetch("delegations", queryset=Delegation.objects.timeline())
        )[(page - 1) * per_page : page * per_page]
    )
    day = as_of or timezone.localdate()
    results = []
    for procedure in rows:
        handler = handler_on(procedure, list(procedure.delegations.all()), day)
        results.append(
            {
                "code": procedure.code,
                "name": procedure.name,
                "field": procedure.field.slug,
                "level": _level(procedure.level),
                "handler": {
                    "level": _level(handler.level),
                    "confidence": handler.confidence,
                    "confirmed": handler.confirmed,
                },
                "url": request.build_absolute_uri(procedure.get_absolute_url()),
                "api_url": (
                    request.build_absolute_uri(
                        reverse("portal:api-procedure", args=[procedure.code])
                    )
                    if procedure.code
                    else None
                ),
                "updated_at": procedure.updated_at.isoformat(),
                "changed_at": procedure.changed_at.isoformat(),
            }
        )
    return json_response(
        {
            "count": count,
            "page": page,
            "per_page": per_page,
            "as_of": day.isoformat(),
            "next": _page_url(request, page + 1) if page < pages else None,
            "previous": _page_url(request, page - 1) if page > 1 else None,
            "results": results,
        }
    )
