"""The demo questions: enough of them, across provinces and states, and every citation sourced."""

import io
import json
import re

import pytest
from django.conf import settings
from django.core.management import call_command

from questions.demo import DemoDataError, load_demo, read_demo
from questions.models import MinistryUnit, OnlineSession, Question
from tests.conftest import needs_reference

CITATION = re.compile(
    r"\d+(?:\.\d+)?/\d{4}/(?:NĐ-CP|TT-BKHCN|NQ-CP|QĐ-BKHCN|QH\d+)|\d+/QĐ-[A-Z]+|\b\d\.\d{6}\b"
)


@pytest.fixture
def demo():
    """The demo data as loaded for the session (fixtures/demo/)."""
    return read_demo()


def demo_texts(demo):
    for spec in demo.questions:
        yield spec["title"] + " " + spec["body"]
        for step in spec["steps"]:
            yield " ".join(str(part) for part in step.values())
    for spec in demo.sessions:
        yield spec["agenda"] + " " + spec.get("minutes", "")


def test_demo_questions_cover_provinces_states_and_answers(demo):
    questions = Question.objects.filter(title__in=[spec["title"] for spec in demo.questions])
    assert questions.count() == len(demo.questions) >= 10
    assert questions.values("province").distinct().count() >= 3
    assert set(questions.values_list("status", flat=True)) == set(Question.Status.values)
    assert questions.filter(answer__gt="").count() >= 10 - 3
    assert questions.published().count() >= 5


def test_loading_twice_changes_nothing():
    before = Question.objects.count()
    out = io.StringIO()
    call_command("load_questions", "--demo", verbosity=0, stdout=out)
    assert "created 0" in out.getvalue()
    assert Question.objects.count() == before
    assert MinistryUnit.objects.filter(is_fallback=True).count() == 1


def test_every_field_has_a_unit_to_escalate_to():
    from procedures.models import Field

    for field in Field.objects.all():
        assert MinistryUnit.objects.responsible_for(field).exists(), field
    assert MinistryUnit.objects.responsible_for(None).get().is_fallback


@needs_reference
def test_every_document_and_code_the_demo_cites_is_in_the_reference_data(demo):
    reference = settings.REFERENCE_DIR
    sources = "".join(
        (reference / name).read_text(encoding="utf-8")
        for name in ("DOMAIN.md", "procedures.csv", "tthc_records.md", "tthc_records.jsonl")
    )
    cited = {match for text in demo_texts(demo) for match in CITATION.findall(text)}
    assert {"133/2025/NĐ-CP", "1.013899", "2528/QĐ-BKHCN"} <= cited
    missing = sorted(c for c in cited if c not in sources)
    assert missing == []


@needs_reference
def test_every_ministry_unit_is_named_by_the_sources():
    reference = settings.REFERENCE_DIR
    sources = (reference / "DOMAIN.md").read_text(encoding="utf-8") + (
        reference / "tthc_records.jsonl"
    ).read_text(encoding="utf-8")
    for unit in MinistryUnit.objects.filter(is_fallback=False):
        assert unit.name in sources, unit.name


def test_each_demo_question_is_in_the_state_its_steps_lead_to(demo):
    after = {
        None: Question.Status.NEW,
        "assign": Question.Status.ASSIGNED,
        "escalate": Question.Status.ESCALATED,
        "answer": Question.Status.ANSWERED,
        "close": Question.Status.CLOSED,
    }
    for spec in demo.questions:
        actions = [step["action"] for step in spec["steps"]]
        state = next((a for a in reversed(actions) if a != "publish"), None)
        question = Question.objects.get(asker__username=spec["asker"], title=spec["title"])
        assert question.status == after[state], spec["title"]
        assert question.is_published == ("publish" in actions), spec["title"]
        escalation = next((s for s in spec["steps"] if s["action"] == "escalate"), None)
        if escalation:
            assert question.ministry_unit.slug == escalation["unit"]
            session = question.session.title if question.session else None
            expected = next(
                (s["title"] for s in demo.sessions if s["key"] == escalation.get("session")), None
            )
            assert session == expected


def test_a_demo_session_with_minutes_has_its_outcome_published(demo):
    for spec in demo.sessions:
        session = OnlineSession.objects.get(title=spec["title"])
        assert session.outcome_published == ("minutes" in spec)
        assert session.materials.count() == len(spec.get("materials", []))


def write_demo(folder, questions, sessions=()):
    (folder / "questions.json").write_text(json.dumps(questions, ensure_ascii=False), "utf-8")
    (folder / "sessions.json").write_text(json.dumps(list(sessions), ensure_ascii=False), "utf-8")
    return folder


QUESTION = {"asker": "canbo.xa.hanoi", "days_ago": 2, "title": "T" * 12, "body": "B" * 30}


@pytest.mark.parametrize(
    ("questions", "message"),
    [
        (
            [{**QUESTION, "steps": [{"action": "forward", "by": "canbo.so.hanoi", "days_ago": 1}]}],
            "questions.json: question 1, step 1: action 'forward' is not one of",
        ),
        (
            [{**QUESTION, "steps": [{"action": "answer", "by": "canbo.so.hanoi", "days_ago": 1}]}],
            "questions.json: question 1, step 1: missing answer",
        ),
        ([{"asker": "canbo.xa.hanoi", "steps": []}], "question 1: missing body, days_ago, title"),
        (
            [
                {
                    **QUESTION,
                    "steps": [
                        {
                            "action": "escalate",
                            "by": "canbo.so.hanoi",
                            "days_ago": 1,
                            "unit": "cuc-vien-thong",
                            "note": "x",
                            "session": "khong-co",
                        }
                    ],
                }
            ],
            "step 1: no session with key 'khong-co'",
        ),
    ],
)
def test_bad_demo_data_is_refused_with_where_it_is(tmp_path, questions, message):
    with pytest.raises(DemoDataError) as excinfo:
        read_demo(write_demo(tmp_path, questions))
    assert message in str(excinfo.value)


def test_a_demo_file_that_is_not_json_names_its_line(tmp_path):
    write_demo(tmp_path, [])
    (tmp_path / "questions.json").write_text('[\n  {"asker": "x",}\n]', "utf-8")
    with pytest.raises(DemoDataError, match=r"questions.json: line 2: invalid JSON"):
        read_demo(tmp_path)


def test_a_demo_question_by_a_missing_account_loads_nothing(tmp_path):
    demo = read_demo(
        write_demo(tmp_path, [{**QUESTION, "asker": "canbo.xa.khong-co", "steps": []}])
    )
    before = Question.objects.count()
    with pytest.raises(DemoDataError, match="no demo account 'canbo.xa.khong-co'"):
        load_demo(demo)
    assert Question.objects.count() == before
