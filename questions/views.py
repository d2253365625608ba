"""Signed-in officials' question pages: asking, working through and answering, the dashboard.

The public questions and answers and the online sessions are reader pages (portal.views.faq).

Thin views: bind a form or filter, call a selector or a service, render. A refusal from a service
re-renders the page with its message and everything the official typed.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.core.validators import slug_re
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from handbook.selectors import page_feedback_counts
from procedures.models import Procedure
from questions import selectors, services, workflow
from questions.filters import QuestionFilter
from questions.forms import (
    AnswerForm,
    AskForm,
    AssignForm,
    DashboardForm,
    EscalateForm,
    PromoteForm,
    PublishForm,
    QueueForm,
    service_errors,
)
from questions.models import Clock, MinistryUnit, OnlineSession, Question
from questions.workdays import OVERDUE_AFTER

S = Question.Status

PAGE_SIZE = 25


def _actor(request) -> workflow.Actor:
    if not hasattr(request, "_questions_actor"):
        request._questions_actor = workflow.Actor.of(request.user)
    return request._questions_actor


# Asking -------------------------------------------------------------------------------------


@login_required
def question_create(request):
    """Ask in two steps: write, then see similar answered questions, attach, and send."""
    if not _actor(request).can_ask:
        return render(
            request,
            "questions/forbidden.html",
            {
                "actor": _actor(request),
                "reason": _(
                    "Chỉ cán bộ cấp xã và cán bộ Sở có tài khoản gắn với một tỉnh mới gửi được "
                    "câu hỏi. Cán bộ Bộ trả lời các câu hỏi được chuyển lên Bộ. Nếu tài khoản của "
                    "bạn chưa ghi tỉnh, hãy liên hệ quản trị."
                ),
            },
            status=403,
        )
    slug = request.GET.get("thutuc") or request.POST.get("preselected")
    preselected = Procedure.objects.filter(slug=slug).first() if slug_re.match(slug or "") else None
    posted = request.method == "POST"
    text = f"{request.POST.get('title', '')} {request.POST.get('body', '')}" if posted else ""
    candidates = selectors.procedure_candidates(text) if text.strip() else []
    if preselected and preselected not in candidates:
        candidates.insert(0, preselected)
    form = AskForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        initial={"procedure": preselected},
        candidates=candidates,
    )
    context: dict[str, Any] = {
        "actor": _actor(request),
        "form": form,
        "step": "write",
        "similar": [],
        "errors": [],
        "refusal": services.limit_error(request.user),
        "preselected": preselected,
        "daily_limit": services.daily_limit(),
    }
    status = 200
    if posted:
        sending = request.POST.get("step") == "send"
        valid = form.is_valid()
        if valid or sending:
            context["step"] = "review"
        if valid:
            context["similar"] = selectors.similar_questions(
                f"{form.cleaned_data['title']} {form.cleaned_data['body']}",
                procedure=form.cleaned_data["procedure"],
            )
        if context["refusal"] or not valid:
            status = 400
        elif sending:
            try:
                question = services.question_ask(
                    user=request.user,
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                    procedure=form.cleaned_data["procedure"],
                    field=form.cleaned_data["field"],
                    show_identity=form.cleaned_data["show_identity"],
                    attachment=form.cleaned_data["attachment"],
                )
            except (ValidationError, PermissionDenied) as exc:
                context["errors"] = service_errors(exc)
                status = 400
            else:
                messages.success(
                    request,
                    _("Đã gửi câu hỏi tới Sở KH&CN %(province)s.")
                    % {"province": question.province},
                )
                return redirect(question)
    return render(request, "questions/question_form.html", context, status=status)


# Working through questions ------------------------------------------------------------------


@login_required
def question_list(request):
    """The official's questions: their own; their province's (department); all (ministry)."""
    actor = _actor(request)
    clock = Clock.now()
    visible = Question.objects.visible_to(actor).for_listing()
    filterset = QuestionFilter(request.GET, queryset=visible, clock=clock)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("trang"))
    return render(
        request,
        "questions/question_list.html",
        {
            "filter": filterset,
            "page": page,
            "questions": selectors.with_age(page.object_list, clock),
            "actor": actor,
        },
    )


def _question_or_404(request, pk) -> Question:
    question = get_object_or_404(
        Question.objects.for_listing().select_related(
            "answered_by", "session", "promoted_revision__guidance"
        ),
        pk=pk,
    )
    if not _actor(request).can_view(question):
        raise Http404
    return question


def _upcoming_sessions():
    return OnlineSession.objects.upcoming(timezone.now())


ACTION_UI = {
    # action: (heading, button, help)
    workflow.ASSIGN: (gettext_lazy("Nhận xử lý"), gettext_lazy("Nhận xử lý"), ""),
    workflow.ANSWER: (
        gettext_lazy("Trả lời"),
        gettext_lazy("Gửi câu trả lời"),
        gettext_lazy("Người hỏi được báo qua email khi có câu trả lời."),
    ),
    workflow.ESCALATE: (
        gettext_lazy("Chuyển lên Bộ"),
        gettext_lazy("Chuyển lên Bộ"),
        gettext_lazy("Khi Sở không tự trả lời được: chuyển cho đơn vị phụ trách lĩnh vực."),
    ),
    workflow.CLOSE: (
        gettext_lazy("Đóng câu hỏi"),
        gettext_lazy("Đóng câu hỏi"),
        gettext_lazy("Khi câu trả lời đã giải quyết được vướng mắc."),
    ),
    workflow.PUBLISH: (
        gettext_lazy("Công khai trên trang thủ tục"),
        gettext_lazy("Công khai"),
        gettext_lazy(
            "Bản công khai hiện trên trang thủ tục và trong mục hỏi đáp; tên và đơn vị người "
            "hỏi chỉ hiện nếu họ đồng ý."
        ),
    ),
    workflow.UNPUBLISH: (gettext_lazy("Thôi công khai"), gettext_lazy("Thôi công khai"), ""),
    workflow.PROMOTE: (
        gettext_lazy("Đưa vào cẩm nang"),
        gettext_lazy("Tạo bản nháp hướng dẫn"),
        gettext_lazy(
            "Tạo bản nháp hướng dẫn của thủ tục (từ bản đang áp dụng) có thêm câu hỏi và câu "
            "trả lời này; bản nháp đi qua quy trình duyệt, xuất bản như mọi bản nháp."
        ),
    ),
    workflow.QUEUE: (
        gettext_lazy("Xếp vào buổi giải đáp trực tuyến"),
        gettext_lazy("Lưu"),
        "",
    ),
}


def _colleagues(question: Question):
    """Department staff of the question's province, who may be given it."""
    return (
        get_user_model()
        # Permissions come from the model backend (the other backend, django-axes, only counts
        # failed sign-ins).
        .objects.with_perm(workflow.HANDLE, backend="django.contrib.auth.backends.ModelBackend")
        .filter(province=question.province_id)
        .exclude(pk=question.asker_id)
        .order_by("full_name", "username")
    )


