"""Demo questions and sessions for local use (``load_questions --demo``); never for production.

The data is in ``fixtures/demo/``: ``questions.json`` (who asks, ``days_ago``, about which
procedure or field, and the ``steps`` taken since: assign, escalate, answer, close, publish)
and ``sessions.json`` (online sessions starting ``starts_in_days`` from the day of loading,
negative for past ones; a past one with ``minutes`` has its outcome published by
``outcome_by``). Every answer there says only what ../shared/reference says (DOMAIN.md,
procedures.csv and the national records), with its source; what the sources leave open stays a
question (escalated or new). Days count back from the day the demo is loaded, so ages and
overdue flags show. Questions are asked and answered through ``questions.services``, as
officials would; a question or session already there is kept as it is.
"""

import datetime
import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from procedures.models import Field, Procedure
from questions import services
from questions.models import MinistryUnit, OnlineSession, Question, SessionMaterial

DEMO_DIR = settings.BASE_DIR / "fixtures" / "demo"

# What each step of a question needs besides "action", "by" and "days_ago".
STEPS = {
    "assign": set(),
    "escalate": {"unit", "note"},
    "answer": {"answer"},
    "close": set(),
    "publish": set(),
}
QUESTION_KEYS = {"asker", "days_ago", "title", "body", "steps"}
SESSION_KEYS = {"key", "title", "kind", "starts_in_days", "agenda", "procedures", "unit"}


class DemoDataError(Exception):
    """The demo files cannot be loaded; the message names the file and the entry."""


@dataclass(frozen=True)
class Demo:
    questions: list[dict]
    sessions: list[dict]


def read_demo(folder: Path = DEMO_DIR) -> Demo:
    """Read and check ``questions.json`` and ``sessions.json`` in ``folder``; nothing is written."""
    questions = _read_list(folder / "questions.json")
    sessions = _read_list(folder / "sessions.json")
    session_keys = set()
    for n, spec in enumerate(sessions, start=1):
        _require(spec, SESSION_KEYS, f"sessions.json: session {n}")
        if "minutes" in spec:
            _require(spec, {"outcome_by"}, f"sessions.json: session {n}")
        session_keys.add(spec["key"])
    for n, spec in enumerate(questions, start=1):
        where = f"questions.json: question {n}"
        _require(spec, QUESTION_KEYS, where)
        for m, step in enumerate(spec["steps"], start=1):
            action = step.get("action") if isinstance(step, dict) else None
            if action not in STEPS:
                raise DemoDataError(
                    f"{where}, step {m}: action {action!r} is not one of {sorted(STEPS)}"
                )
            _require(step, {"by", "days_ago", *STEPS[action]}, f"{where}, step {m}")
            if step.get("session") and step["session"] not in session_keys:
                raise DemoDataError(f"{where}, step {m}: no session with key {step['session']!r}")
    return Demo(questions=questions, sessions=sessions)


def _read_list(path: Path) -> list[dict]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise DemoDataError(f"cannot read {path}: {exc.strerror}") from exc
    except json.JSONDecodeError as exc:
        raise DemoDataError(f"{path.name}: line {exc.lineno}: invalid JSON ({exc.msg})") from exc
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise DemoDataError(f"{path.name}: expected a list of objects")
    return data


def _require(spec: dict, keys: set[str], where: str) -> None:
    missing = sorted(keys - set(spec))
    if missing:
        raise DemoDataError(f"{where}: missing {', '.join(missing)}")


def _moment(days_ago: int, hour: int = 9) -> datetime.datetime:
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _procedure(ref: str | None) -> Procedure | None:
    """A procedure named by its code, or by the start of its name (tasks without a code)."""
    if not ref:
        return None
    if ref[:1].isdigit():
        return Procedure.objects.filter(code=ref).first()
    return Procedure.objects.filter(name__startswith=ref).first()


def _field(slug: str | None) -> Field | None:
    return Field.objects.filter(slug=slug).first() if slug else None


def _sessions(specs: list[dict]) -> dict[str, OnlineSession]:
    found = {}
    for spec in specs:
        session = OnlineSession.objects.filter(title=spec["title"]).first()
        if session is None:
            starts = _moment(-spec["starts_in_days"], hour=14)
            session = OnlineSession(
                title=spec["title"],
                kind=spec["kind"],
                field=_field(spec.get("field")),
                starts_at=starts,
                ends_at=starts + datetime.timedelta(hours=2),
                meeting_url="https://hop-truc-tuyen.example.com/cam-nang",
                agenda=spec["agenda"],
                host_unit=MinistryUnit.objects.get(slug=spec["unit"]),
            )
            session.full_clean()
            session.save()
            session.procedures.set(
                [p for p in (_procedure(code) for code in spec["procedures"]) if p is not None]
            )
        found[spec["key"]] = session
    return found


def _take_step(question: Question, step: dict, user, sessions: dict[str, OnlineSession]) -> None:
    action, at = step["action"], _moment(step["days_ago"], hour=15)
    if action == "assign":
        services.question_assign(question=question, user=user, at=at)
    elif action == "escalate":
        services.question_escalate(
            question=question,
            user=user,
            unit=MinistryUnit.objects.get(slug=step["unit"]),
            note=step["note"],
            session=sessions[step["session"]] if step.get("session") else None,
            at=at,
        )
    elif action == "answer":
        services.question_answer(
            question=question, user=user, answer=step["answer"], notify=False, at=at
        )
    elif action == "close":
        services.question_close(question=question, user=user, at=at)
    elif action == "publish":
        question.refresh_from_db()
        services.question_publish(
            question=question,
            user=user,
            public_question=f"{question.title}\n\n{question.body}",
            public_answer=question.answer,
            at=at,
        )


@transaction.atomic
def load_demo(demo: Demo | None = None) -> tuple[int, int]:
    """Create the demo sessions and questions that are not there yet; return (created, kept).

    Needs the demo accounts (``load_initial_data --demo-accounts``) and the ministry units.
    """
    demo = demo or read_demo()
    users = {u.username: u for u in get_user_model().objects.filter(username__contains="canbo.")}

    def user(username: str):
        if username not in users:
            raise DemoDataError(f"no demo account {username!r}: create the demo accounts first")
        return users[username]

    sessions = _sessions(demo.sessions)
    created = kept = 0
    for spec in demo.questions:
        asker = user(spec["asker"])
        if Question.objects.filter(asker=asker, title=spec["title"]).exists():
            kept += 1
            continue
        question = services.question_ask(
            user=asker,
            title=spec["title"],
            body=spec["body"],
            procedure=_procedure(spec.get("procedure")),
            field=_field(spec.get("field")),
            show_identity=spec.get("show_identity", False),
            at=_moment(spec["days_ago"]),
        )
        for step in spec["steps"]:
            _take_step(question, step, user(step["by"]), sessions)
            question.refresh_from_db()
        created += 1
    for spec in demo.sessions:
        session = sessions[spec["key"]]
        if "minutes" not in spec or session.outcome_published_at is not None:
            continue
        session.minutes = spec["minutes"]
        session.save()
        for material in spec.get("materials", []):
            SessionMaterial.objects.get_or_create(
                session=session,
                title=material["title"],
                defaults={"kind": material["kind"], "url": material["url"]},
            )
        services.session_publish_outcome(session=session, user=user(spec["outcome_by"]))
    return created, kept
