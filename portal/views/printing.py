"""Print views and their PDFs: the whole handbook, a field, a level on a day, an edition, and
one procedure on one page."""

from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from delegation.models import handler_on
from handbook.markdown import render_markdown
from handbook.models import Edition
from portal import pdf_files, selectors
from portal.params import ParameterError, parse_day, parse_province
from portal.pdf import html_to_pdf
from portal.responses import bad_request
from portal.views.listings import level_filter, refused_level_filter
from portal.views.procedures import guidance_context, reading_query
from procedures.models import AuthorityLevel, Field, Procedure

# A printed level checklist lists at most this many procedures; a field narrows it further.
PRINT_LIST_LIMIT = 500
TEMPLATE = "portal/print/handbook.html"


def _print_checklist(procedures) -> dict:
    """The first ``PRINT_LIST_LIMIT`` of ``procedures`` and how many there are, counted only
    when the list is cut (the count is a second pass over the same query)."""
    rows = list(procedures[: PRINT_LIST_LIMIT + 1])
    total = procedures.count() if len(rows) > PRINT_LIST_LIMIT else len(rows)
    return {"checklist": rows[:PRINT_LIST_LIMIT], "checklist_total": total}


def _print_response(request, context: dict, *, pdf_name: str | None, template: str = TEMPLATE):
    """The print page as HTML, or as a PDF download when ``pdf_name`` is given."""
    context = {
        "source_url": request.build_absolute_uri(context["page_url"]),
        **context,
        "printed_on": timezone.localdate(),
        "as_pdf": pdf_name is not None,
    }
    if pdf_name is None:
        return render(request, template, context)
    # Only a PDF without parameters is built ahead (build_pdfs); it is served as a file.
    prebuilt = not request.GET
    version = pdf_files.content_version()
    stored = pdf_files.stored_pdf(request.path, version) if prebuilt else None
    if stored is not None:
        response: HttpResponse | FileResponse = FileResponse(
            stored.open("rb"), content_type="application/pdf"
        )
    elif getattr(request, "building_pdfs", False) or request.user.is_authenticated:
        # build_pdfs, or a signed-in official (rate limited): laid out now, and kept.
        html = render_to_string(template, context, request=request)
        content = html_to_pdf(html, base_url=request.build_absolute_uri("/"))
        if prebuilt:
            pdf_files.store_pdf(request.path, content, version)
        response = HttpResponse(content, content_type="application/pdf")
    else:
        # An anonymous reader never makes the server lay out a PDF: the print view instead.
        return render(
            request,
            "portal/pdf_not_ready.html",
            {"page_url": context["page_url"], "prebuilt": prebuilt},
            status=404,
        )
    response["Content-Disposition"] = f'attachment; filename="{pdf_name}"'
    return response


def print_handbook(request, *, pdf: bool = False):
    """The whole handbook: every published guidance, by field."""
    return _print_response(
        request,
        {
            "title": _("Cẩm nang nghiệp vụ: toàn bộ hướng dẫn đã xuất bản"),
            "entries": selectors.published_guidance(Procedure.objects.all()),
            "page_url": reverse("portal:print-handbook"),
            "pdf_url": reverse("portal:pdf-handbook"),
            "back_url": reverse("portal:home"),
        },
        pdf_name="cam-nang.pdf" if pdf else None,
    )


