"""Reading what an official typed: codes, legal citations, words, abbreviations and typos.

``parse_query`` is pure (no database): it finds national codes ("1.005442", "1.0054"), citations
("133/2025", "133/2025/NĐ-CP", "nd 133", "Điều 4 133/2025") and the remaining words in their
search form. ``expand_terms`` then adds, for each word, the other forms that should match it:
what an abbreviation stands for (and the reverse), and for an unknown word the known words one or
two letters away.
"""

import math
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.utils.translation import gettext_lazy as _

from procedures.text import fold, nfc, search_exact, search_form

MAX_QUERY_LENGTH = 200

_CODE = re.compile(r"(?<![\d.,/])(\d)[.,](\d{1,6})(?![\d/]|[.,]\d)")
_BARE_CODE = re.compile(r"(?<![\d.,/])(\d)(\d{6})(?![\d/]|[.,]\d)")
# Read on text without diacritics, in lower case, punctuation kept ("nd 133", "133/2025/nd-cp",
# "1625/qd-bkhcn", "thong tu so 07/2025"). A bare number ("133") is not a citation.
_CITATION = re.compile(
    r"(?:\b(?P<kind>nghi dinh|nd|thong tu|tt|nghi quyet|nq|quyet dinh|qd|luat)\s*(?:so\s*)?)?"
    r"(?<![\w.])(?P<number>\d+(?:\.\d+)?)"
    r"(?:\s*/\s*(?P<year>\d{4})(?:\s*/\s*(?P<suffix>[a-z][a-z0-9]*(?:\s*-\s*[a-z0-9]+)*))?"
    r"|\s*/\s*(?P<plain_suffix>(?:qd|nq|ct)\s*-\s*[a-z0-9]+))?"
    r"(?![\w.])"
)
_ARTICLE = re.compile(r"\bdieu\s*(\d+)(?:\s*,?\s*khoan\s*(\d+))?")
_CLAUSE_FIRST = re.compile(r"\bkhoan\s*(\d+)\s*,?\s*dieu\s*(\d+)")

KIND_WORDS = {
    "nghi dinh": "nghi_dinh",
    "nd": "nghi_dinh",
    "thong tu": "thong_tu",
    "tt": "thong_tu",
    "nghi quyet": "nghi_quyet",
    "nq": "nghi_quyet",
    "quyet dinh": "quyet_dinh",
    "qd": "quyet_dinh",
    "luat": "luat",
}
# Words officials put in front of what they look for; dropped when other words remain.
OPTIONAL_WORDS = {("thu", "tuc"), ("tthc",), ("thu", "tuc", "hanh", "chinh")}


