"""Showing why a procedure matched: highlighted words and a short snippet, on the original text."""

import re
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from handbook.models import SECTION_FIELDS
from procedures.text import search_form

# A word as typed: letters and digits, "KH&CN" kept whole as search_form keeps it.
_WORD = re.compile(r"[^\W_]+(?:&[^\W_]+)*")
_SENTENCE = re.compile(r"(?<=[.;:!?])\s+|\n+")
_MARKDOWN = re.compile(r"[*_`#>\[\]]+|^\s*[-+] (\[[ x]\] )?", re.MULTILINE)
SNIPPET_LENGTH = 220
# Record sections a snippet may come from, after the guidance, in this order.
RECORD_SNIPPET = ["result", "subjects", "requirements", "agency", "steps", "fees"]


# Words repeat a great deal (a few thousand syllables), so each is folded once.
_form = lru_cache(maxsize=50_000)(search_form)


def _matches(token: str, words: set[str], prefixes: set[str]) -> bool:
    form = _form(token)
    return form in words or any(form.startswith(p) for p in prefixes)


def highlight(text: str, words: set[str], prefixes: set[str] = frozenset()) -> SafeString:
    """``text`` escaped, with the words whose search form is in ``words`` in <mark>."""
    out, last = [], 0
    for match in _WORD.finditer(text):
        if _matches(match.group(), words, prefixes):
            out.append(escape(text[last : match.start()]))
            out.append(f"<mark>{escape(match.group())}</mark>")
            last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 (every piece is escaped above)


def _sentences(procedure, revision) -> list[str]:
    texts = []
    if revision is not None:
        texts += [revision.summary] + [getattr(revision, f) for f in SECTION_FIELDS]
    texts += [getattr(procedure, f) for f in RECORD_SNIPPET]
    sentences = []
    for text in texts:
        for sentence in _SENTENCE.split(_MARKDOWN.sub("", text or "")):
            sentence = " ".join(sentence.split())
            if len(sentence) > 2:
                sentences.append(sentence)
    return sentences


def _shorten(sentence: str, words: set[str]) -> str:
    if len(sentence) <= SNIPPET_LENGTH:
        return sentence
    first = next(
        (m.start() for m in _WORD.finditer(sentence) if _matches(m.group(), words, set())), 0
    )
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
    for sentence in _sentences(procedure, revision):
        found = {_form(m.group()) for m in _WORD.finditer(sentence)} & words
        if len(found) > best_count:
            best, best_count = sentence, len(found)
            if len(found) == len(words):
                break
    if not best:
        fallback = (revision.summary if revision else "") or procedure.result
        best = " ".join(fallback.split())
    text = _shorten(best, words)
    return text, highlight(text, words)
