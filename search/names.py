"""What the punctuation of a procedure's name says, kept beside its search form.

The search form of a name has no punctuation, yet two things ranking needs live there:

- exclusion clauses: "… đối với đài trái đất (trừ đài trái đất thuộc hệ thống GMDSS đặt trên tàu
  biển)" is about every earth station *but* those on ships, so a query word found only inside
  "(trừ …)" or after a bare "trừ …" / "trừ trường hợp …" must not count for that name;
- breaks: a comma, semicolon, bracket or a dash between spaces ends a run of words, so that the
  query's words as one run rank above the same words split by a comma.

``name_marks(name)`` writes both as a short text stored with the search document ("e12-20 b3":
words 12 to 20 of the search form are excluded, a break falls before word 3); ``read_marks``
reads it back. The word positions are those of ``search_form(name).split()``; a name whose words
cannot be aligned with it gets no marks (ranking then treats it as before).
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from procedures.text import search_form

# Words and the punctuation between them ("KH&CN" is one word, as in search_form).
_TOKEN = re.compile(r"[^\W_]+(?:&[^\W_]+)*|\S")
BREAKS = set(",;:()[]{}.!?…–—")
OPEN, CLOSE = "([{", ")]}"
# "miễn trừ" (immunity) and "khấu trừ" (deduction) are words of their own, not an exclusion.
NOT_EXCLUDING = {"miễn", "khấu"}
# A bare "trừ" clause (no bracket) ends where the name goes on with its own scope.
CLAUSE_ENDS = [("đối", "với")]


@dataclass(frozen=True)
class NameMarks:
    excluded: frozenset[int] = frozenset()  # word positions inside an exclusion clause
    breaks: frozenset[int] = frozenset()  # a break falls right before these word positions


NO_MARKS = NameMarks()


def name_marks(name: str) -> str:
    """The marks of ``name`` (a procedure's name as stored) as index text; "" when none."""
    words: list[str] = []  # lower-case words as written
    breaks: set[int] = set()
    depth_at: list[int] = []  # bracket depth of each word
    opened_before: list[bool] = []  # the word follows an opening bracket directly
    closes: list[tuple[int, int]] = []  # (word position the bracket comes before, new depth)
    depth, just_opened = 0, False
    for match in _TOKEN.finditer(name):
        token = match.group()
        if token[0].isalnum():
            words.append(token.lower())
            depth_at.append(depth)
            opened_before.append(just_opened)
            just_opened = False
            continue
        start, end = match.span()
        spaced = name[start - 1 : start].isspace() or name[end : end + 1].isspace()
        if token in BREAKS or (token == "-" and spaced):
            breaks.add(len(words))
        if token in OPEN:
            depth += 1
            just_opened = True
        elif token in CLOSE and depth:
            depth -= 1
            closes.append((len(words), depth))
    if [search_form(w) for w in words] != search_form(name).split():
        return ""
    excluded: set[int] = set()
    for start, word in enumerate(words):
        if word != "trừ" or (start and words[start - 1] in NOT_EXCLUDING) or start in excluded:
            continue
        # A clause opened by its bracket ends with that bracket; a bare one with the bracket
        # around it, "đối với" at its own depth, or the name.
        level = depth_at[start] - 1 if opened_before[start] else depth_at[start]
        end = next((p for p, d in closes if p > start and d <= level), len(words))
        if not opened_before[start]:
            for i in range(start + 1, end - 1):
                if (words[i], words[i + 1]) in CLAUSE_ENDS and depth_at[i] == level:
                    end = i
                    break
        excluded.update(range(start, end))
    breaks -= {0, len(words)}
    parts = [f"e{a}-{b}" for a, b in _ranges(excluded)] + [f"b{i}" for i in sorted(breaks)]
    return " ".join(parts)


def _ranges(positions: set[int]) -> list[tuple[int, int]]:
    """Consecutive runs of ``positions`` as (first, last + 1)."""
    ranges: list[tuple[int, int]] = []
    for position in sorted(positions):
        if ranges and ranges[-1][1] == position:
            ranges[-1] = (ranges[-1][0], position + 1)
        else:
            ranges.append((position, position + 1))
    return ranges


@lru_cache(maxsize=4096)
def read_marks(text: str) -> NameMarks:
    """``name_marks``' text back as positions."""
    if not text:
        return NO_MARKS
    excluded: set[int] = set()
    breaks: set[int] = set()
    for part in text.split():
        if part[0] == "e":
            first, last = part[1:].split("-")
            excluded.update(range(int(first), int(last)))
        elif part[0] == "b":
            breaks.add(int(part[1:]))
    return NameMarks(frozenset(excluded), frozenset(breaks))
