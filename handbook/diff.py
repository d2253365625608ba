"""Word-level differences between two revisions, section by section (difflib from the stdlib).

Texts are compared as staff wrote them (Markdown), word by word; whitespace runs are tokens of
their own, so line breaks survive and a changed word shows as one deletion and one insertion.
"""

import difflib
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from handbook.models import SECTIONS, Revision

_TOKENS = re.compile(r"\s+|\w+|[^\w\s]")
# Heading of each compared field, in reading order.
COMPARED = [("summary", gettext_noop("Tóm tắt")), *SECTIONS]


@dataclass
class Chunk:
    op: str  # "equal", "insert" or "delete"
    text: str


@dataclass
class SectionDiff:
    name: str
    heading: str
    chunks: list[Chunk] = field(default_factory=list)
    added: int = 0
    removed: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed)


def _words(text: str) -> int:
    return len(text.split())


def word_diff(old: str, new: str) -> list[Chunk]:
    """The chunks that turn ``old`` into ``new``, word by word.

    Changes separated only by whitespace are joined, so "Sở KH&CN" → "UBND tỉnh" reads as one
    replacement rather than two interleaved ones.
    """
    a, b = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    groups: list[list] = []  # [changed?, old text, new text]
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        group = [tag != "equal", "".join(a[i1:i2]), "".join(b[j1:j2])]
        if group[0] and groups and groups[-1][0]:
            groups[-1][1] += group[1]
            groups[-1][2] += group[2]
        elif (
            group[0]
            and len(groups) >= 2
            and groups[-2][0]
            and not groups[-1][0]
            and not groups[-1][1].strip()
        ):
            space = groups.pop()
            groups[-1][1] += space[1] + group[1]
            groups[-1][2] += space[2] + group[2]
        else:
            groups.append(group)
    chunks = []
    for changed, before, after in groups:
        if not changed:
            chunks.append(Chunk("equal", before))
            continue
        if before:
            chunks.append(Chunk("delete", before))
        if after:
            chunks.append(Chunk("insert", after))
    return chunks


def texts(revision: Revision | None) -> dict[str, str]:
    """The compared fields of ``revision`` (all empty for None)."""
    return {name: getattr(revision, name) if revision else "" for name, _heading in COMPARED}


def text_diff(before: dict[str, str], after: dict[str, str]) -> list[SectionDiff]:
    """One SectionDiff per compared field (summary and sections), in reading order."""
    sections = []
    for name, heading in COMPARED:
        old, new = before.get(name, ""), after.get(name, "")
        section = SectionDiff(name=name, heading=_(heading))
        if old != new:
            section.chunks = word_diff(old, new)
            section.added = sum(_words(c.text) for c in section.chunks if c.op == "insert")
            section.removed = sum(_words(c.text) for c in section.chunks if c.op == "delete")
        sections.append(section)
    return sections


def revision_diff(old: Revision | None, new: Revision) -> list[SectionDiff]:
    """From ``old`` (None: nothing before) to ``new``."""
    return text_diff(texts(old), texts(new))


def form_diff(stored: Revision, submitted: dict[str, str]) -> list[SectionDiff]:
    """What is stored now against what an editor typed (shown on a lock conflict)."""
    return text_diff(texts(stored), {**texts(stored), **submitted})