def _step_form(step: str, question: Question, actor: workflow.Actor, data=None):
    """The form ``step`` asks for (None: a plain button), bound to ``data`` once posted."""
    if step == workflow.ASSIGN:
        return AssignForm(
            data, colleagues=_colleagues(question), initial={"assignee": actor.user_id}
        )
    if step == workflow.ESCALATE:
        unit = None if data else MinistryUnit.objects.responsible_for(question.field).first()
        return EscalateForm(data, sessions=_upcoming_sessions(), initial={"unit": unit})
    if step == workflow.ANSWER:
        return AnswerForm(data)
    if step == workflow.PUBLISH:
        return PublishForm(
            data,
            initial={
                "public_question": question.public_question
                or f"{question.title}\n\n{question.body}",
                "public_answer": question.public_answer or question.answer,
            },
        )
    if step == workflow.PROMOTE:
        return PromoteForm(data)
    if step == workflow.QUEUE:
        return QueueForm(
            data, sessions=_upcoming_sessions(), initial={"session": question.session_id}
        )
    return None  # close, unpublish: a button


def _actions(question: Question, actor: workflow.Actor, bound: dict) -> list[dict]:
    """What the actor may do now, each with its form (the bound one if it just failed)."""
    rows = []
    for action in workflow.allowed_steps(actor, question):
        title, button, help_text = ACTION_UI[action]
        form = bound.get(action) or _step_form(action, question, actor)
        rows.append(
            {"action": action, "title": title, "button": button, "help": help_text, "form": form}
        )
    return rows


