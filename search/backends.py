"""What each database does for search: find candidate procedures for a list of terms.

The contract is the same on both: a procedure matches a list of terms when every term (one of its
forms) is in the scope searched (its name and field; its published guidance; everything,
record's sections included), or, when ``required`` is lower than the number of terms, when at
least that many terms are. PostgreSQL uses the GIN indexes of the weighted vectors and
pg_trgm; SQLite uses FTS5.
"""

from itertools import combinations
from typing import TYPE_CHECKING

from django.contrib.postgres.search import SearchQuery
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import Length

from search.models import IndexWord
from search.query import Term, one_letter_away, typo_limit

if TYPE_CHECKING:
    from search.snapshot import Snapshot

# Relaxed matching ("at least k of n terms") is a disjunction of every k-subset: keep it small.
MAX_COMBINATIONS = 24
# Trigram similarity from which a known word is a candidate for a mistyped one (pg_trgm).
TYPO_SIMILARITY = 0.2
# Word similarity from which a name is offered when nothing matches.
NEAREST_SIMILARITY = 0.3
CANDIDATE_FIELDS = [
    "pk",
    "code",
    "search_document__citations",
    "status",
    "field_id",
    "search_document__name",
    "search_document__name_exact",
    "search_document__name_marks",
    "search_document__sort_key",
]


def vendor() -> str:
    return "postgresql" if connection.vendor == "postgresql" else "sqlite"


def subsets(terms: list[Term], required: int) -> list[list[Term]]:
    """The groups of ``required`` terms whose match counts (all terms when nothing is relaxed).

    When there are too many groups, those keeping the most weight (the rarest words) are used.
    """
    if required >= len(terms):
        return [terms]
    groups = sorted(combinations(terms, required), key=lambda g: -sum(t.weight for t in g))
    return [list(g) for g in groups[:MAX_COMBINATIONS]]


# PostgreSQL ----------------------------------------------------------------------------------


def _lexeme(word: str) -> str:
    return "'" + word.replace("'", "") + "'"


def tsquery(terms: list[Term], *, phrases: bool = True) -> str:
    """``to_tsquery('simple', ...)`` text: each term one of its forms, all terms required.

    Without ``phrases`` the words of a several-word form need only all be there.
    """
    parts = []
    joiner = " <-> " if phrases else " & "
    for term in terms:
        forms = []
        for form in term.forms:
            phrase = joiner.join(_lexeme(w) for w in form.words)
            phrase = f"({phrase})" if len(form.words) > 1 else phrase
            forms.append(f"{phrase}:*" if term.prefix and len(form.words) == 1 else phrase)
        parts.append("(" + " | ".join(forms) + ")")
    return " & ".join(parts)


def _postgresql_within(tokens: list[str]) -> Q:
    return Q(search_document__citation_vector=_raw(" | ".join(map(_lexeme, tokens))))


def _postgresql_condition(terms: list[Term], required: int, scope: str) -> Q:
    """name: the name and field vector; guidance: the guidance vector; all: the whole document
    vector, where a several-word form needs only its words (no positions to read, so the GIN
    index answers alone); guidance_phrase: the typed words in a row in the guidance."""
    if scope == "guidance_phrase":
        words = [w for t in terms for w in t.typed.words]
        return Q(search_document__guidance_vector=_raw(" <-> ".join(map(_lexeme, words))))
    column = {"name": "name_vector", "guidance": "guidance_vector", "all": "document_vector"}
    condition = Q()
    for group in subsets(terms, required):
        text = tsquery(group, phrases=scope == "name")
        condition |= Q(**{f"search_document__{column[scope]}": _raw(text)})
    return condition


def _raw(text: str) -> SearchQuery:
    return SearchQuery(text, search_type="raw", config="simple")


# SQLite --------------------------------------------------------------------------------------

SQLITE_SCOPES = {"name": "{name} : ", "guidance": "{guidance} : ", "all": ""}