class QueryError(ValueError):
    """The query cannot be searched; ``message`` says why, in the reader's language."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class Citation:
    """A cited legal document: its number (or the start of it), kind and article."""

    text: str  # as typed
    number: str  # "133/2025/nd-cp", "133/2025/", "1625/qd-bkhcn" or "133/" (a prefix)
    exact: bool  # the whole number was typed
    kind: str  # one of KIND_WORDS' values, or "" when not said
    article: str  # "dieu 4", "dieu 4 khoan 1" or ""


@dataclass(frozen=True)
class Form:
    """One way a term can appear in the text: a word, or words in a row (a phrase)."""

    words: tuple[str, ...]
    source: str = "typed"  # "typed", "synonym" or "typo"

    @property
    def text(self) -> str:
        return " ".join(self.words)


@dataclass
class Term:
    """A word (or an abbreviation's phrase) of the query and the forms that count as it."""

    forms: list[Form]
    prefix: bool = False  # the last word while typing: any word starting with it matches
    weight: float = 1.0  # how informative it is: rarer words weigh more (see idf)
    in_names: bool = True  # some procedure or field name has it (else only the text may)

    @property
    def typed(self) -> Form:
        return self.forms[0]


@dataclass
class ParsedQuery:
    text: str  # NFC, stripped, as typed
    codes: list[str] = field(default_factory=list)  # whole national codes
    code_prefixes: list[str] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    words: list[str] = field(default_factory=list)  # the rest, in search form
    exact_words: list[str] = field(default_factory=list)  # the rest, canonical (with diacritics)
    terms: list[Term] = field(default_factory=list)  # filled by expand_terms
    # The ranking's per-query tables (search.ranking._forms), built once per set of terms.
    _forms: Any = field(default=None, init=False, repr=False, compare=False)

    @cached_property
    def has_diacritics(self) -> bool:
        return any(fold(w) != w for w in self.exact_words)

    @cached_property
    def marked_words(self) -> list[str]:
        """The words typed with diacritics (canonical form)."""
        return [w for w in self.exact_words if not w.isascii()]

    @property
    def phrase(self) -> str:
        """The words of the query in search form, as one string."""
        return " ".join(self.words)

    @property
    def is_code(self) -> bool:
        """Only a whole national code was typed."""
        return len(self.codes) == 1 and not (self.code_prefixes or self.citations or self.words)


_ARTICLE_NUMBERS = re.compile(r"\bdieu (\d+)(?: khoan (\d+))?")


def article_tokens(article: str) -> list[str]:
    """Index tokens of a stored article: "Điều 4 khoản 1" gives ["a4", "a4k1"]."""
    match = _ARTICLE_NUMBERS.search(fold(article))
    if not match:
        return []
    tokens = [f"a{match.group(1)}"]
    if match.group(2):
        tokens.append(f"a{match.group(1)}k{match.group(2)}")
    return tokens


def article_token(article: str) -> str:
    """The one token a cited article must have: "dieu 4" gives "a4", "dieu 4 khoan 1" "a4k1"."""
    tokens = article_tokens(article)
    return tokens[-1] if tokens else ""


def validate_query(text) -> str:
    """The query as NFC text, or QueryError when it is missing, too long or has no letters."""
    text = nfc(text or "").strip()
    if not text:
        raise QueryError(_("Hãy nhập từ cần tìm."))
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryError(
            _("Câu tìm kiếm dài quá %(max)d ký tự; hãy rút gọn.") % {"max": MAX_QUERY_LENGTH}
        )
    if not search_form(text):
        raise QueryError(_("Câu tìm kiếm cần có chữ hoặc số, không chỉ dấu câu."))
    return text


def strip_marks(text: str) -> str:
    """Lower case without diacritics (đ as d), punctuation kept: for reading numbers."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("đ", "d")


def parse_query(text: str) -> ParsedQuery:
    """Split a validated query into codes, citations and words (see the module docstring)."""
    query = ParsedQuery(text=text)
    rest = text
    for match in _CODE.finditer(text):
        digits = match.group(2)
        code = f"{match.group(1)}.{digits}"
        (query.codes if len(digits) == 6 else query.code_prefixes).append(code)
    rest = _CODE.sub(" ", rest)
    for match in _BARE_CODE.finditer(rest):
        query.codes.append(f"{match.group(1)}.{match.group(2)}")
    rest = _BARE_CODE.sub(" ", rest)

    plain = strip_marks(rest)
    # Positions of the removed parts, so that what is left keeps its diacritics.
    removed: list[tuple[int, int]] = []
    articles = [
        (m.span(), f"dieu {m.group(2)} khoan {m.group(1)}") for m in _CLAUSE_FIRST.finditer(plain)
    ]
    articles += [
        (m.span(), f"dieu {m.group(1)}" + (f" khoan {m.group(2)}" if m.group(2) else ""))
        for m in _ARTICLE.finditer(plain)
        if not any(_overlaps(m.span(), span) for span, _a in articles)
    ]
    found = []
    for m in _CITATION.finditer(plain):
        kind = KIND_WORDS.get(m.group("kind") or "", "")
        if m.group("year"):
            suffix = re.sub(r"\s+", "", m.group("suffix") or "")
            number, exact = f"{m.group('number')}/{m.group('year')}/{suffix}", bool(suffix)
        elif m.group("plain_suffix"):
            suffix = re.sub(r"\s+", "", m.group("plain_suffix"))
            number, exact = f"{m.group('number')}/{suffix}", True
            kind = kind or KIND_WORDS.get(suffix.split("-")[0], "")
        elif kind:
            number, exact = f"{m.group('number')}/", False
        else:
            continue  # a bare number is a word
        found.append((m.span(), number, kind, exact, m.group(0)))
    for span, number, kind, exact, typed in sorted(found):
        article = ""
        if articles:
            nearest = min(articles, key=lambda a: abs(a[0][0] - span[0]))
            article = nearest[1]
            removed.append(nearest[0])
        query.citations.append(Citation(typed, number, exact, kind, article))
        removed.append(span)
    kept = _remove(rest, plain, removed)
    query.words = search_form(kept).split()
    query.exact_words = search_exact(kept).split()
    if len(query.exact_words) != len(query.words):
        query.exact_words = []
    return query


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _remove(text: str, plain: str, spans: list[tuple[int, int]]) -> str:
    """``text`` without the ``spans`` found in ``plain`` (same length when NFC is precomposed)."""
    if not spans:
        return text
    source = text if len(text) == len(plain) else plain
    keep = [True] * len(source)
    for start, end in spans:
        for i in range(start, end):
            keep[i] = False
    return "".join(c if k else " " for c, k in zip(source, keep, strict=True))


def drop_optional_words(words: list[str]) -> list[str]:
    """Without "thủ tục", "TTHC" and the like, unless nothing else was typed."""
    for optional in sorted(OPTIONAL_WORDS, key=len, reverse=True):
        n = len(optional)
        for i in range(len(words) - n + 1):
            if tuple(words[i : i + n]) == optional and len(words) > n:
                return drop_optional_words(words[:i] + words[i + n :])
    return words


def build_terms(
    words: list[str],
    synonyms: dict[str, list[tuple[str, ...]]],
    *,
    prefix_last: bool = False,
) -> list[Term]:
    """Group ``words`` into terms, each with the forms an abbreviation table gives it.

    ``synonyms`` maps a key (a word or a phrase in search form) to its equivalents; phrases
    typed in full ("uy ban nhan dan") become one term that also matches the abbreviation.
    """
    longest = max((len(k.split()) for k in synonyms), default=1)
    terms: list[Term] = []
    i = 0
    while i < len(words):
        for n in range(min(longest, len(words) - i), 0, -1):
            key = " ".join(words[i : i + n])
            if key in synonyms and (n > 1 or not (prefix_last and i == len(words) - 1)):
                typed = Form(tuple(words[i : i + n]))
                others = [Form(s, "synonym") for s in synonyms[key] if s != typed.words]
                terms.append(Term([typed, *others]))
                i += n
                break
        else:
            terms.append(Term([Form((words[i],))]))
            i += 1
    if prefix_last and terms and len(terms[-1].forms) == 1:
        terms[-1].prefix = True
    return terms


def substrings(word: str) -> set[str]:
    """Every piece of ``word`` (for looking its parts up in the vocabulary at once)."""
    return {word[i:j] for i in range(len(word)) for j in range(i + 1, len(word) + 1)}


def split_word(word: str, known: set[str]) -> tuple[str, ...] | None:
    """``word`` as the fewest known words run together ("giayphep" -> giay, phep), or None."""
    best: list[tuple[str, ...] | None] = [()] + [None] * len(word)
    for end in range(1, len(word) + 1):
        for start in range(end):
            head = best[start]
            if head is not None and word[start:end] in known:
                candidate = (*head, word[start:end])
                current = best[end]
                if current is None or len(candidate) < len(current):
                    best[end] = candidate
    pieces = best[-1]
    return pieces if pieces and len(pieces) > 1 else None


def idf(frequency: int, total: int) -> float:
    """Inverse document frequency: a word in few procedures tells more than one in most."""
    return math.log(1 + total / (1 + frequency))


def damerau(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance between ``a`` and ``b``, or ``limit + 1`` if above."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


LETTERS = "abcdefghijklmnopqrstuvwxyz"


def one_letter_away(word: str) -> set[str]:
    """Every word one deletion, swap, change or insertion from ``word`` (a-z)."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return (
        {a + b[1:] for a, b in splits if b}
        | {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
        | {a + c + b[1:] for a, b in splits if b for c in LETTERS}
        | {a + c + b for a, b in splits for c in LETTERS}
    ) - {word}


def typo_limit(word: str) -> int:
    """How many letters may be wrong in ``word``: none below 3 letters, 1 up to 4, then 2."""
    if len(word) < 3 or word.isdigit():
        return 0
    return 1 if len(word) <= 4 else 2


def closest_words(word: str, candidates: list[tuple[str, int]]) -> list[str]:
    """Candidates (word, frequency) nearest to ``word`` within its typo limit, commonest first."""
    limit = typo_limit(word)
    scored = []
    for candidate, frequency in candidates:
        if candidate == word or candidate.isdigit():
            continue
        distance = damerau(word, candidate, limit)
        if distance <= limit:
            scored.append((distance, -frequency, candidate))
    if not scored:
        return []
    best = min(s[0] for s in scored)
    return [c for d, _f, c in sorted(scored) if d == best][:3]
