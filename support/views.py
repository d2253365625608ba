"""The signed-in support pages: the ministry's readiness overview (with CSV and print), a
province's page, an official's own progress, and a procedure's self-check.

They live in this app, as the question pages live in questions/, because they read only this
app's selectors and write only through its services: portal/ (above) is not needed, and
nothing below learns of them. Thin views: bind a form, ask a selector or a service, render.
"""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from delegation.models import Province
from procedures.models import Procedure
from support import practice, selectors, services, workflow
from support.forms import ConcernForm, OverviewForm, ProficiencyForm, RosterForm
from support.models import FollowUp


def _actor(request) -> workflow.Actor:
    if not hasattr(request, "_support_actor"):
        request._support_actor = workflow.Actor.of(request.user)
    return request._support_actor


def _forbidden(request, reason: str):
    return render(request, "support/forbidden.html", {"reason": reason}, status=403)


def _messages_of(exc) -> str:
    return " ".join(getattr(exc, "messages", None) or [str(exc)])


def _overview(request):
    """(overview, form) for the ministry, or a response for everyone else."""
    actor = _actor(request)
    if not actor.is_ministry:
        if actor.is_department and actor.province_id is not None:
            province = Province.objects.get(pk=actor.province_id)
            return None, redirect("support:province", slug=province.slug)
        if actor.can_practise:
            return None, redirect("support:mine")
        return None, _forbidden(request, _("Trang tổng quan chỉ dành cho cán bộ Bộ."))
    form = OverviewForm(request.GET)
    if not form.is_valid():
        reasons = "; ".join(
            f"{form.fields[k].label}: {' '.join(str(e) for e in v)}" for k, v in form.errors.items()
        )
        response = render(
            request, "support/bad_request.html", {"reason": reasons, "form": form}, status=400
        )
        return None, response
    overview = selectors.readiness_overview(
        today=timezone.localdate(),
        field=form.cleaned_data["linh-vuc"],
        unit=form.cleaned_data["don-vi"],
    )
    return (overview, form), None


@login_required
def overview(request):
    result, response = _overview(request)
    if response is not None:
        return response
    overview, form = result
    query = request.GET.urlencode()
    return render(
        request,
        "support/overview.html",
        {"overview": overview, "form": form, "query": query, "print": False},
    )


@login_required
def overview_print(request):
    result, response = _overview(request)
    if response is not None:
        return response
    overview, form = result
    return render(
        request,
        "support/overview_print.html",
        {"overview": overview, "form": form, "today": timezone.localdate(), "print": True},
    )


@login_required
def overview_csv(request):
    result, response = _overview(request)
    if response is not None:
        return response
    overview, _form = result
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="san-sang-dia-phuong.csv"'
    response.write("\ufeff")  # Excel reads UTF-8 with the mark
    writer = csv.writer(response)
    column = _("Nhiệm vụ, thủ tục") if overview.by_item else _("Lĩnh vực")
    writer.writerow(
        [
            _("Tỉnh, thành phố"),
            column,
            _("Đáp ứng"),
            _("Đáp ứng một phần"),
            _("Chưa đáp ứng"),
            _("Cán bộ thành thạo (%)"),
            _("Số lượt ghi mức thành thạo"),
        ]
    )
    for row in overview.rows:
        for col, cell in zip(overview.columns, row.cells, strict=True):
            share = cell.proficient_share
            writer.writerow(
                [
                    row.province.name,
                    str(col),
                    cell.met,
                    cell.partly,
                    cell.not_met,
                    "" if share is None else share,
                    cell.officials,
                ]
            )
    if overview.is_demo:
        writer.writerow([_("Có dữ liệu minh họa, không phải số liệu thật.")])
    return response


def _province_for(request, slug) -> Province:
    """The province of the page, or 404 for anyone who may not read it (another department)."""
    province = get_object_or_404(Province, slug=slug)
    if not _actor(request).can_view_province(province.pk):
        raise Http404(_("Không tìm thấy trang hỗ trợ của tỉnh này."))
    return province


@login_required
def province_page(
    request, slug, concern_form=None, proficiency_form=None, roster_form=None, status=200
):
    province = _province_for(request, slug)
    actor = _actor(request)
    field = None
    if request.GET.get("linh-vuc"):
        form = OverviewForm(request.GET)
        if not form.is_valid():
            return render(
                request,
                "support/bad_request.html",
                {"reason": " ".join(str(e) for e in form.errors.get("linh-vuc", []))},
                status=400,
            )
        field = form.cleaned_data["linh-vuc"]
    today = timezone.localdate()
    support = selectors.province_support(province=province, today=today, field=field)
    for follow_up in support.follow_ups:
        follow_up.steps = workflow.allowed_steps(actor, follow_up)
    for concern in support.concerns:
        concern.steps = [s for s in workflow.allowed_steps(actor, concern) if s == workflow.CLOSE]
    officials = selectors.province_officials(province)
    context = {
        "support": support,
        "province": province,
        "field": field,
        "today": today,
        "actor": actor,
        "can_file": actor.is_department_of(province.pk),
        "concern_form": concern_form or ConcernForm(),
        "can_set_level": workflow.SET_PROFICIENCY in actor.permissions,
        "proficiency_form": proficiency_form or ProficiencyForm(officials=officials),
        "can_import_roster": actor.can_record or actor.is_department_of(province.pk),
        "roster_form": roster_form or RosterForm(),
        "step_labels": {k: v.verb for k, v in workflow.FOLLOW_UP_STEPS.items()},
    }
    return render(request, "support/province.html", context, status=status)