def _quoted(word: str) -> str:
    return '"' + word.replace('"', "") + '"'


def fts_query(terms: list[Term]) -> str:
    """An FTS5 MATCH expression: each term one of its forms, all terms required."""
    parts = []
    for term in terms:
        forms = []
        for form in term.forms:
            phrase = _quoted(" ".join(form.words))
            forms.append(f"{phrase}*" if term.prefix and len(form.words) == 1 else phrase)
        parts.append("(" + " OR ".join(forms) + ")")
    return " AND ".join(parts)


def _sqlite_match(terms: list[Term], required: int, scope: str) -> str:
    if scope == "guidance_phrase":
        return "{guidance} : " + _quoted(" ".join(w for t in terms for w in t.typed.words))
    groups = " OR ".join(f"({fts_query(g)})" for g in subsets(terms, required))
    return f"{SQLITE_SCOPES[scope]}({groups})"


def _sqlite_within(tokens: list[str]) -> str:
    return "{citations} : (" + " OR ".join(map(_quoted, tokens)) + ")"


def _fts(match: str) -> Q:
    return Q(pk__in=RawSQL("SELECT rowid FROM search_fts WHERE search_fts MATCH %s", [match]))


# Both ----------------------------------------------------------------------------------------


def matching(
    procedures: QuerySet,
    terms: list[Term],
    *,
    required: int,
    scope: str,
    within: list[str] | None = None,
) -> QuerySet:
    """``procedures`` with ``required`` of ``terms`` in ``scope``, and when ``within`` is given
    one of those citation tokens (SearchDocument.citations).

    Scopes: "name" (name and field), "guidance" (the published guidance), "all" (name, field,
    guidance and the record's sections); "guidance_phrase" is the typed words in a row in the
    guidance.
    """
    if vendor() == "postgresql":
        condition = _postgresql_condition(terms, required, scope)
        return procedures.filter(condition, *([_postgresql_within(within)] if within else []))
    match = _sqlite_match(terms, required, scope)
    return procedures.filter(_fts(f"({match}) AND {_sqlite_within(within)}" if within else match))


def citing(procedures: QuerySet, tokens: list[str]) -> QuerySet:
    """``procedures`` whose citations hold one of ``tokens``."""
    if vendor() == "postgresql":
        return procedures.filter(_postgresql_within(tokens))
    return procedures.filter(_fts(_sqlite_within(tokens)))


def candidates(queryset: QuerySet, limit: int, *order: str, extra=()) -> list[dict]:
    """Up to ``limit`` rows of what ranking needs (and the ``extra`` fields), in ``order``
    (none: whatever the database finds first, so that it can stop at ``limit``)."""
    return list(queryset.order_by(*order).values(*CANDIDATE_FIELDS, *extra)[:limit])


def first_in_index_order(
    queryset: QuerySet, limit: int, extra=(), *, scan: bool = False
) -> list[dict]:
    """Up to ``limit`` rows, in force and shorter names first (SearchDocument.sort_key).

    PostgreSQL: ``rebuild`` writes the documents in that order, so a scan of the table stops at
    ``limit`` instead of sorting every match (documents refreshed since are met later; the
    ranking that follows is exact whatever the order). With ``scan`` (see ``cheaper_to_scan``)
    the planner is told to scan rather than intersect the GIN index's lists of common words,
    which it misjudges. SQLite sorts.
    """
    if vendor() != "postgresql":
        return candidates(queryset, limit, "search_document__sort_key", extra=extra)
    if not scan:
        return candidates(queryset, limit, extra=extra)
    # SET LOCAL ends with the transaction, not with a savepoint: inside a caller's transaction
    # the setting is put back at once. (Parallel workers are off for every connection, see
    # DATABASES in config/settings.py.)
    outer = connection.in_atomic_block
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        rows = candidates(queryset, limit, extra=extra)
        if outer:
            cursor.execute("SET LOCAL enable_bitmapscan TO DEFAULT")
        return rows


