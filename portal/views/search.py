"""The search results page: ranked matches with highlights, filters with counts, pagination."""

import math

from django.shortcuts import redirect, render

from portal.filters import ProcedureSearchFilter
from portal.forms import SearchForm
from search.query import QueryError
from search.services import facet_counts, search_procedures

PAGE_SIZE = 20
TEMPLATE = "portal/search_results.html"
# Each facet's parameter, and the name search.services.facet_counts gives its counts under.
FACETS = [
    ("linhvuc", "field"),
    ("cap", "level"),
    ("hinhthuc", "kind"),
    ("vanban", "document"),
    ("tinhtrang", "status"),
]


def results(request):
    form = SearchForm(request.GET)
    filterset = ProcedureSearchFilter(request.GET or None)
    context = {"form": form, "filterset": filterset, "query": request.GET.get("q", "")}
    if not form.is_valid() or (filterset.is_bound and not filterset.is_valid()):
        return render(request, TEMPLATE, context, status=400)
    query = form.cleaned_data["q"].strip()
    if not query:
        return render(request, TEMPLATE, context)
    page = form.cleaned_data["trang"] or 1
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
        return render(request, TEMPLATE, context, status=400)
    if found.redirect and page == 1 and not filterset.active:
        return redirect(found.redirect)
    pages = max(1, math.ceil(len(found.ids) / PAGE_SIZE))
    first_number = (page - 1) * PAGE_SIZE + 1
    # A handler no source confirms for the day is not mixed in with those one does (issue 11):
    # each page shows its confirmed results first, then the others, each group in rank order.
    confirmed = [result for result in found.results if result.handled_by is not None]
    unconfirmed = [result for result in found.results if result.handled_by is None]
    context.update(
        found=found,
        confirmed_results=confirmed,
        unconfirmed_results=unconfirmed,
        unconfirmed_first_number=first_number + len(confirmed),
        facets=_facet_links(request.GET, filterset, facet_counts(found.ids, on=found.on)),
        page=page,
        pages=pages,
        page_numbers=_page_numbers(page, pages),
        first_number=first_number,
    )
    return render(request, TEMPLATE, context)


def _facet_links(params, filterset, counts: dict[str, list[tuple]]) -> list[dict]:
    """Each facet's values with their count and the URL that applies or removes them."""
    facets = []
    for name, counted_as in FACETS:
        selected = params.get(name, "")
        clear = params.copy()
        clear.pop(name, None)
        clear.pop("trang", None)
        values = []
        for value, label, count in counts[counted_as]:
            chosen = params.copy()
            chosen[name] = value
            chosen.pop("trang", None)
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