@login_required
@require_POST
def follow_up_action(request, slug, pk, step):
    province = _province_for(request, slug)
    follow_up = get_object_or_404(FollowUp, pk=pk, province=province)
    if step not in workflow.FOLLOW_UP_STEPS:
        raise Http404(_("Không có thao tác này."))
    try:
        services.follow_up_step(follow_up=follow_up, user=request.user, step=step)
    except (PermissionDenied, ValidationError) as exc:
        messages.error(request, _messages_of(exc))
    else:
        messages.success(
            request,
            _("Đã %(action)s: %(title)s.")
            % {"action": workflow.FOLLOW_UP_STEPS[step].verb, "title": follow_up.title},
        )
    return redirect(reverse("support:province", kwargs={"slug": slug}) + "#viec-can-lam")


@login_required
@require_POST
def concern_create(request, slug):
    province = _province_for(request, slug)
    form = ConcernForm(request.POST)
    if form.is_valid():
        try:
            services.concern_file(
                user=request.user,
                province=province,
                procedure=form.cleaned_data["procedure"],
                kind=form.cleaned_data["kind"],
                reason=form.cleaned_data["reason"],
                body=form.cleaned_data["body"],
                commune=form.cleaned_data["commune"],
            )
        except PermissionDenied as exc:
            return _forbidden(request, _messages_of(exc))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã gửi kiến nghị đến Bộ."))
            return redirect(reverse("support:province", kwargs={"slug": slug}) + "#kien-nghi")
    return province_page(request, slug, concern_form=form, status=400)


@login_required
@require_POST
def concern_close(request, slug, pk):
    province = _province_for(request, slug)
    concern = get_object_or_404(province.concerns, pk=pk)
    try:
        services.concern_close(concern=concern, user=request.user)
    except (PermissionDenied, ValidationError) as exc:
        messages.error(request, _messages_of(exc))
    return redirect(reverse("support:province", kwargs={"slug": slug}) + "#kien-nghi")


@login_required
@require_POST
def proficiency_update(request, slug):
    province = _province_for(request, slug)
    form = ProficiencyForm(request.POST, officials=selectors.province_officials(province))
    if form.is_valid():
        try:
            services.proficiency_set(
                official=form.cleaned_data["official"],
                procedure=form.cleaned_data["procedure"],
                level=form.cleaned_data["level"],
                user=request.user,
            )
        except PermissionDenied as exc:
            return _forbidden(request, _messages_of(exc))
        messages.success(request, _("Đã ghi mức thành thạo."))
        return redirect(reverse("support:province", kwargs={"slug": slug}) + "#can-bo")
    return province_page(request, slug, proficiency_form=form, status=400)


@login_required
@require_POST
def roster_upload(request, slug):
    """The department (or the ministry) adds its province's attendees to a training event."""
    _province_for(request, slug)
    form = RosterForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            result = services.roster_import(
                event=form.cleaned_data["event"],
                text=form.cleaned_data["roster"],
                user=request.user,
            )
        except PermissionDenied as exc:
            return _forbidden(request, _messages_of(exc))
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error("roster", message)
        else:
            messages.success(
                request,
                _("Danh sách: thêm %(created)d, đã có %(kept)d.")
                % {"created": result.created, "kept": result.kept},
            )
            return redirect(reverse("support:province", kwargs={"slug": slug}) + "#tap-huan")
    return province_page(request, slug, roster_form=form, status=400)


@login_required
def my_progress(request):
    levels, attempts = selectors.own_progress(request.user)
    return render(request, "support/mine.html", {"levels": levels, "attempts": attempts})


def practice_page(request, slug):
    """The self-check: anyone may take it; a signed-in official's result is kept."""
    procedure = get_object_or_404(Procedure.objects.select_related("field", "level"), slug=slug)
    today = timezone.localdate()
    questions = practice.build(procedure, on=today)
    if not questions:
        raise Http404(_("Bản ghi của thủ tục này chưa đủ dữ liệu để tạo bài tự kiểm tra."))
    results, attempt = None, None
    if request.method == "POST":
        results = practice.check(questions, request.POST)
        correct = sum(1 for r in results if r.correct)
        if _actor(request).can_practise:
            attempt = services.practice_record(
                user=request.user, procedure=procedure, correct=correct, total=len(results)
            )
    return render(
        request,
        "support/practice.html",
        {
            "procedure": procedure,
            "questions": questions,
            "results": results,
            "score": sum(1 for r in results if r.correct) if results else None,
            "attempt": attempt,
            "can_save": _actor(request).can_practise,
        },
    )
