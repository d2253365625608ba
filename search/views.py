"""Search pages and API. Thin: validate the form and filters, ask search.services, render."""

import math

from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from search.filters import ProcedureSearchFilter, SearchForm
from search.query import QueryError
from search.services import facet_counts, search_procedures, suggest_names

PAGE_SIZE = 20
API_DEFAULT_LIMIT = 10
API_MAX_LIMIT = 50
SUGGEST_LIMIT = 8


def results(request):
    """The results page: ranked matches with highlights, filters with counts, pagination."""
    form = SearchForm(request.GET)
    filterset = ProcedureSearchFilter(request.GET or None)
    context = {"form": form, "filterset": filterset, "query": request.GET.get("q", "")}
    if not form.is_valid() or (filterset.is_bound and not filterset.is_valid()):
        return render(request, "search/results.html", context, status=400)
    query = form.cleaned_data["q"].strip()
    if not query:
        return render(request, "search/results.html", context)
    page = form.cleaned_data["page"] or 1
    try:
        found = search_procedures(
            query,
            procedures=filterset.qs if filterset.active else None,
            on=filterset.day,
            limit=PAGE_SIZE,
            offset=(page - 1) * PAGE_SIZE,
        )
    except QueryError as error:
        form.add_error("q", error.message)
        return render(request, "search/results.html", context, status=400)
    if found.redirect and page == 1 and not filterset.active:
        return redirect(found.redirect)
    pages = max(1, math.ceil(len(found.ids) / PAGE_SIZE))
    context.update(
        found=found,
        facets=_facet_links(request.GET, filterset, facet_counts(found.ids, on=found.on)),
        page=page,
        pages=pages,
        page_numbers=_page_numbers(page, pages),
        first_number=(page - 1) * PAGE_SIZE + 1,
    )
    return render(request, "search/results.html", context)


def _facet_links(params, filterset, counts: dict[str, list[tuple]]) -> list[dict]:
    """Each facet's values with their count and the URL that applies or removes them."""
    facets = []
    for name in ("field", "level", "kind", "document", "status"):
        selected = params.get(name, "")
        clear = params.copy()
        clear.pop(name, None)
        clear.pop("page", None)
        values = []
        for value, label, count in counts[name]:
            chosen = params.copy()
            chosen[name] = value
            chosen.pop("page", None)
            values.append(
                {
                    "label": label,
                    "count": count,
                    "selected": value == selected,
                    "url": f"?{chosen.urlencode()}",
                }
            )
        facets.append(
            {
                "name": name,
                "title": filterset.form[name].label,
                "values": values,
                "clear_url": f"?{clear.urlencode()}",
            }
        )
    return facets


def _page_numbers(page: int, pages: int) -> list[int | None]:
    """1 … 4 5 [6] 7 8 … 20: None marks a gap."""
    shown = sorted({1, pages, *range(max(1, page - 2), min(pages, page + 2) + 1)})
    numbers: list[int | None] = []
    for number in shown:
        if numbers and number - numbers[-1] > 1:
            numbers.append(None)
        numbers.append(number)
    return numbers


def _json(data: dict, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def _error(message, status=400):
    return _json({"error": str(message)}, status=status)


def _form_errors(*forms) -> str:
    return "; ".join(
        f"{name}: {' '.join(errors)}" for form in forms for name, errors in form.errors.items()
    )


def api_search(request):
    """GET /api/search?q=...&limit=N (and the page's filters): the best matches as JSON."""
    form = SearchForm(request.GET)
    filterset = ProcedureSearchFilter(request.GET)
    if not form.is_valid() or not filterset.is_valid():
        return _error(_form_errors(form, filterset.form))
    limit = request.GET.get("limit", str(API_DEFAULT_LIMIT))
    if not limit.isdigit() or not 1 <= int(limit) <= API_MAX_LIMIT:
        return _error(_("limit phải là số nguyên từ 1 đến %(max)d.") % {"max": API_MAX_LIMIT})
    try:
        found = search_procedures(
            form.cleaned_data["q"],
            procedures=filterset.qs if filterset.active else None,
            on=filterset.day,
            limit=int(limit),
        )
    except QueryError as error:
        return _error(error.message)
    return _json(
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
    """GET /api/suggest?q=...: names for the search box as the official types."""
    form = SearchForm(request.GET)
    if not form.is_valid():
        return _error(_form_errors(form))
    try:
        procedures = suggest_names(form.cleaned_data["q"], limit=SUGGEST_LIMIT)
    except QueryError as error:
        return _error(error.message)
    return _json(
        {
            "query": form.cleaned_data["q"].strip(),
            "suggestions": [
                {"code": p.code, "name": p.name, "url": p.get_absolute_url()} for p in procedures
            ],
        }
    )
