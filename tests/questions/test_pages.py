"""The dashboard, sessions' rules, and the query count of the signed-in pages as data grows
(the public pages: tests/portal/faq)."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from procedures.models import Procedure
from questions import selectors, services
from questions.models import Clock, OnlineSession, Question
from tests.questions.conftest import grow


def queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("username", "url"),
    [
        ("canbo.bo", "/cau-hoi/"),
        ("canbo.bo", "/cau-hoi/?status=escalated&overdue=on"),
        ("canbo.bo", "/cau-hoi/thong-ke/"),
        ("canbo.bo", "/cau-hoi/thong-ke/?period=30"),
    ],
)
def test_list_pages_keep_their_query_count(client, users, lai_chau, ministry, unit, username, url):
    if username:
        client.force_login(users[username])
    before = queries(client, url)
    grow(lai_chau, ministry, unit)
    assert queries(client, url) == before


def test_detail_pages_keep_their_query_count(client, users, lai_chau, ministry, unit, ask):
    client.force_login(ministry)
    urls = [ask().get_absolute_url()]
    before = [queries(client, url) for url in urls]
    grow(lai_chau, ministry, unit)
    assert [queries(client, url) for url in urls] == before


def test_dashboard_figures(make_official, lai_chau, unit, ministry, day):
    Question.objects.all().delete()  # start from nothing (rolled back after the test)
    commune, department = lai_chau
    telecom = Procedure.objects.get(code="1.013899")
    now = timezone.now()

    def asked(days_ago, **kw):
        return services.question_ask(
            user=commune,
            title=f"Câu hỏi gửi {days_ago} ngày trước",
            body="Nội dung câu hỏi để kiểm tra bảng theo dõi.",
            at=now - datetime.timedelta(days=days_ago),
            **kw,
        )

    overdue = asked(40, procedure=telecom)
    asked(1, procedure=telecom)
    answered = []
    for days in (2, 4, 6):
        q = services.question_assign(question=asked(days + 14), user=department)
        answered.append(
            services.question_answer(
                question=q,
                user=department,
                answer="Đáp.",
                notify=False,
                at=q.created_at + datetime.timedelta(days=days),
            )
        )
    clock = Clock.now()
    figures = selectors.dashboard(clock=clock)
    (lai,) = [row for row in figures["by_province"] if row["province__name"] == "Lai Châu"]
    assert (lai["total"], lai["open"], lai["overdue"]) == (5, 2, 1)
    assert figures["most_asked"][0]["procedure__code"] == "1.013899"
    assert figures["most_asked"][0]["total"] == 2
    expected = sorted(clock.working_days_since(q.created_at, until=q.answered_at) for q in answered)
    assert figures["median_working_days"] == expected[1]
    assert figures["median_calendar_days"] == pytest.approx(4.0)
    (telecom_row,) = [r for r in figures["by_field"] if r["field__name"] == telecom.field.name]
    assert (telecom_row["total"], telecom_row["overdue"]) == (2, 1)
    assert overdue in Question.objects.overdue(clock)
    recent = selectors.dashboard(clock=clock, since=now - datetime.timedelta(days=10))
    assert recent["open_total"] == 1 and recent["answered_count"] == 0


def test_dashboard_bad_period_is_a_form_error_not_a_500(client, ministry):
    client.force_login(ministry)
    response = client.get("/cau-hoi/thong-ke/", {"period": "9999"})
    assert response.status_code == 200
    assert response.context["form"].errors


def test_bad_filter_values_are_form_errors(client, ministry):
    client.force_login(ministry)
    response = client.get("/cau-hoi/", {"status": "nope", "field": "abc"})
    assert response.status_code == 200
    assert response.context["filter"].form.errors


def test_publish_outcome_rules(ministry, users):
    upcoming = OnlineSession.objects.get(title__startswith="Chuyên đề viễn thông")
    upcoming.minutes = "Biên bản"
    with pytest.raises(PermissionDenied):
        services.session_publish_outcome(session=upcoming, user=users["canbo.so.hanoi"])
    with pytest.raises(ValidationError, match="chưa diễn ra"):
        services.session_publish_outcome(session=upcoming, user=ministry)


def test_admin_material_upload_checks_the_content(client, upload):
    from tests.questions.conftest import EXE_BYTES

    client.force_login(get_user_model().objects.get(username="quantri"))
    session = OnlineSession.objects.get(title__startswith="Chuyên đề viễn thông")
    url = reverse("admin:questions_onlinesession_change", args=[session.pk])
    start, end = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
    data = {
        "title": session.title,
        "kind": session.kind,
        "field": session.field_id,
        "host_unit": session.host_unit_id,
        "status": session.status,
        "starts_at_0": start.strftime("%d/%m/%Y"),
        "starts_at_1": start.strftime("%H:%M:%S"),
        "ends_at_0": end.strftime("%d/%m/%Y"),
        "ends_at_1": end.strftime("%H:%M:%S"),
        "meeting_url": session.meeting_url,
        "agenda": session.agenda,
        "procedures": [p.pk for p in session.procedures.all()],
        "minutes": "",
        "materials-TOTAL_FORMS": "1",
        "materials-INITIAL_FORMS": "0",
        "materials-0-title": "Bài trình bày",
        "materials-0-kind": "slides",
        "materials-0-url": "",
    }
    bad = dict(data, **{"materials-0-file": upload(name="slide.pdf", content=EXE_BYTES)})
    response = client.post(url, bad)
    assert response.status_code == 200
    assert "Chỉ nhận tệp PDF, JPEG hoặc PNG" in response.content.decode()
    assert not session.materials.exists()
    good = dict(data, **{"materials-0-file": upload("tiny.pdf", name="slide.pdf")})
    assert client.post(url, good).status_code == 302
    material = session.materials.get()
    assert material.file_type == "application/pdf" and material.file.name.endswith(".pdf")
