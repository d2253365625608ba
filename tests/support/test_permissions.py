"""The permission matrix: every write path of the support of localities, for every role.

Objects belong to province A (Hà Nội, the department account's own) or province B (Đà Nẵng).
A refused write raises PermissionDenied and leaves the database as it was.
"""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from support import services, workflow
from support.models import (
    Assessment,
    Concern,
    FieldVisit,
    FollowUp,
    PracticeAttempt,
    Proficiency,
    TrainingEvent,
    TrialDossier,
)
from tests.support.conftest import MET

ROLES = ["anonymous", "commune", "dept_a", "dept_b", "editor", "ministry"]
MINISTRY = {"ministry"}
DEPT_A = {"dept_a", "ministry"}


def _visit(ctx, user):
    visit = FieldVisit(
        unit=ctx["unit"],
        members="Thành viên A",
        starts_on=datetime.date(2026, 11, 20),
        ends_on=datetime.date(2026, 11, 21),
        province=ctx["a"],
    )
    return services.visit_save(visit=visit, user=user)


def _assess(ctx, user):
    assessment = ctx["make_assessment"](ctx["visit_a"], ctx["item"], MET)
    return services.assessment_save(assessment=assessment, user=user)


def _trial(ctx, user):
    dossier = TrialDossier(visit=ctx["visit_a"], procedure=ctx["item"], errors_found="Sai mẫu")
    return services.trial_dossier_save(dossier=dossier, user=user)


def _dossier(ctx):
    return TrialDossier.objects.create(
        visit=ctx["visit_a"], procedure=ctx["item"], errors_found="Sai mẫu"
    )


def _promote(ctx, user):
    return services.trial_dossier_promote(dossier=ctx["target"], user=user)


def _event(ctx, user):
    event = TrainingEvent(
        title="Hội nghị",
        held_on=datetime.date(2026, 11, 13),
        format="ket_hop",
        organiser=ctx["unit"],
    )
    return services.training_event_save(event=event, user=user)


def _follow_up(province_key):
    def run(ctx, user):
        follow_up = FollowUp(
            province=ctx[province_key],
            title="Cập nhật quy trình",
            owner=FollowUp.Owner.DEPARTMENT,
            due_on=datetime.date(2026, 12, 31),
        )
        return services.follow_up_save(follow_up=follow_up, user=user)

    return run


def _open(province_key, status=FollowUp.Status.OPEN):
    return lambda ctx: ctx["make_follow_up"](ctx[province_key], status=status)


def _step(step):
    def run(ctx, user):
        return services.follow_up_step(follow_up=ctx["target"], user=user, step=step)

    return run


def _proficiency(official_key):
    def run(ctx, user):
        return services.proficiency_set(
            official=ctx["users"][official_key],
            procedure=ctx["item"],
            level=Proficiency.Level.ASSISTED,
            user=user,
        )

    return run


def _practise(ctx, user):
    return services.practice_record(user=user, procedure=ctx["item"], correct=3, total=3)


def _file(ctx, user):
    return services.concern_file(
        user=user, procedure=ctx["item"], kind="kien_nghi", reason="can_bo", body="Thiếu người"
    )


def _concern(province_key, status=Concern.Status.NEW):
    def make(ctx):
        values = {}
        if status != Concern.Status.NEW:
            values = {"response_kind": "ke_hoach_ho_tro", "response": "Hỗ trợ"}
            values["answered_at"] = datetime.datetime(2026, 11, 20, tzinfo=datetime.UTC)
        return Concern.objects.create(
            province=ctx[province_key],
            procedure=ctx["item"],
            kind="kien_nghi",
            reason="can_bo",
            body="Thiếu người",
            filed_at=datetime.datetime(2026, 11, 19, tzinfo=datetime.UTC),
            status=status,
            **values,
        )

    return make


def _accept(ctx, user):
    return services.concern_accept(concern=ctx["target"], user=user)


def _answer(ctx, user):
    return services.concern_answer(
        concern=ctx["target"], user=user, response_kind="ke_hoach_ho_tro", response="Hỗ trợ"
    )


def _close(ctx, user):
    return services.concern_close(concern=ctx["target"], user=user)


