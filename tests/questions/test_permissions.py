"""The permission matrix: every action, through the pages, for every kind of visitor.

The question is asked by a commune official of Hà Nội. "dept" is Hà Nội's department, "other"
Đà Nẵng's; "commune2" a commune official of Đà Nẵng; "anon" is not signed in.
OK = done (redirect to the question); 403 = may read the question but not do this;
404 = may not even read it; LOGIN = sent to the sign-in page.
"""

import pytest
from django.urls import reverse

from questions import services
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
    assert f"/cau-hoi/{question.pk}/answer/" not in html  # take it first
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
