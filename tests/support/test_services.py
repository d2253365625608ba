"""The support services: assessments and the latest flag, trial dossiers promoted to guidance,
follow-ups, proficiency and practice, concerns, and the training roster import."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from handbook.models import Revision
from questions.models import MinistryUnit
from support import services
from support.models import Assessment, Attendance, Concern, FollowUp, Proficiency, TrainingEvent
from tests.support.conftest import MET, NOT_MET, PARTLY


def test_the_worst_dimension_is_the_overall_rating(users, hanoi, item, make_visit, make_assessment):
    assessment = make_assessment(make_visit(hanoi), item, rating=MET, systems=PARTLY)
    saved = services.assessment_save(assessment=assessment, user=users["ministry"])
    assert saved.overall == PARTLY
    assert saved.province == hanoi
    assert saved.month == datetime.date(2026, 11, 1)
    assert saved.is_latest


def test_only_the_latest_assessment_per_province_and_item_is_flagged(
    users, hanoi, danang, item, make_visit, make_assessment
):
    ministry = users["ministry"]
    later = services.assessment_save(
        assessment=make_assessment(make_visit(hanoi, "2026-11-20"), item, NOT_MET), user=ministry
    )
    # Entered afterwards, but about an earlier visit: it does not become the latest.
    earlier = services.assessment_save(
        assessment=make_assessment(make_visit(hanoi, "2026-10-01"), item, MET), user=ministry
    )
    other = services.assessment_save(
        assessment=make_assessment(make_visit(danang, "2026-09-01"), item, MET), user=ministry
    )
    latest = set(Assessment.objects.current().filter(procedure=item).values_list("pk", flat=True))
    assert latest == {later.pk, other.pk}
    assert not Assessment.objects.get(pk=earlier.pk).is_latest


def test_a_commune_visit_names_its_commune(users, hanoi, unit):
    from support.models import FieldVisit

    visit = FieldVisit(
        unit=unit,
        members="A",
        starts_on=datetime.date(2026, 11, 2),
        ends_on=datetime.date(2026, 11, 1),
        province=hanoi,
        place=FieldVisit.Place.COMMUNE,
    )
    with pytest.raises(ValidationError) as caught:
        services.visit_save(visit=visit, user=users["ministry"])
    assert set(caught.value.message_dict) == {"ends_on", "commune"}


def test_promoting_a_trial_dossier_adds_its_errors_to_a_guidance_draft(
    users, hanoi, item, make_visit
):
    from support.models import TrialDossier

    dossier = services.trial_dossier_save(
        dossier=TrialDossier(
            visit=make_visit(hanoi),
            procedure=item,
            went_well="Tiếp nhận đúng hạn",
            errors_found="Nhận bản sao không chứng thực điều lệ",
        ),
        user=users["ministry"],
    )
    revision = services.trial_dossier_promote(dossier=dossier, user=users["ministry"])
    assert revision.status == Revision.Status.DRAFT
    assert "Nhận bản sao không chứng thực điều lệ" in revision.common_errors
    assert "Sở KH&CN Hà Nội" in revision.common_errors
    with pytest.raises(ValidationError, match="đã được đưa"):
        services.trial_dossier_promote(dossier=dossier, user=users["ministry"])


def test_marking_a_follow_up_done_and_overdue(users, hanoi, make_follow_up, day):
    follow_up = make_follow_up(hanoi, due_on="2026-11-20")
    assert follow_up.is_overdue(day("2026-11-27"))
    assert FollowUp.objects.overdue(day("2026-11-27")).filter(pk=follow_up.pk).exists()
    done = services.follow_up_step(follow_up=follow_up, user=users["dept_a"], step="complete")
    assert done.status == FollowUp.Status.DONE and done.done_by == users["dept_a"]
    assert not done.is_overdue(day("2026-11-27"))
    assert done.history.first().history_user == users["dept_a"]
    with pytest.raises(ValidationError, match="Đã hoàn thành"):
        services.follow_up_step(follow_up=done, user=users["dept_a"], step="complete")


def test_proficiency_is_kept_with_its_history(users, item):
    official = users["commune"]
    services.proficiency_set(
        official=official, procedure=item, level=Proficiency.Level.ASSISTED, user=users["dept_a"]
    )
    services.proficiency_set(
        official=official,
        procedure=item,
        level=Proficiency.Level.PROFICIENT,
        user=users["ministry"],
    )
    proficiency = Proficiency.objects.get(official=official, procedure=item)
    assert proficiency.level == Proficiency.Level.PROFICIENT
    assert proficiency.source == Proficiency.Source.VISIT
    assert [h.level for h in proficiency.history.order_by("history_date")] == [
        Proficiency.Level.ASSISTED,
        Proficiency.Level.PROFICIENT,
    ]
    assert proficiency.history.order_by("history_date").first().history_user == users["dept_a"]


def test_a_passed_practice_sets_practised_but_never_lowers(users, item):
    official = users["commune"]
    failed = services.practice_record(user=official, procedure=item, correct=2, total=3)
    assert not failed.passed
    mine = Proficiency.objects.filter(official=official, procedure=item)
    assert not mine.exists()
    services.practice_record(user=official, procedure=item, correct=3, total=3)
    assert mine.get().level == Proficiency.Level.PRACTISED
    services.proficiency_set(
        official=official,
        procedure=item,
        level=Proficiency.Level.PROFICIENT,
        user=users["ministry"],
    )
    services.practice_record(user=official, procedure=item, correct=3, total=3)
    assert mine.get().level == Proficiency.Level.PROFICIENT


def test_a_concern_goes_to_the_unit_of_its_field_and_is_answered(users, hanoi, item):
    concern = services.concern_file(
        user=users["dept_a"],
        procedure=item,
        kind=Concern.Kind.RETURN,
        reason=Concern.Reason.STAFF,
        body="Sở chưa có cán bộ chuyên trách viễn thông.",
    )
    responsible = MinistryUnit.objects.responsible_for(item.field).first()
    assert concern.province == hanoi and responsible and concern.ministry_unit == responsible
    services.concern_accept(concern=concern, user=users["ministry"])
    with pytest.raises(ValidationError):
        services.concern_answer(
            concern=concern, user=users["ministry"], response_kind="ke_hoach_ho_tro", response=" "
        )
    answered = services.concern_answer(
        concern=concern,
        user=users["ministry"],
        response_kind=Concern.Response.SUPPORT_PLAN,
        response="Cử đoàn hỗ trợ tháng 12.",
    )
    assert answered.status == Concern.Status.ANSWERED
    closed = services.concern_close(concern=answered, user=users["dept_a"])
    assert closed.status == Concern.Status.CLOSED
    assert [h.status for h in closed.history.order_by("history_date")] == [
        "new",
        "in_review",
        "answered",
        "closed",
    ]


def test_an_open_concern_is_overdue_after_ten_working_days(users, item):
    from django.utils import timezone

    from questions.models import Clock

    concern = services.concern_file(
        user=users["dept_a"],
        procedure=item,
        kind=Concern.Kind.CONCERN,
        reason=Concern.Reason.LEGAL,
        body="Chưa rõ thẩm quyền ký.",
        at=timezone.now() - datetime.timedelta(days=20),
    )
    assert concern.is_overdue(Clock.now())
    assert Concern.objects.overdue(Clock.now()).filter(pk=concern.pk).exists()


@pytest.fixture
def event(unit, item):
    event = TrainingEvent.objects.create(
        title="Tập huấn (minh họa)",
        held_on=datetime.date(2026, 11, 13),
        format=TrainingEvent.Format.BOTH,
        organiser=unit,
    )
    event.items.add(item)
    return event


def test_the_roster_import_links_accounts_and_marks_them_trained(users, event, item):
    text = (
        "tinh,ho_ten,don_vi,tai_khoan\n"
        "ha-noi,Cán bộ A (minh họa),Sở KH&CN,canbo.xa.hanoi\n"
        "Đà Nẵng,Cán bộ B (minh họa),UBND phường,\n"
    )
    result = services.roster_import(event=event, text=text, user=users["ministry"])
    assert (result.created, result.kept) == (2, 0)
    again = services.roster_import(event=event, text=text, user=users["ministry"])
    assert (again.created, again.kept) == (0, 2)
    assert Attendance.objects.filter(event=event).count() == 2
    trained = Proficiency.objects.get(official=users["commune"], procedure=item)
    assert trained.level == Proficiency.Level.TRAINED


def test_a_wrong_roster_names_every_line_and_writes_nothing(users, event):
    text = (
        "tinh,ho_ten,don_vi,tai_khoan\n"
        "ha-noi,Cán bộ A,Sở,\n"
        "khong-co,Cán bộ B,Sở,\n"
        "ha-noi,,Sở,\n"
        "ha-noi,Cán bộ C,Sở,khong.co.ai\n"
        "ha-noi,Cán bộ D,Sở,canbo.so.danang\n"
    )
    with pytest.raises(ValidationError) as caught:
        services.roster_import(event=event, text=text, user=users["ministry"])
    lines = [m.split(":")[0] for m in caught.value.messages]
    assert lines == ["Dòng 3", "Dòng 4", "Dòng 5", "Dòng 6"]
    assert not Attendance.objects.filter(event=event).exists()


def test_a_roster_without_the_columns_is_refused_on_line_one(users, event):
    with pytest.raises(ValidationError, match="Dòng 1: thiếu cột tinh"):
        services.roster_import(event=event, text="ten\nA\n", user=users["ministry"])


def test_the_department_imports_only_its_own_province(users, event):
    text = "tinh,ho_ten\nha-noi,Cán bộ A\nda-nang,Cán bộ B\n"
    with pytest.raises(ValidationError, match="Dòng 3: bạn chỉ nhập"):
        services.roster_import(event=event, text=text, user=users["dept_a"])
    result = services.roster_import(
        event=event, text="tinh,ho_ten\nha-noi,A\n", user=users["dept_a"]
    )
    assert result.created == 1


def test_only_the_ministry_records_an_event(users, unit):
    event = TrainingEvent(
        title="Hội nghị", held_on=datetime.date(2026, 11, 13), format="truc_tuyen", organiser=unit
    )
    with pytest.raises(PermissionDenied):
        services.training_event_save(event=event, user=users["dept_a"])
    assert services.training_event_save(event=event, user=users["ministry"]).pk


def test_the_roster_command_reports_line_numbers_and_dry_runs(users, event, tmp_path):
    from io import StringIO

    from django.core.management import CommandError, call_command

    roster = tmp_path / "ds.csv"
    roster.write_text("tinh,ho_ten\nha-noi,Học viên A\nkhong-co,Học viên B\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Dòng 3: không có tỉnh"):
        call_command("import_roster", event.pk, roster, by="canbo.bo")
    roster.write_text("tinh,ho_ten\nha-noi,Học viên A\n", encoding="utf-8")
    out = StringIO()
    call_command("import_roster", event.pk, roster, by="canbo.bo", dry_run=True, stdout=out)
    assert "dry run: added 1" in out.getvalue()
    assert not Attendance.objects.filter(event=event).exists()
    call_command("import_roster", event.pk, roster, by="canbo.bo", stdout=out)
    assert Attendance.objects.filter(event=event).count() == 1