def print_edition(request, slug, *, pdf: bool = False):
    """An edition of the handbook as it was published: its frozen revisions, not today's;
    ``?tinh=<slug>`` adds that province's notes frozen in the same edition."""
    edition = get_object_or_404(Edition, slug=slug)
    try:
        province = parse_province(request.GET.get("tinh"))
    except ParameterError as exc:
        return bad_request(request, str(exc))
    cover_note = _(
        "Ấn bản phát hành ngày %(day)s: đúng các phiên bản hướng dẫn có trong ấn bản, "
        "không phải bản hiện hành. Trước khi giải quyết hồ sơ, hãy đối chiếu bản "
        "trực tuyến."
    ) % {"day": date_format(timezone.localtime(edition.published_at), "d/m/Y")}
    suffix = ""
    pdf_name = f"cam-nang-{edition.slug}.pdf"
    if province is not None:
        cover_note += " " + _("Kèm ghi chú riêng của %(province)s.") % {"province": province.name}
        suffix = "?" + urlencode({"tinh": province.slug})
        pdf_name = f"cam-nang-{edition.slug}-{province.slug}.pdf"
    return _print_response(
        request,
        {
            "title": edition.title,
            "cover_note": cover_note,
            "entries": selectors.edition_guidance(edition, province=province),
            "province": province,
            "page_url": reverse("portal:print-edition", kwargs={"slug": slug}) + suffix,
            "pdf_url": reverse("portal:pdf-edition", kwargs={"slug": slug}) + suffix,
            "back_url": edition.get_absolute_url(),
        },
        pdf_name=pdf_name if pdf else None,
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
    """What a level handles on the chosen date: the published guidance, then the list of the
    procedures it handles that have none yet."""
    level = get_object_or_404(AuthorityLevel, slug=slug)
    filterset = level_filter(request, level)
    if not filterset.is_valid():
        return refused_level_filter(request, level, filterset)
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
    # The guided entries first; then the procedures of the level that have no guidance yet.
    entries = selectors.published_guidance(handled)
    unguided = handled.exclude(pk__in=entries.values("guidance__procedure_id"))
    return _print_response(
        request,
        {
            "title": title,
            "entries": entries,
            **_print_checklist(unguided),
            "checklist_title": _("Thủ tục cấp này giải quyết, chưa có hướng dẫn"),
            "on": day,
            "page_url": reverse("portal:print-level", kwargs={"slug": slug}) + suffix,
            "pdf_url": reverse("portal:pdf-level", kwargs={"slug": slug}) + suffix,
            "back_url": level.get_absolute_url() + suffix,
        },
        pdf_name=f"cam-nang-{slug}-{day.isoformat()}.pdf" if pdf else None,
    )


def print_procedure(request, slug, *, pdf: bool = False):
    """One procedure on one page, for the desk: the answer box, the dossier to check with a box
    beside each item, the time limit and fees, where each came from, and a QR code back to the
    page. ``?ngay=`` prints another day, ``?tinh=`` adds that province's note (the reader's
    cookie is not read: what is printed is what the URL says, so a PDF can be built ahead)."""
    procedure = get_object_or_404(selectors.procedure_for_page(), slug=slug)
    try:
        as_of = parse_day(request.GET.get("ngay"))
        province = parse_province(request.GET.get("tinh"))
    except ParameterError as exc:
        return bad_request(request, str(exc))
    today = timezone.localdate()
    day = as_of or today
    # Only what the answer box and the sheet show: not the page's related procedures or its
    # expiry warnings (selectors.procedure_page_context), which cost the most at scale.
    context = {
        "procedure": procedure,
        "handler": handler_on(procedure, list(procedure.delegations.all()), day),
        "on": day,
        **guidance_context(procedure, day=day, province=province),
    }
    revision = context["revision"]
    query = reading_query(as_of, province)
    suffix = f"?{query}" if query else ""
    page_url = procedure.get_absolute_url() + suffix
    return _print_response(
        request,
        {
            **context,
            "title": procedure.name,
            "as_of": as_of,
            "today": today,
            "reader_province": province,
            "checklist_html": revision and render_markdown(revision.dossier_checklist),
            "clock_html": revision and render_markdown(revision.clock),
            "page_url": reverse("portal:print-procedure", kwargs={"slug": slug}) + suffix,
            "pdf_url": reverse("portal:pdf-procedure", kwargs={"slug": slug}) + suffix,
            "back_url": page_url,
            # The QR code and the printed link lead to the procedure's page, not to this print.
            "source_url": request.build_absolute_uri(page_url),
        },
        pdf_name=f"{procedure.code or slug}.pdf" if pdf else None,
        template="portal/print/procedure.html",
    )
