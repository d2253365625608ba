"""The permission matrix: every write path of the handbook, for every role.

Objects belong to province A (Hà Nội, the department account's own) or province B (Đà Nẵng).
A refused write raises PermissionDenied and leaves the database as it was.
"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accounts import roles
from handbook import services, workflow
from handbook.models import Edition, Revision

ROLES = ["anonymous", "commune", "dept_a", "editor", "publisher"]
ALL_STAFF = {"dept_a", "editor", "publisher"}
MINISTRY = {"editor", "publisher"}
PUBLISHER = {"publisher"}


def _create(province_key):
    def run(ctx, user):
        return services.revision_create_draft(
            guidance=ctx["guidance"],
            author=user,
            province=ctx.get(province_key),
            sections={"notes": "Ghi chú mới"},
            change_note="mới",
        )

    return run


def _state(key, status):
    """Set-up: a revision of ``key`` ("note_a", "note_b", "national_a") in ``status``."""

    def setup(ctx, make_revision, users):
        author, province = {
            "note_a": (users["dept_a"], ctx["a"]),
            "note_b": (users["dept_b"], ctx["b"]),
            "national_a": (users["dept_a"], None),
        }[key]
        return make_revision(ctx["guidance"], status=status, author=author, province=province)

    return setup


def _edit(ctx, user):
    return services.revision_update(
        revision=ctx["target"], user=user, data={"notes": "Sửa"}, expected_version=1
    )


def _submit(ctx, user):
    return services.revision_submit(revision=ctx["target"], user=user)


def _send_back(ctx, user):
    return services.revision_send_back(revision=ctx["target"], user=user, comment="Bổ sung mẫu")


def _publish(ctx, user):
    return services.revision_publish(revision=ctx["target"], user=user)


def _schedule(ctx, user):
    at = timezone.now() + datetime.timedelta(days=1)
    return services.revision_schedule(revision=ctx["target"], user=user, at=at)


def _unschedule(ctx, user):
    return services.revision_unschedule(revision=ctx["target"], user=user)


def _withdraw(ctx, user):
    return services.revision_withdraw(revision=ctx["target"], user=user, reason="Sai căn cứ")


D, R, S, P = (
    Revision.Status.DRAFT,
    Revision.Status.IN_REVIEW,
    Revision.Status.SCHEDULED,
    Revision.Status.PUBLISHED,
)

# write path -> (set-up, action, roles allowed)
MATRIX = {
    "create national draft": (None, _create(None), ALL_STAFF),
    "create note of A": (None, _create("a"), ALL_STAFF),
    "create note of B": (None, _create("b"), MINISTRY),
    "edit national draft of A's Sở": (_state("national_a", D), _edit, ALL_STAFF),
    "edit draft note of A": (_state("note_a", D), _edit, ALL_STAFF),
    "edit draft note of B": (_state("note_b", D), _edit, MINISTRY),
    "edit submitted note of A": (_state("note_a", R), _edit, MINISTRY),
    "submit draft note of A": (_state("note_a", D), _submit, ALL_STAFF),
    "submit draft note of B": (_state("note_b", D), _submit, MINISTRY),
    "send back note of A": (_state("note_a", R), _send_back, MINISTRY),
    "send back note of B": (_state("note_b", R), _send_back, MINISTRY),
    "publish note of A": (_state("note_a", R), _publish, PUBLISHER),
    "publish note of B": (_state("note_b", R), _publish, PUBLISHER),
    "schedule note of A": (_state("note_a", R), _schedule, PUBLISHER),
    "unschedule note of A": (_state("note_a", S), _unschedule, PUBLISHER),
    "withdraw note of A": (_state("note_a", P), _withdraw, PUBLISHER),
    "withdraw note of B": (_state("note_b", P), _withdraw, PUBLISHER),
}


def snapshot():
    return sorted(Revision.objects.values_list("pk", "status", "version", "notes"))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", list(MATRIX), ids=str)
def test_permission_matrix(path, role, users, guidance, hanoi, danang, make_revision):
    setup, action, allowed = MATRIX[path]
    ctx = {"guidance": guidance, "a": hanoi, "b": danang}
    if setup is not None:
        ctx["target"] = setup(ctx, make_revision, users)
    before = snapshot()
    if role in allowed:
        result = action(ctx, users[role])
        assert isinstance(result, Revision)
        assert snapshot() != before
    else:
        with pytest.raises(PermissionDenied):
            action(ctx, users[role])
        assert snapshot() == before


@pytest.mark.parametrize("role", ROLES)
def test_only_publishers_publish_editions(role, users, guidance, make_revision):
    make_revision(guidance, status=P)
    if role in PUBLISHER:
        edition = services.edition_publish(number="2026.11", release_notes="x", user=users[role])
        assert edition.revisions.exists()
    else:
        with pytest.raises(PermissionDenied):
            services.edition_publish(number="2026.11", release_notes="x", user=users[role])
        assert not Edition.objects.exists()


@pytest.mark.parametrize("role", ["publisher", "editor", "dept_a"])
def test_nobody_publishes_or_schedules_what_they_wrote(role, users, guidance, make_revision):
    revision = make_revision(guidance, status=R, author=users[role], province=None)
    for action in (_publish, _schedule):
        with pytest.raises(PermissionDenied):
            action({"target": revision}, users[role])
    revision.refresh_from_db()
    assert revision.status == R


def test_a_publisher_who_edited_a_draft_may_not_publish_it(users, guidance, make_revision):
    revision = make_revision(guidance, status=R, author=users["dept_a"], province=None)
    services.revision_update(
        revision=revision, user=users["publisher"], data={"clock": "05 ngày"}, expected_version=1
    )
    with pytest.raises(PermissionDenied, match="nguyên tắc hai người"):
        services.revision_publish(revision=revision, user=users["publisher"])
    published = services.revision_publish(revision=revision, user=users["publisher_2"])
    assert published.status == P and published.published_by == users["publisher_2"]


def test_department_staff_without_a_province_write_nothing(users, guidance):
    stray = users["dept_a"]
    stray.province = None
    stray.save()
    with pytest.raises(PermissionDenied, match="chưa gắn với tỉnh"):
        services.revision_create_draft(guidance=guidance, author=stray, sections={"notes": "x"})


# Roles are permissions: what a user may do follows what they hold, not their group's name.


def _fresh(user):
    """The user re-read, so that permissions cached on the instance are read again."""
    return get_user_model().objects.get(pk=user.pk)


def test_a_user_holding_publish_revision_publishes_without_the_role_group(guidance, make_revision):
    publisher = get_user_model().objects.create_user(username="xuatban.rieng", password="x")
    publisher.user_permissions.add(
        Permission.objects.get(content_type__app_label="handbook", codename="publish_revision")
    )
    assert not publisher.groups.exists()
    revision = make_revision(guidance, status=R)
    published = services.revision_publish(revision=revision, user=_fresh(publisher))
    assert published.status == P and published.published_by == publisher


def test_the_ministry_group_without_publish_revision_cannot_publish(users, guidance, make_revision):
    group = Group.objects.get(name=roles.MINISTRY_STAFF)
    group.permissions.remove(
        Permission.objects.get(content_type__app_label="handbook", codename="publish_revision")
    )
    publisher = _fresh(users["publisher"])
    assert publisher.groups.filter(pk=group.pk).exists()
    revision = make_revision(guidance, status=R)
    with pytest.raises(PermissionDenied, match="không có quyền xuất bản"):
        services.revision_publish(revision=revision, user=publisher)
    revision.refresh_from_db()
    assert revision.status == R


# (state of a note of A, role) -> the steps allowed_steps offers; every other pair offers none.
STEPS = {
    (D, "dept_a"): ["edit", "submit"],
    (D, "editor"): ["edit", "submit"],
    (D, "publisher"): ["edit", "submit"],
    (R, "editor"): ["edit", "send-back"],
    (R, "publisher"): ["edit", "send-back", "publish", "schedule"],
    (S, "publisher"): ["publish", "unschedule"],
    (P, "publisher"): ["withdraw"],
}


@pytest.mark.parametrize("role", ROLES + ["dept_b"])
@pytest.mark.parametrize("status", [D, R, S, P])
def test_allowed_steps_by_state_and_role(status, role, users, guidance, hanoi, make_revision):
    revision = make_revision(guidance, status=status, author=users["dept_a"], province=hanoi)
    assert workflow.allowed_steps(users[role], revision) == STEPS.get((status, role), [])


@pytest.mark.parametrize("status", [D, R, S, P])
def test_every_step_offered_is_one_the_service_takes(status, users, guidance, make_revision):
    """allowed_steps and the services agree: each step offered to the publisher succeeds."""
    publisher = users["publisher"]
    for step in workflow.allowed_steps(publisher, make_revision(guidance, status=status)):
        revision = make_revision(guidance, status=status)
        done = {
            "edit": _edit,
            "submit": _submit,
            "send-back": _send_back,
            "publish": _publish,
            "schedule": _schedule,
            "unschedule": _unschedule,
            "withdraw": _withdraw,
        }[step]({"target": revision}, publisher)
        expected = workflow.TRANSITIONS[step].target or status
        assert done.status == expected, step