def _render_detail(request, question, *, bound=None, errors=(), status=200):
    actor = _actor(request)
    clock = Clock.now()
    selectors.with_age([question], clock)
    context = {
        "question": question,
        "actor": actor,
        "errors": errors,
        "actions": _actions(question, actor, bound or {}),
    }
    if actor.is_asker(question) and question.status in (S.NEW, S.ASSIGNED):
        # What happens next, for the official who asked: the department's ten working days.
        context["answer_due"] = Clock.answer_due(question.created_at)
        context["answer_within"] = OVERDUE_AFTER
    if not actor.is_asker(question):
        context["similar"] = [
            q
            for q in selectors.similar_questions(
                f"{question.title} {question.body}", procedure=question.procedure
            )
            if q.pk != question.pk
        ]
    return render(request, "questions/question_detail.html", context, status=status)


@login_required
def question_detail(request, pk):
    return _render_detail(request, _question_or_404(request, pk))


def _take_step(step: str, request, question: Question, data: dict) -> None:
    """Call the service of ``step`` with the posted form's cleaned ``data``."""
    user = request.user
    if step == workflow.ASSIGN:
        services.question_assign(question=question, user=user, assignee=data["assignee"])
    elif step == workflow.ESCALATE:
        services.question_escalate(
            question=question,
            user=user,
            unit=data["unit"],
            note=data["note"],
            session=data["session"],
        )
    elif step == workflow.ANSWER:
        services.question_answer(
            question=question,
            user=user,
            answer=data["answer"],
            base_url=request.build_absolute_uri("/"),
        )
    elif step == workflow.PUBLISH:
        services.question_publish(question=question, user=user, **data)
    elif step == workflow.PROMOTE:
        services.question_promote(question=question, user=user, section=data["section"])
    elif step == workflow.QUEUE:
        services.question_queue(question=question, user=user, session=data["session"])
    elif step == workflow.CLOSE:
        services.question_close(question=question, user=user)
    else:  # UNPUBLISH
        services.question_unpublish(question=question, user=user)


def _run_action(request, question, action):
    """Take ``action`` with the posted form; return (form, error messages, status)."""
    form = _step_form(action, question, _actor(request), request.POST)
    if form is not None and not form.is_valid():
        return form, [], 400
    try:
        _take_step(action, request, question, form.cleaned_data if form is not None else {})
    except PermissionDenied as exc:
        return form, [str(exc) or _("Bạn không có quyền làm việc này.")], 403
    except ValidationError as exc:
        return form, service_errors(exc), 400
    return form, [], 200


DONE_MESSAGES = {
    workflow.ASSIGN: gettext_lazy("Đã nhận xử lý câu hỏi."),
    workflow.ESCALATE: gettext_lazy("Đã chuyển câu hỏi lên Bộ."),
    workflow.ANSWER: gettext_lazy("Đã gửi câu trả lời; người hỏi được báo qua email."),
    workflow.CLOSE: gettext_lazy("Đã đóng câu hỏi."),
    workflow.PUBLISH: gettext_lazy("Đã công khai câu hỏi và câu trả lời."),
    workflow.UNPUBLISH: gettext_lazy("Đã thôi công khai."),
    workflow.PROMOTE: gettext_lazy(
        "Đã tạo bản nháp hướng dẫn; bản nháp đi qua quy trình duyệt, xuất bản."
    ),
    workflow.QUEUE: gettext_lazy("Đã cập nhật buổi giải đáp của câu hỏi."),
}


@login_required
@require_POST
def question_action(request, pk, action):
    if action not in workflow.TRANSITIONS:
        raise Http404
    question = _question_or_404(request, pk)
    form, errors, status = _run_action(request, question, action)
    if status == 200:
        messages.success(request, DONE_MESSAGES[action])
        return redirect(question)
    question.refresh_from_db()
    return _render_detail(
        request, question, bound={action: form} if form else {}, errors=errors, status=status
    )


@login_required
def question_attachment(request, pk):
    """The attachment, to those who may read the question only; always as a download."""
    question = _question_or_404(request, pk)
    if not question.attachment:
        raise Http404
    try:
        handle = question.attachment.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=question.attachment_name or f"dinh-kem-{question.pk}",
        content_type=question.attachment_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# The ministry's dashboard -------------------------------------------------------------------


@login_required
def dashboard(request):
    actor = _actor(request)
    if not actor.is_ministry:
        return render(
            request,
            "questions/forbidden.html",
            {"actor": actor, "reason": _("Chỉ cán bộ Bộ xem được bảng theo dõi câu hỏi.")},
            status=403,
        )
    form = DashboardForm(request.GET or {"period": "365"})
    figures = selectors.dashboard(clock=Clock.now(), since=form.since())
    feedback = page_feedback_counts(since=form.since())
    return render(
        request,
        "questions/dashboard.html",
        {"form": form, "actor": actor, "feedback": feedback, **figures},
    )
