"""The support pages: who reads which, the overview's matrix, CSV and print, a province's page
with its follow-ups and concerns, and the self-check built from the record."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from delegation.models import Delegation
from procedures.models import AuthorityLevel, LegalDocument, Procedure
from support import practice, services
from support.models import Concern, FollowUp, PracticeAttempt, Proficiency
from tests.support.conftest import MET, NOT_MET, PARTLY

OVERVIEW = "/ho-tro-dia-phuong/"


@pytest.fixture
def delegated(item):
    Delegation.objects.create(
        procedure=item,
        from_level=AuthorityLevel.objects.get(slug="bo"),
        to_level=AuthorityLevel.objects.get(slug="ubnd-tinh"),
        legal_document=LegalDocument.objects.get(number="133/2025/NĐ-CP"),
        effective_from=datetime.date(2025, 7, 1),
    )
    return item


def _login(client, user):
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "role, status, location",
    [
        ("anonymous", 302, "/dang-nhap/"),
        ("commune", 302, "/ho-tro-dia-phuong/cua-toi/"),
        ("dept_a", 302, "/ho-tro-dia-phuong/ha-noi/"),
        ("editor", 403, None),
        ("ministry", 200, None),
    ],
)
def test_who_sees_the_overview(client, users, role, status, location):
    if role != "anonymous":
        _login(client, users[role])
    response = client.get(OVERVIEW)
    assert response.status_code == status
    if location:
        assert response["Location"].startswith(location)


@pytest.mark.parametrize(
    "role, hanoi_status",
    [("anonymous", 302), ("commune", 404), ("dept_a", 200), ("dept_b", 404), ("ministry", 200)],
)
def test_who_reads_hanoi_page(client, users, role, hanoi_status):
    if role != "anonymous":
        _login(client, users[role])
    assert client.get("/ho-tro-dia-phuong/ha-noi/").status_code == hanoi_status


def test_an_unknown_filter_is_a_400_with_the_reason(client, users):
    response = _login(client, users["ministry"]).get(OVERVIEW, {"linh-vuc": "khong-co"})
    assert response.status_code == 400
    assert "Lĩnh vực" in response.content.decode()


@pytest.mark.parametrize("name", ["linh-vuc", "don-vi"])
@pytest.mark.parametrize("value", ["\x00", "²", "a" * 300, "vien-thong\x00"])
def test_a_hostile_filter_value_is_a_400(client, users, name, value):
    """NUL (refused by PostgreSQL), Unicode digits and overlong values: a 400, never a 500."""
    response = _login(client, users["ministry"]).get(OVERVIEW, {name: value})
    assert response.status_code == 400


def test_the_overview_shows_the_latest_assessment_and_the_month(
    client, users, hanoi, delegated, make_visit, make_assessment
):
    ministry = users["ministry"]
    services.assessment_save(
        assessment=make_assessment(make_visit(hanoi, "2026-10-05"), delegated, NOT_MET),
        user=ministry,
    )
    services.assessment_save(
        assessment=make_assessment(make_visit(hanoi, "2026-11-20"), delegated, MET),
        user=ministry,
    )
    services.proficiency_set(
        official=users["commune"],
        procedure=delegated,
        level=Proficiency.Level.PROFICIENT,
        user=ministry,
    )
    client = _login(client, ministry)
    page = client.get(OVERVIEW, {"linh-vuc": delegated.field.slug}).content.decode()
    drill_down = f'href="/ho-tro-dia-phuong/ha-noi/?linh-vuc={delegated.field.slug}"'
    assert drill_down in page
    row = page.split(">Hà Nội</a></th>")[1].split("</tr>")[0]
    assert "Đáp ứng" in row and "thành thạo 100%" in row
    months = page.split('id="month-h"')[1]
    hanoi_months = months.split(">Hà Nội</th>")[1].split("</tr>")[0]
    assert "0% (0/1)" in hanoi_months and "100% (1/1)" in hanoi_months

    exported = client.get("/ho-tro-dia-phuong/tong-quan.csv", {"linh-vuc": delegated.field.slug})
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    hanoi_rows = [r for r in rows if r[0] == "Hà Nội" and r[1] == str(delegated)]
    assert hanoi_rows == [["Hà Nội", str(delegated), "1", "0", "0", "100", "1"]]
    by_field = client.get("/ho-tro-dia-phuong/tong-quan.csv").content.decode("utf-8-sig")
    field_name = delegated.field.name
    rows = [r for r in csv.reader(io.StringIO(by_field)) if r[:2] == ["Hà Nội", field_name]]
    assert rows == [["Hà Nội", field_name, "1", "0", "0", "100", "1"]]
    printed = client.get("/ho-tro-dia-phuong/ban-in/").content.decode()
    assert "Báo cáo mức sẵn sàng" in printed


def test_the_overview_costs_the_same_queries_with_more_rows(
    client,
    users,
    hanoi,
    danang,
    delegated,
    make_visit,
    make_assessment,
    make_procedure,
    django_assert_max_num_queries,
):
    client = _login(client, users["ministry"])
    client.get(OVERVIEW)
    others = [make_procedure(code=f"9.00020{n}") for n in range(3)]
    for province in (hanoi, danang):
        for other in others:
            services.assessment_save(
                assessment=make_assessment(make_visit(province), other, PARTLY),
                user=users["ministry"],
            )
    with django_assert_max_num_queries(12):
        assert client.get(OVERVIEW).status_code == 200


def test_the_department_marks_a_follow_up_done(client, users, hanoi, danang, make_follow_up):
    mine = make_follow_up(hanoi, due_on="2026-11-01")
    theirs = make_follow_up(danang)
    client = _login(client, users["dept_a"])
    page = client.get("/ho-tro-dia-phuong/ha-noi/").content.decode()
    assert "quá hạn" in page and "Đánh dấu hoàn thành" in page
    url = reverse("support:follow-up-action", args=["ha-noi", mine.pk, "complete"])
    assert client.post(url).status_code == 302
    mine.refresh_from_db()
    assert mine.status == FollowUp.Status.DONE
    other = reverse("support:follow-up-action", args=["da-nang", theirs.pk, "complete"])
    assert client.post(other).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == FollowUp.Status.OPEN


def test_the_department_files_a_concern_and_a_bad_one_is_a_form_error(client, users, delegated):
    client = _login(client, users["dept_a"])
    url = reverse("support:concern-create", args=["ha-noi"])
    bad = client.post(url, {"procedure": delegated.pk, "kind": "tra_lai", "reason": "x"})
    filed = Concern.objects.filter(procedure=delegated)
    assert bad.status_code == 400 and not filed.exists()
    good = client.post(
        url,
        {"procedure": delegated.pk, "kind": "tra_lai", "reason": "can_bo", "body": "Thiếu người"},
    )
    assert good.status_code == 302
    assert filed.get().province.slug == "ha-noi"


@pytest.fixture
def recorded(make_procedure, delegated):
    """A record with a dossier and a time limit, and a similar one for the wrong options."""
    field = delegated.field
    make_procedure(
        field=field,
        dossier=[{"name": "Bản sao giấy chứng nhận đăng ký doanh nghiệp"}],
        time_limit_value=30,
        time_limit_unit=Procedure.TimeUnit.DAYS,
    )
    delegated.dossier = [{"name": "Đơn đề nghị theo Mẫu số 06"}, {"name": "Kế hoạch kỹ thuật"}]
    delegated.time_limit_value, delegated.time_limit_unit = 15, Procedure.TimeUnit.WORKING_DAYS
    delegated.save()
    return delegated


def test_the_self_check_asks_only_what_the_record_holds(recorded, day):
    questions = {q.key: q for q in practice.build(recorded, on=day("2026-11-27"))}
    assert set(questions) == {"ho-so", "thoi-han", "cap"}
    assert sorted(questions["ho-so"].right_texts()) == [
        "Kế hoạch kỹ thuật",
        "Đơn đề nghị theo Mẫu số 06",
    ]
    wrong = [c.text for c in questions["ho-so"].choices if not c.correct]
    others = {
        item.get("name")
        for p in Procedure.objects.exclude(pk=recorded.pk).filter(field=recorded.field)
        for item in p.dossier
    }
    assert wrong and set(wrong) <= others
    assert questions["thoi-han"].right_texts() == ["15 ngày làm việc"]
    assert questions["cap"].right_texts() == [AuthorityLevel.objects.get(slug="ubnd-tinh").name]


def test_a_record_without_data_offers_no_self_check(client, make_procedure):
    bare = make_procedure()
    assert not practice.is_offered(bare)
    assert client.get(reverse("support:practice", args=[bare.slug])).status_code == 404


def test_an_official_who_answers_right_is_practised(client, users, recorded, day):
    questions = practice.build(recorded, on=day("2026-11-27"))
    answers = {q.key: sorted(q.answer) for q in questions}
    client = _login(client, users["commune"])
    url = reverse("support:practice", args=[recorded.slug])
    wrong = {q.key: [c.key for c in q.choices if not c.correct][:1] for q in questions}
    page = client.post(url, wrong).content.decode()
    assert f"đúng 0/{len(questions)}" in page
    assert not Proficiency.objects.filter(official=users["commune"], procedure=recorded).exists()
    page = client.post(url, answers).content.decode()
    assert f"đúng {len(questions)}/{len(questions)}" in page
    level = Proficiency.objects.get(official=users["commune"], procedure=recorded)
    assert level.level == Proficiency.Level.PRACTISED
    attempts = PracticeAttempt.objects.filter(official=users["commune"], procedure=recorded)
    assert attempts.count() == 2


def test_an_anonymous_reader_is_checked_but_nothing_is_kept(client, recorded, day):
    questions = practice.build(recorded, on=day("2026-11-27"))
    answers = {q.key: sorted(q.answer) for q in questions}
    page = client.post(reverse("support:practice", args=[recorded.slug]), answers)
    assert page.status_code == 200
    assert "Đăng nhập bằng tài khoản cán bộ" in page.content.decode()
    assert not PracticeAttempt.objects.exists()


def test_the_procedure_page_links_its_self_check_when_offered(client, recorded, make_procedure):
    practice_url = reverse("support:practice", args=[recorded.slug])
    assert practice_url in client.get(recorded.get_absolute_url()).content.decode()
    bare = make_procedure()
    page = client.get(bare.get_absolute_url()).content.decode()
    assert "/lam-thu/" not in page


def test_the_department_uploads_its_roster_and_a_wrong_line_is_named(client, users, unit):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from support.models import Attendance, TrainingEvent

    event = TrainingEvent.objects.create(
        title="Tập huấn thử",
        held_on=datetime.date(2026, 11, 13),
        format="truc_tuyen",
        organiser=unit,
    )
    client = _login(client, users["dept_a"])
    url = reverse("support:roster", args=["ha-noi"])

    def upload(text):
        csv_file = SimpleUploadedFile("ds.csv", text.encode(), content_type="text/csv")
        return client.post(url, {"event": event.pk, "roster": csv_file})

    bad = upload("tinh,ho_ten\nha-noi,Học viên A\nda-nang,Học viên B\n")
    assert bad.status_code == 400 and "Dòng 3" in bad.content.decode()
    assert not Attendance.objects.filter(event=event).exists()
    good = upload("tinh,ho_ten\nha-noi,Học viên A\n")
    assert good.status_code == 302
    assert Attendance.objects.filter(event=event, province__slug="ha-noi").count() == 1
    latin = client.post(
        url,
        {"event": event.pk, "roster": SimpleUploadedFile("ds.csv", "tinh\nHà".encode("cp1258"))},
    )
    assert latin.status_code == 400 and "UTF-8" in latin.content.decode()
