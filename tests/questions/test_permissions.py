"""The permission matrix: every action, through the pages, for every kind of visitor.

The question is asked by a commune official of Hà Nội. "dept" is Hà Nội's department, "other"
Đà Nẵng's; "commune2" a commune official of Đà Nẵng; "anon" is not signed in.
OK = done (redirect to the question); 403 = may read the question but not do this;
404 = may not even read it; LOGIN = sent to the sign-in page.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts import roles
from delegation.models import Province
from questions import services, workflow
from questions.models import OnlineSession, Question

OK, LOGIN = "ok", "login"
ACTORS = ["asker", "dept", "other", "ministry", "commune2", "anon"]
USERNAMES = {
    "asker": "canbo.xa.hanoi",
    "dept": "canbo.so.hanoi",
    "other": "canbo.so.danang",
    "ministry": "canbo.bo",
    "commune2": "canbo.xa.danang",
    "anon": None,
}

# action, state the question is put in first, expected outcome per actor (order of ACTORS)
MATRIX = [
    ("assign", "new", [403, OK, 404, 403, 404, LOGIN]),
    ("escalate", "new", [403, OK, 404, 403, 404, LOGIN]),
    ("answer", "new", [403, OK, 404, 403, 404, LOGIN]),
    ("answer", "assigned", [403, OK, 404, 403, 404, LOGIN]),
    ("answer", "escalated", [403, 403, 404, OK, 404, LOGIN]),
    ("close", "answered", [OK, OK, 404, OK, 404, LOGIN]),
    ("publish", "answered", [403, 403, 404, OK, 404, LOGIN]),
    ("unpublish", "published", [403, 403, 404, OK, 404, LOGIN]),
    ("promote", "answered", [403, OK, 404, OK, 404, LOGIN]),
    ("queue", "escalated", [403, 403, 404, OK, 404, LOGIN]),
]

EXPECTED_AFTER = {
    "assign": lambda q: q.status == Question.Status.ASSIGNED,
    "escalate": lambda q: q.status == Question.Status.ESCALATED,
    "answer": lambda q: q.status == Question.Status.ANSWERED,
    "close": lambda q: q.status == Question.Status.CLOSED,
    "publish": lambda q: q.is_published,
    "unpublish": lambda q: not q.is_published,
    "promote": lambda q: q.promoted_revision_id is not None,
    "queue": lambda q: q.session_id is not None,
}


@pytest.fixture
def in_state(ask, department, ministry, unit):
    def make(state):
        question = ask()
        if state == "new":
            return question
        if state == "escalated":
            return services.question_escalate(
                question=question, user=department, unit=unit, note="Chưa rõ."
            )
        question = services.question_assign(question=question, user=department)
        if state == "assigned":
            return question
        question = services.question_answer(
            question=question, user=department, answer="Đáp.", notify=False
        )
        if state == "published":
            question = services.question_publish(
                question=question, user=ministry, public_question="Hỏi?", public_answer="Đáp."
            )
        return question

    return make


def post_data(action, users, unit):
    upcoming = OnlineSession.objects.get(title__startswith="Chuyên đề viễn thông")
    return {
        "assign": {"assignee": users["canbo.so.hanoi"].pk},
        "escalate": {"unit": unit.pk, "note": "Sở chưa tìm thấy căn cứ."},
        "answer": {"answer": "Câu trả lời."},
        "close": {},
        "publish": {"public_question": "Hỏi?", "public_answer": "Đáp."},
        "unpublish": {},
        "promote": {"section": "notes"},
        "queue": {"session": upcoming.pk},
    }[action]


CASES = [
    pytest.param(action, state, actor, expected, id=f"{action}-{state}-{actor}")
    for action, state, outcomes in MATRIX
    for actor, expected in zip(ACTORS, outcomes, strict=True)
]


@pytest.mark.parametrize(("action", "state", "actor", "expected"), CASES)
def test_action_matrix(client, users, unit, in_state, action, state, actor, expected):
    question = in_state(state)
    before = Question.objects.get(pk=question.pk)
    if USERNAMES[actor]:
        client.force_login(users[USERNAMES[actor]])
    url = reverse("questions:action", args=[question.pk, action])
    response = client.post(url, post_data(action, users, unit))
    after = Question.objects.get(pk=question.pk)
    if expected == OK:
        assert response.status_code == 302, response.content.decode()[:2000]
        assert response["Location"] == question.get_absolute_url()
        assert EXPECTED_AFTER[action](after)
        return
    if expected == LOGIN:
        assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")
    else:
        assert response.status_code == expected
    if expected == 403:  # the page says why
        (reason,) = response.context["errors"]
        assert reason in response.content.decode()
    assert (after.status, after.published_at, after.promoted_revision_id, after.session_id) == (
        before.status,
        before.published_at,
        before.promoted_revision_id,
        before.session_id,
    )


READ_MATRIX = {
    # page: outcome per actor (order of ACTORS)
    "detail": [200, 200, 404, 200, 404, LOGIN],
    "attachment": [200, 200, 404, 200, 404, LOGIN],
    "create": [200, 200, 200, 403, 200, LOGIN],
    "dashboard": [403, 403, 403, 200, 403, LOGIN],
    "list": [200, 200, 200, 200, 200, LOGIN],
}


@pytest.mark.parametrize("page", list(READ_MATRIX))
@pytest.mark.parametrize("actor", ACTORS)
def test_read_matrix(client, users, ask, upload, page, actor):
    question = ask(attachment=upload("tiny.pdf"))
    url = {
        "detail": question.get_absolute_url(),
        "attachment": reverse("questions:attachment", args=[question.pk]),
        "create": reverse("questions:create"),
        "dashboard": reverse("questions:dashboard"),
        "list": reverse("questions:list"),
    }[page]
    if USERNAMES[actor]:
        client.force_login(users[USERNAMES[actor]])
    response = client.get(url)
    expected = READ_MATRIX[page][ACTORS.index(actor)]
    if expected == LOGIN:
        assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")
    else:
        assert response.status_code == expected


def test_lists_show_only_what_each_official_may_read(client, users, ask):
    question = ask(title="Câu hỏi riêng của phường Ba Đình về giấy phép")
    for username, sees in [
        ("canbo.xa.hanoi", True),
        ("canbo.so.hanoi", True),
        ("canbo.bo", True),
        ("canbo.so.danang", False),
        ("canbo.xa.danang", False),
    ]:
        client.force_login(users[username])
        html = client.get(reverse("questions:list")).content.decode()
        assert (question.title in html) is sees, username


def test_buttons_match_what_the_official_may_do(client, users, ask):
    question = ask()
    client.force_login(users["canbo.so.hanoi"])
    html = client.get(question.get_absolute_url()).content.decode()
    assert f"/cau-hoi/{question.pk}/assign/" in html and f"/cau-hoi/{question.pk}/escalate/" in html
    assert f"/cau-hoi/{question.pk}/answer/" in html  # no need to take it first
    client.force_login(users["canbo.xa.hanoi"])
    html = client.get(question.get_absolute_url()).content.decode()
    assert f"/cau-hoi/{question.pk}/assign/" not in html


def test_unknown_action_is_404(client, users, ask):
    client.force_login(users["canbo.so.hanoi"])
    response = client.post(f"/cau-hoi/{ask().pk}/delete/")
    assert response.status_code == 404


def test_actions_need_post(client, users, ask):
    client.force_login(users["canbo.so.hanoi"])
    assert client.get(f"/cau-hoi/{ask().pk}/assign/").status_code == 405


# Roles are permissions: a user acts through what they hold, whatever their groups are named.


def _holding(*codenames, province_slug="ha-noi", username="canbo.quyen.rieng"):
    """A user with these question permissions and no group at all."""
    user = get_user_model().objects.create_user(
        username=username,
        password="x",
        province=Province.objects.get(slug=province_slug) if province_slug else None,
    )
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="questions", codename__in=codenames)
    )
    assert not user.groups.exists()
    return get_user_model().objects.get(pk=user.pk)


def _without(role, codename):
    """Take ``codename`` away from the role's group (the test's transaction puts it back)."""
    Group.objects.get(name=role).permissions.remove(
        Permission.objects.get(content_type__app_label="questions", codename=codename)
    )


def _fresh(user):
    """The user re-read, so that permissions cached on the instance are read again."""
    return get_user_model().objects.get(pk=user.pk)


def _assignees(html):
    """The user ids the assign form offers."""
    (select,) = re.findall(r'<select name="assignee".*?</select>', html, re.S)
    return {int(pk) for pk in re.findall(r'<option value="(\d+)"', select)}


def test_holding_handle_province_questions_without_the_group_handles_them(client, ask):
    handler = _holding("handle_province_questions")
    question = ask()
    client.force_login(handler)
    html = client.get(question.get_absolute_url()).content.decode()
    assert f"/cau-hoi/{question.pk}/assign/" in html
    assert handler.pk in _assignees(html)  # offered as an assignee too
    response = client.post(
        reverse("questions:action", args=[question.pk, "assign"]), {"assignee": handler.pk}
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert (question.status, question.assignee) == (Question.Status.ASSIGNED, handler)


def test_the_department_group_without_the_permission_handles_nothing(client, ask, department):
    _without(roles.DEPARTMENT_STAFF, "handle_province_questions")
    department = _fresh(department)
    question = ask()
    with pytest.raises(PermissionDenied):
        services.question_assign(question=question, user=department)
    client.force_login(department)
    assert client.get(question.get_absolute_url()).status_code == 404
    question.refresh_from_db()
    assert question.status == Question.Status.NEW


def test_a_colleague_without_the_permission_is_not_offered_as_assignee(
    client, ask, department, make_official
):
    colleague = make_official(roles.DEPARTMENT_STAFF, "ha-noi", full_name="Đồng nghiệp Sở")
    colleague.user_permissions.add(Permission.objects.get(codename="handle_province_questions"))
    _without(roles.DEPARTMENT_STAFF, "handle_province_questions")
    question = ask()
    client.force_login(colleague)
    offered = _assignees(client.get(question.get_absolute_url()).content.decode())
    assert colleague.pk in offered and department.pk not in offered
    with pytest.raises(ValidationError, match="Chỉ giao được cho cán bộ Sở"):
        services.question_assign(question=question, user=colleague, assignee=_fresh(department))


def test_holding_ask_question_without_the_group_asks(ask):
    official = _holding("ask_question")
    question = ask(user=official)
    assert question.asker == official and question.province == official.province


def test_the_commune_group_without_ask_question_cannot_ask(ask, asker, client):
    _without(roles.COMMUNE_OFFICIAL, "ask_question")
    with pytest.raises(PermissionDenied, match="Chỉ cán bộ cấp xã và cán bộ Sở"):
        ask(user=_fresh(asker))
    client.force_login(asker)
    assert client.get(reverse("questions:create")).status_code == 403


def test_holding_answer_escalated_without_the_group_answers_escalated_questions(
    ask, department, unit
):
    answerer = _holding("view_question", "answer_escalated", province_slug=None)
    question = services.question_escalate(question=ask(), user=department, unit=unit, note="x")
    answered = services.question_answer(
        question=question, user=answerer, answer="Bộ trả lời.", notify=False
    )
    assert answered.status == Question.Status.ANSWERED and answered.answered_by == answerer


def test_the_ministry_group_without_answer_escalated_cannot_answer(ask, department, ministry, unit):
    _without(roles.MINISTRY_STAFF, "answer_escalated")
    question = services.question_escalate(question=ask(), user=department, unit=unit, note="x")
    with pytest.raises(PermissionDenied, match="chỉ cán bộ Bộ trả lời"):
        services.question_answer(question=question, user=_fresh(ministry), answer="Đáp.")
    question.refresh_from_db()
    assert question.status == Question.Status.ESCALATED


def test_holding_publish_question_without_the_group_publishes(answered):
    publisher = _holding("view_question", "publish_question", province_slug=None)
    question = services.question_publish(
        question=answered(), user=publisher, public_question="Hỏi?", public_answer="Đáp."
    )
    assert question.is_published and question.published_by == publisher


def test_the_ministry_group_without_publish_question_cannot_publish(answered, ministry):
    _without(roles.MINISTRY_STAFF, "publish_question")
    with pytest.raises(PermissionDenied, match="không có quyền công khai"):
        services.question_publish(
            question=answered(), user=_fresh(ministry), public_question="Hỏi?", public_answer="Đáp."
        )


def test_reading_every_province_is_view_question(client, ask, ministry):
    question = ask()
    reader = _holding("view_question", province_slug="da-nang")
    client.force_login(reader)
    assert client.get(question.get_absolute_url()).status_code == 200
    assert client.get(reverse("questions:dashboard")).status_code == 200
    _without(roles.MINISTRY_STAFF, "view_question")
    client.force_login(ministry)
    assert client.get(question.get_absolute_url()).status_code == 404
    assert client.get(reverse("questions:dashboard")).status_code == 403


# (state, who) -> the steps allowed_steps offers on a question asked by canbo.xa.hanoi.
STEPS = {
    ("new", "asker"): [],
    ("new", "dept"): ["assign", "escalate", "answer"],
    ("new", "ministry"): [],
    ("assigned", "dept"): ["escalate", "answer"],
    ("assigned", "ministry"): [],
    ("escalated", "dept"): [],
    ("escalated", "ministry"): ["answer", "queue"],
    ("answered", "asker"): ["close"],
    ("answered", "dept"): ["close", "promote"],
    ("answered", "ministry"): ["close", "publish", "promote"],
    ("published", "ministry"): ["close", "unpublish", "promote"],
    ("answered", "other"): [],
}


@pytest.mark.parametrize(("state", "actor"), list(STEPS), ids=lambda v: str(v))
def test_allowed_steps_by_state_and_actor(users, in_state, state, actor):
    question = in_state(state)
    official = workflow.Actor.of(users[USERNAMES[actor]])
    assert workflow.allowed_steps(official, question) == STEPS[(state, actor)]
