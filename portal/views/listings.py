"""Listings: a field's procedures, what a level handles on a day, a legal document, a province,
and the province chooser."""

from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from delegation.models import Province, handled_by_parts
from portal import selectors
from portal.filters import LevelProceduresFilter
from portal.forms import ProvinceChoiceForm
from portal.params import page_number
from portal.province_choice import remember_province, selected_province
from procedures.models import AuthorityLevel, Field, LegalDocument, Procedure

PAGE_SIZE = 100


class CountedPaginator(Paginator):
    """A paginator told its total, for lists whose count is known from another query."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self.count = count


def _page(items, request, *, paginator=Paginator, **kwargs):
    """The page of ``items`` that ``?trang=`` asks for."""
    return paginator(items, PAGE_SIZE, **kwargs).get_page(page_number(request.GET.get("trang")))


def field_detail(request, slug):
    field = get_object_or_404(Field, slug=slug)
    day = timezone.localdate()
    page = _page(selectors.field_procedures(field, on=day), request)
    rows = selectors.attach_handlers(page.object_list, selectors.handler_levels())
    return render(
        request, "portal/field_detail.html", {"field": field, "page": page, "rows": rows, "on": day}
    )


def level_filter(request, level: AuthorityLevel) -> LevelProceduresFilter:
    """The level listing's filter, dated today unless the reader chose a date."""
    data = request.GET.copy()
    if not data.get("ngay"):
        data["ngay"] = timezone.localdate().isoformat()
    return LevelProceduresFilter(data, level=level)


def refused_level_filter(request, level: AuthorityLevel, filterset: LevelProceduresFilter):
    """The level page with the filter's errors, as a 400 (the listing and its print view)."""
    return render(
        request,
        "portal/level_detail.html",
        {"level": level, "filter": filterset, "levels": AuthorityLevel.objects.all()},
        status=400,
    )


def level_detail(request, slug):
    level = get_object_or_404(AuthorityLevel, slug=slug)
    filterset = level_filter(request, level)
    if not filterset.is_valid():
        return refused_level_filter(request, level, filterset)
    day = filterset.form.cleaned_data["ngay"]
    chosen_field = filterset.form.cleaned_data.get("linhvuc")
    # The per-field counts also give the total and where each field begins: the paginator needs
    # no count of its own, and a page reads only the fields it shows (selectors.FieldWindows).
    confirmed_parts = handled_by_parts(level, on=day, confirmed=True)
    field_counts = selectors.level_field_counts(confirmed_parts)

    def in_chosen_field(row: dict) -> bool:
        return chosen_field is None or row["field__slug"] == chosen_field.slug

    confirmed = selectors.FieldWindows(confirmed_parts, list(filter(in_chosen_field, field_counts)))
    page = _page(confirmed, request, paginator=CountedPaginator, count=len(confirmed))
    # Apart, never mixed in: the level an older record or an unofficial source names. The first
    # PAGE_SIZE by field and name; the print view lists them all.
    unconfirmed_parts = handled_by_parts(level, on=day, confirmed=False)
    unconfirmed_counts = list(
        filter(in_chosen_field, selectors.level_field_counts(unconfirmed_parts))
    )
    unconfirmed_count = sum(row["count"] for row in unconfirmed_counts)
    unconfirmed = selectors.FieldWindows(unconfirmed_parts, unconfirmed_counts)[:PAGE_SIZE]
    return render(
        request,
        "portal/level_detail.html",
        {
            "level": level,
            "filter": filterset,
            "levels": AuthorityLevel.objects.all(),
            "on": day,
            "is_today": day == timezone.localdate(),
            "chosen_field": chosen_field,
            "field_counts": field_counts,
            "page": page,
            "unconfirmed": unconfirmed,
            "unconfirmed_count": unconfirmed_count,
        },
    )


def document_detail(request, slug):
    """A legal document: its validity, what it delegates article by article in parts of
    ``PAGE_SIZE`` delegations (``?phan=``), and the procedures citing it (``?trang=``)."""
    document = get_object_or_404(LegalDocument.objects.select_related("replaced_by"), slug=slug)
    day = timezone.localdate()
    # Counted on the link table alone: a decree can be cited by tens of thousands of records.
    citing_count = Procedure.legal_documents.through.objects.filter(legaldocument=document).count()
    citing = _page(
        document.procedures.for_listing().order_by("name_key", "pk"),
        request,
        paginator=CountedPaginator,
        count=citing_count,
    )
    expiring = document.expires_within(day, selectors.EXPIRY_WARNING_DAYS)
    contents = selectors.document_contents(document, per_part=PAGE_SIZE)
    part = CountedPaginator([], PAGE_SIZE, count=sum(a.count for a in contents)).get_page(
        page_number(request.GET.get("phan"), name="phan")
    )
    start = (part.number - 1) * PAGE_SIZE
    return render(
        request,
        "portal/document_detail.html",
        {
            "document": document,
            "contents": contents,
            "part": part,
            "articles": selectors.document_articles(
                document, contents, start=start, stop=start + PAGE_SIZE
            ),
            "citing": citing,
            "on": day,
            "applies": document.applies_on(day),
            "expiring": expiring,
            "days_left": (document.expires_on - day).days if expiring else None,
        },
    )


def province_detail(request, slug):
    province = get_object_or_404(Province, slug=slug)
    day = timezone.localdate()
    levels = list(AuthorityLevel.objects.exclude(tier=AuthorityLevel.Tier.CENTRAL))
    counts = selectors.level_counts(on=day, national=True, levels=levels)
    local_levels = [(level, counts.get(level.pk, 0)) for level in levels]
    own = Procedure.objects.local_to(province.name).order_by("name_key", "pk")
    own_page = Paginator(own, PAGE_SIZE).get_page(
        page_number(request.GET.get("rieng"), name="rieng")
    )
    return render(
        request,
        "portal/province_detail.html",
        {
            "province": province,
            "local_levels": local_levels,
            "own_procedures": own_page,
            "delegated": _page(selectors.delegated_to_local(on=day), request),
            "on": day,
            "is_selected": selected_province(request) == province,
        },
    )


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


# Choosing a province only sets a display preference in a cookie (like the language switch), so
# the form carries no CSRF token: reader pages then hold no per-visit secret, and their ETags let
# a revisit cost a 304. A forged post could at worst change which province's notes are shown.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def province_choose(request):
    """GET: the chooser form. POST: remember the province (or forget it) and go back."""
    if request.method == "POST":
        form = ProvinceChoiceForm(request.POST)
        if form.is_valid():
            province = form.cleaned_data["tinh"]
            fallback = province.get_absolute_url() if province else reverse("portal:home")
            response = HttpResponseRedirect(_safe_next(request, fallback))
            remember_province(response, province)
            return response
        status = 400
    else:
        current = selected_province(request)
        form = ProvinceChoiceForm(initial={"tinh": current.slug if current else ""})
        status = 200
    return render(
        request,
        "portal/province_choose.html",
        {"form": form, "next": _safe_next(request, "")},
        status=status,
    )
