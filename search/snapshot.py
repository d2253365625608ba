"""An in-process copy of the two small tables every query reads: synonyms and the vocabulary.

Reading them cost two database round trips per search, a fifth of a suggestion's time at 100,000
procedures (bench/search.py). Each process keeps a copy for ``CAMNANG_SEARCH_CACHE_SECONDS``
(60 by default; 0 in tests). An edit of the abbreviation table in the admin drops the copy of the
process that served it at once; other processes see it within that many seconds. The vocabulary
copy gives the words' weights (idf) and guides the choice of query plan
(``backends.cheaper_to_scan``): a count a minute old changes no match and barely a weight (the
counts already drift between index rebuilds, see search/indexing.py).
"""

import bisect
import time
from dataclasses import dataclass

from django.conf import settings

from search.models import IndexWord, SearchDocument, Synonym


@dataclass(frozen=True)
class Snapshot:
    synonyms: dict[str, list[tuple[str, ...]]]  # search form -> forms that count as the same
    words: list[str]  # the vocabulary, sorted
    anywhere: dict[str, int]  # word -> procedures whose indexed text holds it
    in_names: dict[str, int]  # word -> procedures naming it (name or field)
    most_frequent: int  # the most procedures any word is in (the scale of idf)
    procedures: int  # procedures in the index
    taken_at: float

    def named_by(self, word: str, *, prefix: bool = False) -> int:
        """Procedures naming ``word`` (or, for a prefix, any word starting with it; an upper
        bound, since one name may hold several such words)."""
        if not prefix:
            return self.in_names.get(word, 0)
        total, i = 0, bisect.bisect_left(self.words, word)
        while i < len(self.words) and self.words[i].startswith(word):
            total += self.in_names[self.words[i]]
            i += 1
        return total


_current: Snapshot | None = None


def current() -> Snapshot:
    """The snapshot, taken again when older than the configured number of seconds."""
    global _current
    ttl = getattr(settings, "CAMNANG_SEARCH_CACHE_SECONDS", 60)
    if _current is None or time.monotonic() - _current.taken_at >= ttl:
        _current = _take()
    return _current


def forget() -> None:
    """Drop this process's copy (after an edit of the abbreviation table)."""
    global _current
    _current = None


def _take() -> Snapshot:
    rows = list(IndexWord.objects.values_list("word", "frequency", "name_frequency"))
    return Snapshot(
        synonyms=_synonym_groups(),
        words=sorted(word for word, _f, _n in rows),
        anywhere={word: frequency for word, frequency, _n in rows},
        in_names={word: named for word, _f, named in rows},
        most_frequent=max((frequency for _w, frequency, _n in rows), default=0),
        procedures=SearchDocument.objects.count(),
        taken_at=time.monotonic(),
    )


def _synonym_groups() -> dict[str, list[tuple[str, ...]]]:
    """Every abbreviation and meaning (search form) -> the forms that count as the same."""
    groups: list[set[str]] = []
    for term, meaning in Synonym.objects.values_list("term_key", "meaning_key"):
        joined = {term, meaning}
        for group in [g for g in groups if g & joined]:
            joined |= group
            groups.remove(group)
        groups.append(joined)
    return {
        key: [tuple(other.split()) for other in sorted(group) if other != key]
        for group in groups
        for key in group
        if key
    }
