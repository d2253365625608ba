"""Searching procedures: the one entry point other code calls.

``search_procedures(query, procedures=..., on=..., limit=..., offset=...)`` returns the ranked
procedures with a highlighted name, a snippet and the level that handles each on ``on``;
``suggest_names(query)`` serves the search box as the official types; ``facet_counts`` counts
the ranked matches per filter value.

How it works: codes and citations are looked up directly; the words are matched by the database
(``search.backends``) in names and fields and, when those give less than a page, as a phrase in
the guidance; with no name holding every word, names holding the rarest of them and, when
those are few, every word anywhere in the procedure's text. The candidates (at most ``CAP``)
are then ordered in Python by ``search.ranking``. When more than ``CAP`` procedures match, the
``FIRST`` of them in index order (in force first, shorter names first) are ranked and the count
is a lower bound.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString

from delegation.models import Delegation, Handler, handler_on, with_handler
from handbook.models import CONTENT_FIELDS, Revision
from procedures.models import AuthorityLevel, Field, LegalDocument, Procedure
from search import backends, snapshot
from search.highlight import RECORD_SNIPPET, highlight, snippet
from search.models import IndexWord
from search.names import read_marks
from search.query import (
    Citation,
    Form,
    ParsedQuery,
    Term,
    article_token,
    build_terms,
    closest_words,
    drop_optional_words,
    idf,
    parse_query,
    split_word,
    strip_marks,
    substrings,
    typo_limit,
    validate_query,
)
from search.ranking import WEIGHTS, match_name, score

CAP = 300  # candidates ranked exactly
# The guidance (for a phrase) and the text are searched when the names give less than a page.
TEXT_FALLBACK = 20
ANCHORS = 4  # with no name holding every word: names holding two of the four rarest
FIRST = 100  # candidates ranked when more than CAP match
FULL_RANK = 60  # candidates scored in full (the rest follow a cheaper first ordering)
SUGGEST_CAP = 20  # candidates ranked for suggestions (the first in index order)
PREFIX_LETTERS = 3  # a word being typed narrows the search from this many letters
LINK = ("name", "slug")  # what a suggestion needs besides the ranking fields
# What a result row shows and its snippet may quote.
PAGE_FIELDS = [
    "code",
    "slug",
    "name",
    "status",
    "field",
    "level",
    "source_date",
    "source_repo",
    "source_path",
    "source_url",
    *RECORD_SNIPPET,
]


@dataclass
class Result:
    procedure: Procedure
    name_html: SafeString
    snippet_html: SafeString
    snippet: str
    handled_by: AuthorityLevel | None  # only when a source confirms it for the day
    handler: Handler | None = None
    guided: bool = False  # the procedure has published national guidance


@dataclass
class SearchResults:
    """The answer to one query: a page of ``results`` and what the page around it needs."""

    query: ParsedQuery
    results: list[Result]
    count: int
    count_is_exact: bool
    ids: list[int]  # every ranked match, best first (facets count these)
    on: datetime.date
    redirect: Procedure | None = None  # an exact code or exact name: go straight to it
    corrections: dict[str, list[str]] = field(default_factory=dict)  # typed word -> read as
    unknown_citations: list[str] = field(default_factory=list)
    relaxed: bool = False  # no procedure has every word; these have most of them
    nearest: list[Procedure] = field(default_factory=list)  # when nothing matches


def search_procedures(
    query: str,
    *,
    procedures: QuerySet | None = None,
    on: datetime.date | None = None,
    limit: int = 20,
    offset: int = 0,
) -> SearchResults:
    """Search ``procedures`` (default: all) for ``query``, best first.

    Raises ``search.query.QueryError`` for a blank, too long or punctuation-only query.
    ``on`` is the day for "which level handles it" (default today).
    """
    on = on or timezone.localdate()
    parsed = parse_query(validate_query(query))
    scope = procedures if procedures is not None else Procedure.objects.all()
    search = _Search(parsed, scope)
    search.run()
    ranked = search.ranked()
    ids = [row["pk"] for row in ranked]
    results = SearchResults(
        query=parsed,
        results=_load(ids[offset : offset + limit], parsed, on),
        count=len(ids) if search.exact_count else max(len(ids), CAP),
        count_is_exact=search.exact_count,
        ids=ids,
        on=on,
        corrections=search.corrections,
        unknown_citations=search.unknown_citations,
        relaxed=search.relaxed,
    )
    results.redirect = _redirect(search, ranked)
    if not ids and parsed.terms:
        nearest = backends.nearest_names(scope, parsed.phrase, 5) or search.nearest(5)
        results.nearest = list(
            Procedure.objects.for_listing().filter(pk__in=[r["pk"] for r in nearest])
        )
    return results


@dataclass(frozen=True)
class Suggestion:
    """A procedure offered in the search box: enough for a link (a model instance costs more
    to build than the rest of a suggestion's Python work)."""

    pk: int
    code: str
    name: str
    slug: str

    def get_absolute_url(self) -> str:
        return reverse("portal:procedure", kwargs={"slug": self.slug})


def _name_matches(
    scope: QuerySet,
    parsed: ParsedQuery,
    words: list[str],
    known: snapshot.Snapshot,
    corrections: dict[str, list[str]] | None = None,
) -> list[dict]:
    """Rows of procedures whose names hold ``words`` (the last one may be unfinished); a word
    in ``corrections`` may also be any of the known words given for it."""
    parsed.terms = build_terms(words, known.synonyms, prefix_last=True)
    for term in parsed.terms:
        for word in (corrections or {}).get(term.typed.words[0], []):
            term.forms.append(Form((word,), "typo"))
    # A word begun with one or two letters would match most names: ranking alone uses it.
    typed = [t for t in parsed.terms if not t.prefix or len(t.typed.words[0]) >= PREFIX_LETTERS]
    if not typed:
        return []
    matching = backends.matching(scope, typed, required=len(typed), scope="name")
    scan = backends.cheaper_to_scan(typed, SUGGEST_CAP, known)
    return list(backends.first_in_index_order(matching, SUGGEST_CAP, extra=LINK, scan=scan))


def _typo_corrections(words: list[str], known: snapshot.Snapshot) -> dict[str, list[str]]:
    """For each word no name holds, the words of names a letter or two away (the correction
    the results page makes: "chinj" -> "chinh"); the last word counts as known when a name word
    starts with it (it may be unfinished)."""
    corrections = {}
    for index, word in enumerate(words):
        if known.in_names.get(word) or not typo_limit(word):
            continue
        names_start = IndexWord.objects.filter(word__startswith=word, name_frequency__gt=0)
        if index == len(words) - 1 and names_start.exists():
            continue
        candidates = [(w, f) for w, f, in_names in backends.word_candidates(word) if in_names]
        nearest = closest_words(word, candidates)
        if nearest:
            corrections[word] = nearest
    return corrections


def suggest_names(query: str, *, limit: int = 8) -> list[Suggestion]:
    """Procedures whose names fit what is being typed (the last word may be unfinished); when
    none do, the same with each mistyped word read as the nearest known one."""
    parsed = parse_query(validate_query(query))
    scope = Procedure.objects.all()
    rows: dict[int, dict] = {}
    found_by: dict[int, str] = {}
    for prefix in parsed.code_prefixes + parsed.codes:
        for row in backends.candidates(_code_range(scope, prefix), limit, "code", extra=LINK):
            rows[row["pk"]] = row
            found_by[row["pk"]] = "code_prefix"
    words = drop_optional_words(parsed.words)
    known = snapshot.current()
    matches = _name_matches(scope, parsed, words, known)
    if not matches and not rows and words:
        corrections = _typo_corrections(words, known)
        if corrections:
            matches = _name_matches(scope, parsed, words, known, corrections)
    for row in matches:
        row["where"] = "name"
        rows.setdefault(row["pk"], row)
    keys = {pk: score(parsed, row, found_by=found_by.get(pk))[0] for pk, row in rows.items()}
    best = sorted(
        rows.values(), key=lambda r: (keys[r["pk"]], -r["search_document__sort_key"]), reverse=True
    )
    return [Suggestion(row["pk"], row["code"], row["name"], row["slug"]) for row in best[:limit]]


def facet_counts(ids: list[int], *, on: datetime.date) -> dict[str, list[tuple]]:
    """How many of the matches ``ids`` each filter value holds: {facet: [(value, label, n)]}."""
    if not ids:
        return {"field": [], "level": [], "kind": [], "document": [], "status": []}
    matches = Procedure.objects.filter(pk__in=ids)
    fields = {f.pk: f for f in Field.objects.all()}
    levels = {level.pk: level for level in AuthorityLevel.objects.all()}
    by_field = Counter(dict(matches.values_list("field_id").annotate(n=Count("pk"))))
    by_status = Counter(dict(matches.values_list("status").annotate(n=Count("pk"))))
    by_level = Counter(
        dict(
            with_handler(matches, on=on)
            .filter(handler_confirmed=True)
            .values_list("handler_level_id")
            .annotate(n=Count("pk"))
            .order_by()
        )
    )
    by_kind = Counter(
        dict(
            Delegation.objects.filter(procedure_id__in=ids)
            .exclude(kind="")
            .values_list("kind")
            .annotate(n=Count("procedure_id", distinct=True))
            .order_by()
        )
    )
    cited = Procedure.legal_documents.through.objects.filter(procedure_id__in=ids)
    delegated = Delegation.objects.filter(procedure_id__in=ids, legal_document__isnull=False)
    documents: dict[int, set[int]] = {}
    for document_id, procedure_id in cited.values_list("legaldocument_id", "procedure_id"):
        documents.setdefault(document_id, set()).add(procedure_id)
    for document_id, procedure_id in delegated.values_list("legal_document_id", "procedure_id"):
        documents.setdefault(document_id, set()).add(procedure_id)
    top = sorted(documents, key=lambda d: (-len(documents[d]), d))[:15]
    docs = LegalDocument.objects.in_bulk(top)
    kinds = dict(Delegation.Kind.choices)
    statuses = dict(Procedure.Status.choices)
    return {
        "field": sorted(
            ((fields[pk].slug, fields[pk].name, n) for pk, n in by_field.items()),
            key=lambda item: (-item[2], item[1]),
        ),
        "level": [
            (level.slug, level.short_name, by_level[level.pk])
            for level in levels.values()
            if by_level.get(level.pk)
        ],
        "kind": [
            (value, label, by_kind[value]) for value, label in kinds.items() if by_kind.get(value)
        ],
        "document": [(docs[d].slug, docs[d].number, len(documents[d])) for d in top if d in docs],
        "status": [
            (value, label, by_status[value])
            for value, label in statuses.items()
            if by_status.get(value)
        ],
    }


# Internals -----------------------------------------------------------------------------------


class _Search:
    """One query's candidates (codes, citations, words) and their ranking."""

    def __init__(self, parsed: ParsedQuery, scope: QuerySet):
        self.parsed = parsed
        self.scope = scope
        self.known = snapshot.current()  # synonyms and vocabulary, one copy for the whole query
        self.rows: dict[int, dict] = {}
        self.found_by: dict[int, str] = {}  # code or citation weight that found it
        self.within: list[str] | None = None  # citation tokens the words are searched within
        self.exact_count = True
        self.relaxed = False
        self.corrections: dict[str, list[str]] = {}
        self.unknown_citations: list[str] = []
        self.vocabulary_cache: dict[str, list[tuple[str, int, int]]] = {}

    def run(self) -> None:
        parsed = self.parsed
        for code in parsed.codes:
            self.add(backends.candidates(self.scope.filter(code=code), 1), "code_exact")
        for prefix in parsed.code_prefixes:
            rows = backends.candidates(_code_range(self.scope, prefix), CAP + 1, "code")
            self.exact_count &= len(rows) <= CAP
            self.add(rows[:CAP], "code_prefix")
        parsed.terms = build_terms(drop_optional_words(parsed.words), self.known.synonyms)
        cited = self.citations(parsed.citations) if parsed.citations else []
        self.within = [token for token, _found_by in cited] or None
        before = len(self.rows)
        if parsed.terms:
            self.weigh_terms()
            self.match_words(self.scope)
        if cited and len(self.rows) == before:
            # A citation alone, or no cited procedure has the words: show the cited ones,
            # what the document (or article) delegates before what merely cites it.
            for kind in ("citation_article", "citation_delegated", "citation_basis"):
                tokens = [token for token, found_by in cited if found_by == kind]
                if tokens and len(self.rows) < CAP:
                    matching = backends.citing(self.scope, tokens).exclude(pk__in=list(self.rows))
                    self.add(self.capped(matching, cap=CAP - len(self.rows), ordered=False))
        for row in self.rows.values():
            # What a citation found (with words, every match is one of the cited).
            held = set(row["search_document__citations"].split())
            found_by = next((f for token, f in cited if token in held), None)
            if found_by:
                self.found_by.setdefault(row["pk"], found_by)

    def add(self, rows: list[dict], found_by: str | None = None) -> None:
        for row in rows:
            pk = row["pk"]
            self.rows.setdefault(pk, row)
            if found_by:
                self.found_by.setdefault(pk, found_by)

    def capped(self, queryset: QuerySet, *, cap: int = CAP, ordered: bool = True) -> list[dict]:
        """Every match when at most ``cap``; else (and the count is left open) the ``FIRST``
        in index order, or when ``ordered`` is False, ``cap`` of them in no order."""
        if ordered:
            rows = backends.first_in_index_order(queryset, cap + 1)
        else:
            rows = backends.candidates(queryset, cap + 1)
        if len(rows) <= cap:
            return rows
        self.exact_count = False
        return rows[: min(FIRST, cap)] if ordered else rows[:cap]

    def citations(self, citations: list[Citation]) -> list[tuple[str, str]]:
        """The citation tokens of the cited documents (and articles), each with what finding
        it means (delegated by the article, by the document, or cited as a basis)."""
        wanted: list[tuple[str, str]] = []
        for citation in citations:
            documents = _documents_for(citation)
            if not documents:
                self.unknown_citations.append(citation.text)
                continue
            article = article_token(citation.article) if citation.article else ""
            for document in documents:
                if article:
                    wanted.append((f"d{document.pk}{article}", "citation_article"))
                else:
                    wanted.append((f"d{document.pk}", "citation_delegated"))
                    wanted.append((f"c{document.pk}", "citation_basis"))
        return wanted

    def vocabulary(self, word: str) -> list[tuple[str, int, int]]:
        """Known words near ``word``: (word, procedures having it, procedures naming it)."""
        if word not in self.vocabulary_cache:
            self.vocabulary_cache[word] = backends.word_candidates(word)
        return self.vocabulary_cache[word]

    def weigh_terms(self) -> None:
        """Weigh each term, and give unknown words the known words a letter or two away."""
        known = self.known
        words = {w for t in self.parsed.terms for f in t.forms for w in f.words}
        frequency = {w: known.anywhere[w] for w in words if w in known.anywhere}
        name_words = {w for w in frequency if known.in_names[w]}
        total = known.most_frequent or 1  # idf's scale
        for term in self.parsed.terms:
            word = term.typed.words[0]
            if len(term.forms) == 1 and len(term.typed.words) == 1 and word not in frequency:
                name_words |= self.correct(term, frequency)
            term.weight = _term_weight(term, frequency, total)
            term.in_names = any(set(f.words) <= name_words for f in term.forms)

    def correct(self, term: Term, frequency: dict[str, int]) -> set[str]:
        """Forms for an unknown word: known words a letter or two away, else its known parts.

        Returns the words of those forms that names use.
        """
        word = term.typed.words[0]
        if typo_limit(word):
            candidates = {w: (f, n) for w, f, n in self.vocabulary(word)}
            corrected = closest_words(word, [(w, f) for w, (f, _n) in candidates.items()])
            if corrected:
                self.corrections[word] = corrected
                term.forms += [Form((w,), "typo") for w in corrected]
                frequency.update((w, candidates[w][0]) for w in corrected)
                return {w for w in corrected if candidates[w][1]}
        if len(word) >= 4 and not word.isdigit():
            pieces = IndexWord.objects.filter(word__in=substrings(word))
            known = {
                w: (f, n) for w, f, n in pieces.values_list("word", "frequency", "name_frequency")
            }
            parts = split_word(word, set(known))
            if parts:
                self.corrections[word] = [" ".join(parts)]
                term.forms.append(Form(parts, "typo"))
                frequency.update((w, known[w][0]) for w in parts)
                return {w for w in parts if known[w][1]}
        return set()

    def match_words(self, scope: QuerySet) -> None:
        """All words in the name or field; when that gives less than a page, the typed words
        in a row in the guidance; with neither, names holding the rarest words and, when those
        are less than a page, all words anywhere in the text; with nothing at all, the rarest
        words anywhere."""
        terms = self.parsed.terms
        n = len(terms)
        exact_count, self.exact_count = self.exact_count, True
        in_name = self.match(scope, terms, required=n, where="name")
        typed = tuple(w for t in terms for w in t.typed.words)
        if not self.exact_count and n > 1 and len(typed) > 2:
            # More names hold every word than are ranked, the first in index order (the
            # shortest): those holding the words as typed, in a row, are ranked as well. (Not
            # for two words or one term: nearly every name holding them has them in a row, and
            # the query costs as much again; bench/search.py at 100,000.)
            self.match(scope, [Term([Form(typed)])], required=1, where="name")
        self.exact_count &= exact_count
        if in_name and not self.named_outside_exclusions():
            in_name = False  # every name found has some words only in an exclusion clause
            self.counterparts(scope)
        phrase = False
        if len(self.rows) < TEXT_FALLBACK and sum(len(t.typed.words) for t in terms) >= 3:
            phrase = self.match(scope, terms, required=n, where="guidance_phrase")
        if not in_name and not phrase and n > 1:
            # No name holds every word: names holding two of the rarest (ranking then weighs
            # every word). A phrase from the guidance outranks these.
            named = sorted((t for t in terms if t.in_names), key=lambda t: -t.weight)[:ANCHORS]
            if named:
                self.match(scope, named, required=min(2, len(named)), where="name", of=n)
        # Every word anywhere, when no name or guidance phrase has them all and less than a
        # page was found: the text's everyday words would add weak matches to every query.
        anywhere = not in_name and not phrase and len(self.rows) < TEXT_FALLBACK
        if anywhere and self.match(scope, terms, required=n, where="all"):
            self.mark_guidance(terms)
        self.relaxed = (
            not in_name
            and not phrase
            and not any(row.get("share", 1) == 1 for row in self.rows.values())
        )
        if not self.rows and n > 1:
            rarest = sorted(terms, key=lambda t: -t.weight)[:ANCHORS]
            self.match(scope, rarest, required=min(2, len(rarest)), where="all", of=n)

    def named_outside_exclusions(self) -> bool:
        """Whether a name found holds every term outside its exclusion clauses ("(trừ …)")."""
        for row in self.rows.values():
            if row.get("where") != "name":
                continue
            if "e" not in row["search_document__name_marks"]:
                return True
            if not match_name(
                self.parsed, row["search_document__name"], row["search_document__name_marks"]
            ).excluded:
                return True
        return False

    def counterparts(self, scope: QuerySet) -> None:
        """The procedures an exclusion clause points to: "Cấp giấy chứng nhận đăng ký chuyển
        giao công nghệ (trừ trường hợp thuộc thẩm quyền của Bộ …)" rules out the procedure of
        the same name without the clause, which answers "… thuộc thẩm quyền của Bộ". Such a
        procedure is ranked as if it had the words of the name that points to it."""
        pointing: dict[str, dict] = {}
        for row in self.rows.values():
            name, marks = row["search_document__name"], row["search_document__name_marks"]
            if "e" not in marks or not match_name(self.parsed, name, marks).excluded:
                continue
            excluded = read_marks(marks).excluded
            rest = " ".join(w for i, w in enumerate(name.split()) if i not in excluded)
            pointing.setdefault(rest, row)
        if not pointing:
            return
        matching = scope.filter(search_document__name__in=list(pointing)).exclude(
            pk__in=list(self.rows)
        )
        for row in backends.candidates(matching, CAP):
            row["where"], row["share"] = "name", 1.0
            row["stands_for"] = pointing[row["search_document__name"]]["search_document__name"]
            self.add([row])

    def mark_guidance(self, terms: list[Term]) -> None:
        """Note which text matches have every word in their guidance (they rank higher)."""
        found = [pk for pk, row in self.rows.items() if row.get("where") == "all"]
        in_guidance = backends.matching(
            Procedure.objects.filter(pk__in=found), terms, required=len(terms), scope="guidance"
        )
        for pk in in_guidance.values_list("pk", flat=True):
            self.rows[pk]["where"] = "guidance"

    def match(
        self, scope: QuerySet, terms: list[Term], *, required: int, where: str, of: int = 0
    ) -> bool:
        """Add the procedures with ``required`` of ``terms`` (of ``of`` typed) in ``where``.

        Returns False when there is none.
        """
        matching = backends.matching(
            scope, terms, required=required, scope=where, within=self.within
        )
        if self.rows:
            matching = matching.exclude(pk__in=list(self.rows))
        # Text matches rank low whatever their order: no need to sort thousands of them.
        rows = self.capped(matching, cap=max(CAP - len(self.rows), 1), ordered=where != "all")
        for row in rows:
            row["where"], row["share"] = where, required / (of or len(terms))
        self.add(rows)
        return bool(rows)

    def ranked(self) -> list[dict]:
        """The candidates best first. When there are many, a cheap first ordering (found by,
        the typed words as a phrase, all of them, index order) picks the ``FULL_RANK`` that get
        the full score; the others follow in that first order."""
        phrase = " " + " ".join(w for t in self.parsed.terms for w in t.typed.words) + " "
        forms = [[f" {form.text} " for form in t.forms] for t in self.parsed.terms]

        def first_order(row: dict) -> tuple:
            found_by = self.found_by.get(row["pk"])
            name = f" {row['search_document__name']} "
            return (
                -(WEIGHTS[found_by] if found_by else 0),
                row["code"] if found_by == "code_prefix" else "",
                phrase not in name,
                not all(any(form in name for form in term) for term in forms),
                row["search_document__sort_key"],
                row["pk"],
            )

        rows = sorted(self.rows.values(), key=first_order)
        scored, rest = rows[:FULL_RANK], rows[FULL_RANK:]
        keys = {}
        for row in scored:
            keys[row["pk"]], row["match"] = score(
                self.parsed, row, found_by=self.found_by.get(row["pk"])
            )

        # Between names that score the same, the one with published guidance comes first
        # (issue 14: of 63 near-identical names the guided one was second).
        guided = guided_procedure_ids([row["pk"] for row in scored])

        def order(row: dict) -> tuple:
            pk = row["pk"]
            by_code = row["code"] if self.found_by.get(pk) == "code_prefix" else ""
            return (
                -keys[pk][0],
                by_code,
                -keys[pk][1],
                pk not in guided,
                row["search_document__sort_key"],
                pk,
            )

        for row in rest:
            row["match"] = None
        return sorted(scored, key=order) + rest

    def nearest(self, limit: int) -> list[dict]:
        """Names with a word close to a typed one: what SQLite suggests when nothing matches."""
        forms = []
        for word in self.parsed.words:
            if typo_limit(word):
                near = [(w, f) for w, f, _n in self.vocabulary(word)]
                forms += [Form((w,), "typo") for w in closest_words(word, near)]
        if not forms:
            return []
        matching = backends.matching(self.scope, [Term(forms)], required=1, scope="name")
        return backends.first_in_index_order(matching, limit)


def _term_weight(term: Term, frequency: dict[str, int], total: int) -> float:
    """The idf of what was typed; for an unknown word, of its best correction."""

    def weight(form: Form) -> float:
        return sum(idf(frequency.get(w, 0), total) for w in form.words) / len(form.words)

    typed = term.typed
    if all(w in frequency for w in typed.words) or len(term.forms) == 1:
        return weight(typed)
    return min(weight(form) for form in term.forms[1:])


def _code_range(procedures: QuerySet, prefix: str) -> QuerySet:
    """Codes starting with ``prefix``, as a range the unique index on code can serve."""
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return procedures.filter(code__gte=prefix, code__lt=upper)


def _documents_for(citation: Citation) -> list[LegalDocument]:
    """The legal documents a citation may mean ("133/2025" is a decree and a law)."""
    wanted = _number_key(citation.number)
    documents = []
    head = citation.number.split("/")[0] + "/"
    # The number or one of the spellings the sources also used (49/2010/QH for 49/2010/QH12).
    candidates = LegalDocument.objects.filter(
        Q(number__startswith=head) | Q(aliases__contains=head)
    )
    for document in candidates:
        keys = [_number_key(n.split(" (")[0]) for n in [document.number, *document.alias_list()]]
        if not any((key == wanted) if citation.exact else key.startswith(wanted) for key in keys):
            continue
        if citation.kind and not _kind_matches(document, citation.kind):
            continue
        documents.append(document)
    return documents


def _number_key(number: str) -> str:
    return "".join(c for c in strip_marks(number) if c.isalnum() or c in "/.")


def _kind_matches(document: LegalDocument, kind: str) -> bool:
    if kind == "nghi_quyet":
        return document.kind in ("nghi_quyet_cp", "nghi_quyet_qh") or "/NQ-" in document.number
    return document.kind == kind


def _redirect(search: _Search, ranked: list[dict]) -> Procedure | None:
    """The procedure to open directly: an exact code, or the one name typed in full."""
    parsed = search.parsed
    if not ranked:
        return None
    top = ranked[0]
    if parsed.is_code and search.found_by.get(top["pk"]) == "code_exact":
        return Procedure.objects.get(pk=top["pk"])
    if parsed.codes or parsed.code_prefixes or parsed.citations:
        return None
    exact = [row for row in ranked[:2] if row["match"] and row["match"].exact]
    exact = [row for row in exact if not row["match"].typos]
    if len(exact) == 1 and exact[0] is top:
        return Procedure.objects.get(pk=top["pk"])
    return None


def guided_procedure_ids(ids: list[int]) -> set[int]:
    """Which of ``ids`` have published national guidance (one query)."""
    if not ids:
        return set()
    return set(
        Revision.objects.published()
        .national()
        .filter(guidance__procedure_id__in=ids)
        .values_list("guidance__procedure_id", flat=True)
    )


def _load(ids: list[int], parsed: ParsedQuery, on: datetime.date) -> list[Result]:
    """The page's procedures with what a result row shows, in a fixed number of queries."""
    if not ids:
        return []
    procedures = (
        Procedure.objects.select_related("field", "level")
        .only(*PAGE_FIELDS)
        .order_by()
        .in_bulk(ids)
    )
    delegations: dict[int, list[Delegation]] = {}
    for delegation in Delegation.objects.filter(procedure_id__in=ids).for_handler().order_by():
        delegations.setdefault(delegation.procedure_id, []).append(delegation)
    # The national guidance (a province's note is read on the procedure page, not quoted here).
    revisions = {
        r.procedure_id: r
        for r in Revision.objects.published()
        .national()
        .filter(guidance__procedure_id__in=ids)
        .annotate(procedure_id=F("guidance__procedure_id"))
        .only(*CONTENT_FIELDS)
        .order_by()
    }
    words = {w for term in parsed.terms for form in term.forms for w in form.words}
    prefixes = {t.typed.words[0] for t in parsed.terms if t.prefix}
    results = []
    for pk in ids:
        procedure = procedures[pk]
        text, html = snippet(procedure, revisions.get(pk), words)
        handler = handler_on(procedure, delegations.get(pk, []), on)
        results.append(
            Result(
                procedure=procedure,
                name_html=highlight(procedure.name, words, prefixes),
                snippet_html=html,
                snippet=text,
                handled_by=handler.level if handler.confirmed else None,
                handler=handler,
                guided=pk in revisions,
            )
        )
    return results
