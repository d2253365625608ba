"""Showing why a procedure matched: highlighted words and a short snippet, on the original text."""

import re
from functools import lru_cache
from html import escape

from django.utils.safestring import SafeString, mark_safe

from handbook.models import SECTION_FIELDS
from procedures.text import fold_aligned, search_form

# A word as typed: letters and digits, "KH&CN" kept whole as search_form keeps it.
_WORD = re.compile(r"[^\W_]+(?:&[^\W_]+)*")
_SENTENCE_END = re.compile(r"(?<=[.;:!?])\s+|\n+")
_MARKDOWN = re.compile(r"[*_`#>\[\]]+|^\s*[-+] (\[[ x]\] )?", re.MULTILINE)
SNIPPET_LENGTH = 220
# Record sections a snippet may come from, after the guidance, in this order.
RECORD_SNIPPET = ["result", "subjects", "requirements", "agency", "steps", "fees"]
# How much of each text a snippet is looked for in (records can run to many pages).
SCANNED = 1500

# Words repeat a great deal (a few thousand syllables), so each is put in search form once.
_form = lru_cache(maxsize=50_000)(search_form)
_OPEN_I = re.compile(r"(?:b|c|ch|d|g|gh|h|k|kh|l|m|n|ng|ngh|nh|p|ph|qu|r|s|t|th|tr|v|x)?i")


def _spelled(word: str) -> str:
    """A pattern for ``word`` as it stands in folded text: "ki" may be "ky", "khcn" "kh&cn"."""
    letters = "&?".join(re.escape(c) for c in word)
    if _OPEN_I.fullmatch(word):
        letters = letters[:-1] + "[iy]"
    return letters


@lru_cache(maxsize=256)
def _pattern(words: frozenset[str], prefixes: frozenset[str]) -> re.Pattern:
    whole = "|".join(sorted((_spelled(w) for w in words), key=len, reverse=True))
    start = "|".join(_spelled(p) for p in prefixes)
    parts = [f"(?:{whole})(?![\\w&])" if whole else "", f"(?:{start})[\\w&]*" if start else ""]
    return re.compile(r"(?<![\w&])(?:" + "|".join(p for p in parts if p) + ")")


def _found(text: str, words: set[str], prefixes=frozenset()) -> list[tuple[int, int, str]]:
    """(start, end, search form) of each word of ``text`` that is in ``words`` or starts with
    one of ``prefixes``. Plain NFC Vietnamese is folded in one pass and searched with one
    pattern; other text word by word."""
    if not words and not prefixes:
        return []
    folded = fold_aligned(text)
    if folded is not None:
        pattern = _pattern(frozenset(words), frozenset(prefixes))
        return [(m.start(), m.end(), _form(m.group())) for m in pattern.finditer(folded)]
    found = []
    for match in _WORD.finditer(text):
        form = _form(match.group())
        if form in words or any(form.startswith(p) for p in prefixes):
            found.append((match.start(), match.end(), form))
    return found


def highlight(text: str, words: set[str], prefixes=frozenset()) -> SafeString:
    """``text`` escaped, with the words whose search form is in ``words`` in <mark>."""
    out, last = [], 0
    for start, end, _word in _found(text, words, prefixes):
        out.append(escape(text[last:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        last = end
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 (every piece is escaped above)


def _texts(procedure, revision) -> list[str]:
    texts = []
    if revision is not None:
        texts += [revision.summary] + [getattr(revision, f) for f in SECTION_FIELDS]
    texts += [getattr(procedure, f) for f in RECORD_SNIPPET]
    return [text[:SCANNED] for text in texts if text]


def _best_sentence(text: str, found: list[tuple[int, int, str]]) -> tuple[int, str]:
    """The sentence of ``text`` holding most distinct words of ``found``, and that number."""
    best, best_count, start = "", 0, 0
    ends = [m.start() for m in _SENTENCE_END.finditer(text)] + [len(text)]
    for end in ends:
        count = len({form for s, _e, form in found if start <= s < end})
        if count > best_count:
            best, best_count = text[start:end], count
        start = end
    return best_count, best


def _clean(sentence: str) -> str:
    return " ".join(_MARKDOWN.sub("", sentence).split())


def _shorten(sentence: str, words: set[str]) -> str:
    if len(sentence) <= SNIPPET_LENGTH:
        return sentence
    found = _found(sentence, words)
    first = found[0][0] if found else 0
    start = max(0, min(first - 60, len(sentence) - SNIPPET_LENGTH))
    start = sentence.rfind(" ", 0, start) + 1 if start else 0
    end = sentence.rfind(" ", start, start + SNIPPET_LENGTH)
    end = end if end > start else start + SNIPPET_LENGTH
    return ("…" if start else "") + sentence[start:end] + "…"


def snippet(procedure, revision, words: set[str]) -> tuple[str, SafeString]:
    """The sentence of the guidance or record holding most query words (plain and highlighted).

    Guidance comes first; with no word found anywhere, the guidance summary or the record's
    result is shown so that the reader still sees what the procedure gives.
    """
    best, best_count = "", 0
    for text in _texts(procedure, revision):
        found = _found(text, words)
        if len({form for _s, _e, form in found}) <= best_count:
            continue
        count, sentence = _best_sentence(text, found)
        if count > best_count:
            best, best_count = sentence, count
        if best_count == len(words):
            break
    best = _clean(best) or _clean((revision.summary if revision else "") or procedure.result)
    text = _shorten(best, words)
    return text, highlight(text, words)