# Measured at 100,000 procedures (bench/search.py, PostgreSQL 15): checking one document's name
# vector in a scan costs about 0.7 microseconds; reading one entry of a GIN posting list about
# 0.085. Only their ratio matters.
SCAN_ROW_COST = 0.7
GIN_ENTRY_COST = 0.085


def cheaper_to_scan(terms: list[Term], limit: int, words: "Snapshot") -> bool:
    """Whether finding the first ``limit`` names holding every term is cheaper by scanning in
    index order than by intersecting the GIN lists (true when every term is common). It pays
    for the few names a suggestion needs; for the hundreds a search ranks, measured, it did not.

    ``words`` is ``search.snapshot.current()``: how many names hold each word. Terms are taken
    as independent; a term's forms (abbreviations) add up. A single term is left to the planner:
    its statistics of the column judge one term well (it scans when the term is common), and
    telling it costs three more round trips than the query itself.
    """
    total = words.procedures
    if vendor() != "postgresql" or len(terms) < 2 or total == 0:
        return False
    share, entries = 1.0, 0
    for term in terms:
        named = 0
        for form in term.forms:
            counts = [
                # as tsquery() asks: only a one-word form is matched as a prefix
                words.named_by(word, prefix=term.prefix and len(form.words) == 1)
                for word in form.words
            ]
            named += min(counts, default=0)
            entries += sum(counts)
        share *= min(1.0, named / total)
    if share == 0:
        return False
    return (limit / share) * SCAN_ROW_COST < entries * GIN_ENTRY_COST


def word_candidates(word: str) -> list[tuple[str, int, int]]:
    """Known words that may be what a mistyped ``word`` meant: (word, frequency, in names).

    PostgreSQL asks the trigram index of the vocabulary and looks up the words one letter away.
    SQLite looks up the words one letter away and, when there are none, reads the words of names
    of about the same length (a few thousand) for the caller to compare.
    """
    if vendor() == "postgresql":
        # Trigrams miss a swap in a short word ("deiu" shares one trigram with "dieu"): the
        # words one letter away are looked up exactly as well.
        with connection.cursor() as cursor:
            cursor.execute("SET pg_trgm.similarity_threshold = %s", [TYPO_SIMILARITY])
            cursor.execute(
                "SELECT word, frequency, name_frequency FROM search_indexword "
                "WHERE word = ANY(%s) OR word %% %s ORDER BY similarity(word, %s) DESC LIMIT 50",
                [sorted(one_letter_away(word)), word, word],
            )
            return cursor.fetchall()
    fields = ("word", "frequency", "name_frequency")
    near = list(IndexWord.objects.filter(word__in=one_letter_away(word)).values_list(*fields))
    if near or typo_limit(word) < 2:
        return near
    # Two letters away: the words of about the same length in names, compared in Python.
    return list(
        IndexWord.objects.annotate(length=Length("word"))
        .filter(length__range=(len(word) - 2, len(word) + 2), name_frequency__gt=0)
        .values_list(*fields)
    )


def nearest_names(procedures: QuerySet, phrase: str, limit: int) -> list[dict]:
    """Procedures whose names look most like ``phrase`` (pg_trgm), for "no results" pages.

    PostgreSQL only; SQLite returns nothing here and relies on relaxed and typo matching.
    """
    if vendor() != "postgresql" or not phrase:
        return []
    with connection.cursor() as cursor:
        cursor.execute("SET pg_trgm.word_similarity_threshold = %s", [NEAREST_SIMILARITY])
    similarity = RawSQL("word_similarity(%s, search_searchdocument.name)", [phrase])
    rows = (
        procedures.filter(search_document__name__trigram_word_similar=phrase)
        .annotate(similarity=similarity)
        .order_by("-similarity", "search_document__sort_key")
        .values(*CANDIDATE_FIELDS)[:limit]
    )
    return list(rows)
