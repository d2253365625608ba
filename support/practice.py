"""The self-check of a procedure (``<procedure url>lam-thu/``), built only from its record and
its published guidance: dossier components, time limit, the level that handles it now, the
common errors the handbook notes. Wrong options come from similar records (same field first).
A question is asked only when the record has what it needs; nothing is invented.
"""

import datetime
import hashlib
from dataclasses import dataclass

from django.utils.translation import gettext as _

from delegation.models import handler_on
from handbook.models import Revision
from procedures.models import AuthorityLevel, Procedure
from procedures.text import fold

MAX_RIGHT, MAX_WRONG, SIMILAR = 4, 3, 30


@dataclass(frozen=True)
class Choice:
    key: str
    text: str
    correct: bool


@dataclass(frozen=True)
class Question:
    key: str
    prompt: str
    multiple: bool
    choices: tuple[Choice, ...]
    source: str  # where the right answer is read from

    @property
    def answer(self) -> frozenset[str]:
        return frozenset(c.key for c in self.choices if c.correct)

    def right_texts(self) -> list[str]:
        return [c.text for c in self.choices if c.correct]


def _key(text: str) -> str:
    return hashlib.sha1(fold(text).encode()).hexdigest()[:10]


def _question(key, prompt, multiple, right, wrong, source) -> Question | None:
    """A question with ``right`` and ``wrong`` options (folded duplicates dropped), in a fixed
    order that does not give the answer away; None unless it has both kinds."""
    seen, choices = set(), []
    for text, correct in [(t, True) for t in right] + [(t, False) for t in wrong]:
        folded = fold(text)
        if folded in seen or not text.strip():
            continue
        seen.add(folded)
        choices.append(Choice(_key(text), text, correct))
    if not any(c.correct for c in choices) or all(c.correct for c in choices):
        return None
    choices.sort(key=lambda c: c.key)
    return Question(key, prompt, multiple, tuple(choices), source)


def _similar(procedure: Procedure):
    """Other records in force, the same field first."""
    others = Procedure.objects.in_force().exclude(pk=procedure.pk)
    same = list(others.filter(field_id=procedure.field_id).order_by("name")[:SIMILAR])
    return same + list(others.exclude(field_id=procedure.field_id).order_by("name")[:SIMILAR])


def _dossier_names(procedure: Procedure) -> list[str]:
    return [
        (item.get("name") or item.get("text") or "").strip()
        for item in procedure.dossier or []
        if isinstance(item, dict)
    ]


def _error_lines(text: str) -> list[str]:
    return [line.strip().lstrip("-*• ").strip() for line in text.splitlines() if line.strip()]


def build(procedure: Procedure, *, on: datetime.date) -> list[Question]:
    """The questions the record supports, in a fixed order."""
    similar = _similar(procedure)
    questions = []
    record = _("bản ghi thủ tục (Cơ sở dữ liệu quốc gia về TTHC)")

    own = _dossier_names(procedure)
    folded_own = {fold(n) for n in own}
    wrong = [n for p in similar for n in _dossier_names(p) if fold(n) not in folded_own]
    questions.append(
        _question(
            "ho-so",
            _("Những giấy tờ nào thuộc thành phần hồ sơ của thủ tục này?"),
            True,
            own[:MAX_RIGHT],
            wrong[:MAX_WRONG],
            _("Thành phần hồ sơ, %(record)s") % {"record": record},
        )
    )

    if procedure.time_limit_display:
        own_limit = procedure.time_limit_display
        wrong = sorted(
            {p.time_limit_display for p in similar if p.time_limit_display} - {own_limit},
            key=lambda t: (t.split(" ", 1)[-1] != own_limit.split(" ", 1)[-1], t),
        )
        questions.append(
            _question(
                "thoi-han",
                _("Thời hạn giải quyết của thủ tục này là bao lâu?"),
                False,
                [own_limit],
                wrong[:MAX_WRONG],
                _("Thời hạn giải quyết, %(record)s") % {"record": record},
            )
        )

    # Asked only when a source confirms who handles it on the day: never a quiz on a guess.
    handler = handler_on(procedure, list(procedure.delegations.for_handler()), on)
    level = handler.level if handler.confirmed else None
    if level is not None:
        wrong = [lv.name for lv in AuthorityLevel.objects.exclude(pk=level.pk).order_by("rank")]
        questions.append(
            _question(
                "cap",
                _("Hiện nay cấp nào thực hiện thủ tục này?"),
                False,
                [level.name],
                wrong[:MAX_WRONG],
                _("Cấp thực hiện theo bản ghi và các quyết định phân cấp, tại ngày %(day)s")
                % {"day": f"{on:%d/%m/%Y}"},
            )
        )

    published = {
        r.guidance.procedure_id: r
        for r in Revision.objects.published()
        .national()
        .filter(guidance__procedure__in=[procedure, *similar])
        .exclude(common_errors="")
        .select_related("guidance")
        .order_by("published_at")
    }
    current = published.get(procedure.pk)
    if current is not None:
        own = _error_lines(current.common_errors)
        folded_own = {fold(line) for line in own}
        wrong = [
            line
            for p in similar
            if p.pk in published
            for line in _error_lines(published[p.pk].common_errors)
            if fold(line) not in folded_own
        ]
        questions.append(
            _question(
                "loi",
                _("Cẩm nang ghi những lỗi thường gặp nào cho chính thủ tục này?"),
                True,
                own[:2],
                wrong[:2],
                _("Mục “Lỗi thường gặp” của hướng dẫn đã xuất bản"),
            )
        )
    return [q for q in questions if q is not None]


def is_offered(procedure: Procedure) -> bool:
    """Cheap test for the link on the procedure page (no query): the record has a dossier or a
    time limit; the page itself builds only what the data allows."""
    return bool(_dossier_names(procedure)) or bool(procedure.time_limit_display)


@dataclass
class Result:
    question: Question
    chosen: frozenset[str]

    @property
    def correct(self) -> bool:
        return self.chosen == self.question.answer


def check(questions: list[Question], data) -> list[Result]:
    """Each question with the options chosen in ``data`` (a QueryDict: one list per key)."""
    results = []
    for question in questions:
        valid = {c.key for c in question.choices}
        chosen = frozenset(k for k in data.getlist(question.key) if k in valid)
        if not question.multiple and len(chosen) > 1:
            chosen = frozenset()
        results.append(Result(question, chosen))
    return results
