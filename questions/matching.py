"""How question text is compared: folded words (no diacritics), minus the words every question has.

Used by ``Question.objects.search`` and ``selectors.similar_questions`` until the shared search
engine indexes questions too.
"""

from django.db.models import Q

from procedures.text import fold

# Folded function words and question words that say nothing about the subject.
_STOPWORDS_TEXT = """
    a ah ak anh bao bay cac cai can cho chu chi co con cua da dang day de den di do duoc em gi giup
    hay hoi khi khong kinh la lai lam len loi luc ma moi minh mot muon nao nay neu nhe nhieu nhu
    nhung noi o ong ra rang rat roi sao se tai the theo thi thu toi trong tu tuc va ve vi voi vay
    xin
"""
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())


def words(text: str) -> list[str]:
    """The folded words of ``text``, in order, stop words included."""
    return fold(text).split()


def query_words(text: str, limit: int = 12) -> list[str]:
    """The distinct folded content words of ``text``: longest first, at most ``limit``."""
    seen = []
    for word in words(text):
        if len(word) > 1 and word not in STOPWORDS and word not in seen:
            seen.append(word)
    return sorted(seen, key=len, reverse=True)[:limit]


def shares_a_word(text: str) -> Q:
    """Questions whose ``search_key`` holds a content word of ``text`` (empty Q: none)."""
    condition = Q()
    for word in query_words(text):
        condition |= Q(search_key__contains=f" {word} ")
    return condition


def bigrams(text: str) -> set[str]:
    """Pairs of neighbouring folded words where at least one is a content word ("giay phep")."""
    ws = words(text)
    return {
        f"{a} {b}"
        for a, b in zip(ws, ws[1:], strict=False)
        if a not in STOPWORDS or b not in STOPWORDS
    }


def score(query: str, key: str) -> int:
    """How much of ``query`` appears in the padded folded ``key``: words 1, word pairs 2 each."""
    return sum(1 for w in query_words(query) if f" {w} " in key) + 2 * sum(
        1 for pair in bigrams(query) if f" {pair} " in key
    )