# write path -> (set-up, action, roles allowed)
MATRIX = {
    "record a visit": (None, _visit, MINISTRY),
    "record an assessment": (None, _assess, MINISTRY),
    "record a trial dossier": (None, _trial, MINISTRY),
    "promote a trial dossier to guidance": (_dossier, _promote, MINISTRY),
    "record a training event": (None, _event, MINISTRY),
    "add a follow-up in A": (None, _follow_up("a"), DEPT_A),
    "add a follow-up in B": (None, _follow_up("b"), {"dept_b", "ministry"}),
    "mark A's follow-up done": (_open("a"), _step("complete"), DEPT_A),
    "mark B's follow-up done": (_open("b"), _step("complete"), {"dept_b", "ministry"}),
    "reopen A's follow-up": (_open("a", FollowUp.Status.DONE), _step("reopen"), DEPT_A),
    "cancel A's follow-up": (_open("a"), _step("cancel"), MINISTRY),
    "set proficiency of A's official": (None, _proficiency("commune"), DEPT_A),
    "set proficiency of B's department": (None, _proficiency("dept_b"), {"dept_b", "ministry"}),
    "practise": (None, _practise, {"commune", "dept_a", "dept_b"}),
    "file a concern": (None, _file, {"dept_a", "dept_b"}),
    "take up a concern of A": (_concern("a"), _accept, MINISTRY),
    "answer a concern of A": (_concern("a"), _answer, MINISTRY),
    "close a concern of A": (_concern("a", Concern.Status.ANSWERED), _close, DEPT_A),
    "close a concern of B": (
        _concern("b", Concern.Status.ANSWERED),
        _close,
        {"dept_b", "ministry"},
    ),
}

MODELS = [FieldVisit, Assessment, TrialDossier, TrainingEvent, FollowUp, Proficiency, Concern]


def snapshot():
    rows = [sorted(m.objects.values_list("pk", flat=True)) for m in MODELS]
    rows.append(sorted(FollowUp.objects.values_list("pk", "status")))
    rows.append(sorted(Concern.objects.values_list("pk", "status")))
    rows.append(sorted(TrialDossier.objects.values_list("pk", "promoted_revision")))
    rows.append(sorted(Proficiency.objects.values_list("pk", "level")))
    rows.append(PracticeAttempt.objects.count())
    return rows


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", list(MATRIX), ids=str)
def test_permission_matrix(
    path, role, users, hanoi, danang, unit, item, make_visit, make_assessment, make_follow_up
):
    setup, action, allowed = MATRIX[path]
    ctx = {
        "a": hanoi,
        "b": danang,
        "unit": unit,
        "item": item,
        "users": users,
        "visit_a": make_visit(hanoi),
        "make_assessment": make_assessment,
        "make_follow_up": make_follow_up,
    }
    if setup is not None:
        ctx["target"] = setup(ctx)
    before = snapshot()
    if role in allowed:
        assert action(ctx, users[role]).pk
        assert snapshot() != before
    else:
        with pytest.raises(PermissionDenied):
            action(ctx, users[role])
        assert snapshot() == before


# (role) -> which province pages it reads
@pytest.mark.parametrize(
    "role, provinces",
    [
        ("anonymous", set()),
        ("commune", set()),
        ("dept_a", {"ha-noi"}),
        ("dept_b", {"da-nang"}),
        ("editor", set()),
        ("ministry", {"ha-noi", "da-nang"}),
    ],
)
def test_who_reads_which_province(role, provinces, users, hanoi, danang):
    actor = workflow.Actor.of(users[role])
    assert {p.slug for p in (hanoi, danang) if actor.can_view_province(p.pk)} == provinces


# (status, role) -> the follow-up steps offered on A's follow-up; every other pair offers none.
STEPS = {
    ("open", "dept_a"): ["complete"],
    ("open", "ministry"): ["complete", "cancel"],
    ("done", "dept_a"): ["reopen"],
    ("done", "ministry"): ["reopen"],
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("status", ["open", "done", "cancelled"])
def test_allowed_follow_up_steps(status, role, users, hanoi, make_follow_up):
    follow_up = make_follow_up(hanoi, status=status)
    actor = workflow.Actor.of(users[role])
    assert workflow.allowed_steps(actor, follow_up) == STEPS.get((status, role), [])


def test_every_step_offered_is_one_the_service_takes(users, hanoi, make_follow_up):
    ministry = users["ministry"]
    for status in ["open", "done"]:
        actor = workflow.Actor.of(ministry)
        for step in workflow.allowed_steps(actor, make_follow_up(hanoi, status=status)):
            done = services.follow_up_step(
                follow_up=make_follow_up(hanoi, status=status), user=ministry, step=step
            )
            assert done.status == workflow.FOLLOW_UP_STEPS[step].target
