"""The reader's pages. Thin views: read the request, ask a selector, render."""

import datetime

from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from delegation.models import Province, delegation_in_force
from delegation.province_choice import remember_province, selected_province
from handbook.models import Edition, Revision
from handbook.reading import (
    ReadingError,
    guidance_reading,
    parse_as_of,
    reader_province,
)
from handbook.views import procedure_api_payload
from portal import selectors
from portal.filters import LevelProceduresFilter
from portal.forms import ProvinceChoiceForm
from portal.pdf import html_to_pdf
from procedures.models import AuthorityLevel, Field, LegalDocument, Procedure
from questions.selectors import procedure_questions_context, public_faq

PAGE_SIZE = 100
# A printed level checklist lists at most this many procedures; a field narrows it further.
PRINT_LIST_LIMIT = 500


def _print_checklist(procedures) -> dict:
    """The first ``PRINT_LIST_LIMIT`` of ``procedures`` and how many there are, counted only
    when the list is cut (the count is a second pass over the same query)."""
    rows = list(procedures[: PRINT_LIST_LIMIT + 1])
    total = procedures.count() if len(rows) > PRINT_LIST_LIMIT else len(rows)
    return {"checklist": rows[:PRINT_LIST_LIMIT], "checklist_total": total}


class CountedPaginator(Paginator):
    """A paginator told its total, for lists whose count is known from another query."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self.count = count


def today() -> datetime.date:
    return timezone.localdate()


def home(request):
    # Counted on the procedures' field index alone (no join to fields): 10 ms instead of 137 ms
    # at 100,000 procedures on PostgreSQL.
    counts = dict(
        Procedure.objects.order_by()
        .values_list("field_id")
        .annotate(n=Count("*"))  # COUNT(*): an index-only scan of field_id
        .values_list("field_id", "n")
    )
    fields = list(Field.objects.filter(pk__in=[pk for pk in counts if pk]).order_by("slug"))
    for field in fields:
        field.procedure_count = counts[field.pk]
    latest = (
        Revision.objects.published()
        .national()
        .select_related("guidance__procedure")
        .order_by("-published_at", "-pk")[:8]
    )
    return render(
        request,
        "portal/home.html",
        {"fields": fields, "levels": AuthorityLevel.objects.all(), "latest": latest},
    )


def procedure_detail(request, slug):
    """The procedure as of today, or as of ``?ngay=``; province notes for the chosen province
    (``?tinh=`` for a shared link, else the reader's cookie)."""
    procedure = get_object_or_404(selectors.procedure_for_page(), slug=slug)
    try:
        as_of = parse_as_of(request.GET.get("ngay"))
        province = reader_province(request)
    except ReadingError as exc:
        return render(request, "handbook/bad_request.html", {"message": str(exc)}, status=400)
    day = as_of or today()
    context = selectors.procedure_page_context(procedure, on=day)
    reading = guidance_reading(procedure=procedure, day=day, province=province)
    drifting = {notice.document.pk for notice in reading.drift}
    context.update(
        {
            "as_of": as_of,
            "today": today(),
            "revision": reading.revision,
            "withdrawal": reading.withdrawal,
            "delegation_in_force": delegation_in_force(context["delegations"], day),
            # The drift notice already names these documents; the header warns about the others.
            "basis_warnings": [
                w
                for w in context["basis_warnings"]
                if not w.document or w.document.pk not in drifting
            ],
            "drift_notices": reading.drift,
            "reader_province": province,
            "province_note": reading.note,
            "note_withdrawal": reading.note_withdrawal,
            "update_history": reading.history,
            **procedure_questions_context(procedure),
        }
    )
    return render(request, "portal/procedure_detail.html", context)


def procedure_api(request, code):
    """``GET /api/procedures/<code>?ngay=YYYY-MM-DD[&tinh=<slug>]``: the procedure on that day
    (see ``handbook.views.procedure_api_payload``), with its public questions and answers."""
    data, status, procedure = procedure_api_payload(request, code)
    if procedure is not None:
        data["faq"] = [
            {**item, "url": request.build_absolute_uri(item["url"])}
            for item in public_faq(procedure)
        ]
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def field_detail(request, slug):
    field = get_object_or_404(Field, slug=slug)
    day = today()
    page = Paginator(selectors.field_procedures(field, on=day), PAGE_SIZE).get_page(
        request.GET.get("trang")
    )
    rows = selectors.attach_handlers(page.object_list, selectors.handler_levels())
    return render(
        request, "portal/field_detail.html", {"field": field, "page": page, "rows": rows, "on": day}
    )


def _level_filter(request, level: AuthorityLevel) -> LevelProceduresFilter:
    """The level listing's filter, dated today unless the reader chose a date."""
    data = request.GET.copy()
    if not data.get("ngay"):
        data["ngay"] = today().isoformat()
    return LevelProceduresFilter(data, level=level)


def level_detail(request, slug):
    level = get_object_or_404(AuthorityLevel, slug=slug)
    filterset = _level_filter(request, level)
    if not filterset.is_valid():
        return render(
            request,
            "portal/level_detail.html",
            {"level": level, "filter": filterset, "levels": AuthorityLevel.objects.all()},
            status=400,
        )
    day = filterset.form.cleaned_data["ngay"]
    chosen_field = filterset.form.cleaned_data.get("linhvuc")
    # The per-field counts also give the total, which spares the paginator its own count: each
    # of these queries works out the handler of every procedure.
    field_counts = selectors.level_field_counts(level, on=day)
    total = sum(
        row["count"]
        for row in field_counts
        if chosen_field is None or row["field__slug"] == chosen_field.slug
    )
    page = CountedPaginator(filterset.qs, PAGE_SIZE, count=total).get_page(request.GET.get("trang"))
    return render(
        request,
        "portal/level_detail.html",
        {
            "level": level,
            "filter": filterset,
            "levels": AuthorityLevel.objects.all(),
            "on": day,
            "is_today": day == today(),
            "chosen_field": chosen_field,
            "field_counts": field_counts,
            "page": page,
        },
    )


def document_detail(request, slug):
    document = get_object_or_404(LegalDocument.objects.select_related("replaced_by"), slug=slug)
    day = today()
    citing = Paginator(
        document.procedures.for_listing().order_by("name_key", "pk"), PAGE_SIZE
    ).get_page(request.GET.get("trang"))
    expiring = document.expires_within(day, selectors.EXPIRY_WARNING_DAYS)
    return render(
        request,
        "portal/document_detail.html",
        {
            "document": document,
            "articles": selectors.document_articles(document),
            "citing": citing,
            "on": day,
            "applies": document.applies_on(day),
            "expiring": expiring,
            "days_left": (document.expires_on - day).days if expiring else None,
        },
    )


def province_detail(request, slug):
    province = get_object_or_404(Province, slug=slug)
    day = today()
    counts = selectors.level_counts(on=day)
    local_levels = [
        (level, counts.get(level.pk, 0))
        for level in AuthorityLevel.objects.exclude(tier=AuthorityLevel.Tier.CENTRAL)
    ]
    return render(
        request,
        "portal/province_detail.html",
        {
            "province": province,
            "local_levels": local_levels,
            "delegated": Paginator(selectors.delegated_to_local(on=day), PAGE_SIZE).get_page(
                request.GET.get("trang")
            ),
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


def _print_response(request, template: str, context: dict, *, pdf_name: str | None):
    """The print page as HTML, or as a PDF download when ``pdf_name`` is given."""
    context = {
        **context,
        "printed_on": today(),
        "source_url": request.build_absolute_uri(context["page_url"]),
        "as_pdf": pdf_name is not None,
    }
    if pdf_name is None:
        return render(request, template, context)
    html = render_to_string(template, context, request=request)
    response = HttpResponse(
        html_to_pdf(html, base_url=request.build_absolute_uri("/")),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'attachment; filename="{pdf_name}"'
    return response


def print_handbook(request, *, pdf: bool = False):
    """The whole handbook: every published guidance, by field."""
    entries = selectors.published_guidance(Procedure.objects.all())
    return _print_response(
        request,
        "portal/print/handbook.html",
        {
            "title": _("Cẩm nang nghiệp vụ: toàn bộ hướng dẫn đã xuất bản"),
            "entries": entries,
            "page_url": reverse("portal:print-handbook"),
            "pdf_url": reverse("portal:pdf-handbook"),
            "back_url": reverse("portal:home"),
        },
        pdf_name="cam-nang.pdf" if pdf else None,
    )


def print_edition(request, slug, *, pdf: bool = False):
    """An edition of the handbook as it was published: its frozen revisions, not today's."""
    edition = get_object_or_404(Edition, slug=slug)
    return _print_response(
        request,
        "portal/print/handbook.html",
        {
            "title": edition.title,
            "cover_note": _(
                "Ấn bản phát hành ngày %(day)s: đúng các phiên bản hướng dẫn có trong ấn bản, "
                "không phải bản hiện hành. Trước khi giải quyết hồ sơ, hãy đối chiếu bản "
                "trực tuyến."
            )
            % {"day": date_format(timezone.localtime(edition.published_at), "d/m/Y")},
            "entries": selectors.edition_guidance(edition),
            "page_url": reverse("portal:print-edition", kwargs={"slug": slug}),
            "pdf_url": reverse("portal:pdf-edition", kwargs={"slug": slug}),
            "back_url": edition.get_absolute_url(),
        },
        pdf_name=f"cam-nang-{edition.slug}.pdf" if pdf else None,
    )


def print_field(request, slug, *, pdf: bool = False):
    """One field's published guidance, with the list of its procedures that have none yet."""
    field = get_object_or_404(Field, slug=slug)
    procedures = Procedure.objects.filter(field=field)
    entries = selectors.published_guidance(procedures)
    with_guidance = entries.values("guidance__procedure_id")
    rest = procedures.for_listing().exclude(pk__in=with_guidance).order_by("name_key")
    return _print_response(
        request,
        "portal/print/handbook.html",
        {
            "title": _("Cẩm nang nghiệp vụ: lĩnh vực %(field)s") % {"field": field.name},
            "entries": entries,
            **_print_checklist(rest),
            "checklist_title": _("Thủ tục của lĩnh vực chưa có hướng dẫn"),
            "page_url": reverse("portal:print-field", kwargs={"slug": slug}),
            "pdf_url": reverse("portal:pdf-field", kwargs={"slug": slug}),
            "back_url": field.get_absolute_url(),
        },
        pdf_name=f"cam-nang-{slug}.pdf" if pdf else None,
    )


def print_level(request, slug, *, pdf: bool = False):
    """What a level handles on the chosen date: a checklist, then the published guidance."""
    level = get_object_or_404(AuthorityLevel, slug=slug)
    filterset = _level_filter(request, level)
    if not filterset.is_valid():
        return render(
            request,
            "portal/level_detail.html",
            {"level": level, "filter": filterset, "levels": AuthorityLevel.objects.all()},
            status=400,
        )
    day = filterset.form.cleaned_data["ngay"]
    chosen_field = filterset.form.cleaned_data.get("linhvuc")
    handled = filterset.qs
    query = request.GET.urlencode()
    suffix = f"?{query}" if query else ""
    title = _("%(level)s: thủ tục giải quyết ngày %(day)s") % {
        "level": level.name,
        "day": day.strftime("%d/%m/%Y"),
    }
    if chosen_field:
        title = f"{title} · {chosen_field.name}"
    return _print_response(
        request,
        "portal/print/handbook.html",
        {
            "title": title,
            "entries": selectors.published_guidance(handled),
            **_print_checklist(handled),
            "checklist_title": _("Danh mục thủ tục cấp này giải quyết"),
            "on": day,
            "page_url": reverse("portal:print-level", kwargs={"slug": slug}) + suffix,
            "pdf_url": reverse("portal:pdf-level", kwargs={"slug": slug}) + suffix,
            "back_url": level.get_absolute_url() + suffix,
        },
        pdf_name=f"cam-nang-{slug}-{day.isoformat()}.pdf" if pdf else None,
    )
