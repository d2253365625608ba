"""How results are ordered. The weights are defined here and nowhere else.

A result's score is a pair: first what found it (a code or a citation), then how its words
match. Found by: exact code > code prefix > the cited article delegates it > the cited document
delegates it > it cites the document. Words: exact name > the query as a phrase at the start of
the name > the phrase elsewhere in the name > all words in the name > all words in name and
field > the typed words in a row in the published guidance > most words in the name (half the
query's weight or more, three of them in a row as typed) > all words in the guidance > all words
in the record's text > fewer words.

Inside a tier: a procedure in force gains more than a tier (an in-force match outranks an
abolished or unconfirmed one of the next tier up, never two tiers up); then words typed with
diacritics found with the same diacritics; then names the query covers closely (neighbouring
words, share of the name, compactness; also when the name lacks some of the words). A word found
only as a corrected spelling costs a little.

A name's punctuation (search/names.py) counts too: a query word the name has only inside an
exclusion clause ("(trừ đài trái đất thuộc hệ thống GMDSS …)") is not found there, and costs the
name (its other words still rank it, below names that have that word outside such a clause),
unless the query itself says "trừ"; a comma or bracket ends a run of neighbouring words, and a
phrase found across one costs a little.
"""

from dataclasses import dataclass, field

from search.indexing import IN_FORCE
from search.names import read_marks
from search.query import ParsedQuery, Term

WEIGHTS = {
    # What found the procedure (first member of the score).
    "code_exact": 5000,
    "code_prefix": 4000,
    "citation_article": 3000,
    "citation_delegated": 2000,
    "citation_basis": 1000,
    # How the words match (second member); tiers 1000 apart.
    "name_exact": 9000,
    "name_phrase_start": 8000,
    "name_phrase": 7000,
    "name_words": 6000,
    "name_and_field": 5000,
    "guidance_phrase": 4000,  # three words or more, in a row in the guidance
    "name_most_words": 3000,  # plus SHARE times the share of the query's weight in the name
    "guidance_words": 2000,
    "text_words": 1000,
    "some_words": 0,  # plus SHARE times the share of words found
    # Refinements inside a tier.
    "in_force": 1600,
    "diacritics": 400,  # times the share of typed words found with their diacritics
    "closeness": 150,  # times how closely the query covers the name (0 to 1)
    "typo": -60,  # per word found only as a corrected spelling
    "excluded": -300,  # per term the name has only inside an exclusion clause ("(trừ …)")
    "split": -250,  # per comma or bracket inside the phrase found
}
# A citation with words ("gia hạn 133/2025") only narrows the search; inside a tier, what the
# cited article or document delegates comes before what merely cites it.
CITED_WITH_WORDS = {"citation_article": 120, "citation_delegated": 120, "citation_basis": 0}
SHARE = 900
# "Most words in the name": half the query's weight, with a run of words as typed.
MOST_WORDS = 1 / 2
RUN = 3
EXCLUDING = "tru"  # "trừ" in search form: typed, the query quotes an exclusion clause
# Names often begin with "Thủ tục"; officials rarely type it, so a phrase may start after it
# (see match_name).


@dataclass
class Match:
    """How one candidate's name answers the query, for ranking and explaining."""

    found: set[int] = field(default_factory=set)  # indices of terms found in the name
    typos: int = 0
    phrase: bool = False
    phrase_start: bool = False
    exact: bool = False
    adjacent: int = 0  # neighbouring query terms that are neighbours in the name
    longest_run: int = 1  # most query terms in a row found in a row in the name
    closeness: float = 0.0
    excluded: int = 0  # terms found only inside an exclusion clause ("(trừ …)")
    breaks_crossed: int = 0  # commas or brackets inside the phrase found


class _Forms:
    """The query's forms arranged for looking names up: one dictionary probe per name word."""

    def __init__(self, terms: list[Term]):
        # first word -> [(term index, the words after it, found only as a typo)]
        self.by_first: dict[str, list[tuple[int, tuple[str, ...], bool]]] = {}
        self.prefixes: list[tuple[int, str, bool]] = []
        for index, term in enumerate(terms):
            for form in term.forms:
                typo = form.source == "typo"
                first, rest = form.words[0], form.words[1:]
                if term.prefix and not rest:
                    self.prefixes.append((index, first, typo))
                else:
                    self.by_first.setdefault(first, []).append((index, rest, typo))
        self.count = len(terms)
        self.words = [len(t.typed.words) for t in terms]
        self.exclusion_typed = False  # set by _forms (exclusion_typed)


def _forms(query: ParsedQuery) -> _Forms:
    if getattr(query, "_forms", None) is None or query._forms.count != len(query.terms):
        query._forms = _Forms(query.terms)
        query._forms.exclusion_typed = exclusion_typed(query)
    return query._forms


def exclusion_typed(query: ParsedQuery) -> bool:
    """Whether the query quotes an exclusion clause: "trừ" typed, or without diacritics "tru"
    that is not "trụ sở", "cư trú", "tạm trú" or "thường trú"."""
    if query.exact_words and query.has_diacritics:
        return "trừ" in query.exact_words
    words = query.words
    return any(
        word == EXCLUDING
        and words[i + 1 : i + 2] != ["so"]
        and words[i - 1 : i] not in (["cu"], ["tam"], ["thuong"])
        for i, word in enumerate(words)
    )


def match_name(query: ParsedQuery, name: str, marks: str = "") -> Match:
    """Where the query's terms are in ``name`` (search form); ``marks`` is the name's
    ``name_marks`` (search/names.py): a term found only inside an exclusion clause is not found
    (``Match.excluded`` counts it), and a break (a comma, a bracket) ends a run of words."""
    tokens = name.split()
    forms = _forms(query)
    match = Match()
    noted = read_marks(marks)
    # Typing "trừ" is typing the clause itself: then it counts as any other words.
    excluded = frozenset() if forms.exclusion_typed else noted.excluded
    breaks = noted.breaks
    # positions[term] = [(start, length, found only as a typo)]
    positions: list[list[tuple[int, int, bool]]] = [[] for _ in range(forms.count)]
    in_exclusion: set[int] = set()
    by_first, prefixes = forms.by_first, forms.prefixes
    for i, token in enumerate(tokens):
        found = by_first.get(token)
        if found:
            for index, rest, typo in found:
                if not rest or tuple(tokens[i + 1 : i + 1 + len(rest)]) == rest:
                    if i in excluded:
                        in_exclusion.add(index)
                    else:
                        positions[index].append((i, 1 + len(rest), typo))
        if prefixes:
            for index, head, typo in prefixes:
                if token.startswith(head):
                    if i in excluded:
                        in_exclusion.add(index)
                    else:
                        positions[index].append((i, 1, typo))
    for index, places in enumerate(positions):
        if places:
            match.found.add(index)
            if all(place[2] for place in places):
                match.typos += 1
    match.excluded = len(in_exclusion - match.found)
    ends = [{s + n for s, n, _ in places} - breaks for places in positions]
    starts = [{s for s, _n, _ in places} for places in positions]
    run = 0
    for index in range(forms.count - 1):
        if ends[index] & starts[index + 1]:
            match.adjacent += 1
            run += 1
        else:
            run = 0
        match.longest_run = max(match.longest_run, run + 1)
    if not match.found or len(match.found) < min(2, forms.count):
        return match  # one stray word of a longer query says nothing of closeness
    opening = 2 if tokens[:2] == ["thu", "tuc"] else 0
    present = sorted(match.found)
    covered = {i for places in positions for s, n, _ in places for i in range(s, s + n)}
    coverage = len([i for i in covered if i >= opening]) / max(len(tokens) - opening, 1)
    first = min(min(starts[i]) for i in present)
    last = max(max(s + n for s, n, _ in positions[i]) for i in present)
    compactness = min(sum(forms.words[i] for i in present) / max(last - first, 1), 1.0)
    # Neighbouring query terms that are neighbours in the name too ("cấp đổi", not "cấp … đối"),
    # also when the name lacks some terms: the words it has in one run beat the same scattered.
    adjacency = match.adjacent / (forms.count - 1) if forms.count > 1 else 1.0
    match.closeness = 0.45 * adjacency + 0.35 * coverage + 0.2 * compactness
    if len(match.found) < forms.count:
        return match
    # The query as a phrase: each term right after the previous one. Of several, the one that
    # crosses the fewest breaks (a phrase split by a comma is a lesser phrase).
    best: tuple[int, int, int] | None = None  # (breaks crossed, start, end)
    for start, length, _typo in positions[0]:
        end, crossed = start + length, 0
        for places in positions[1:]:
            following = next((p for p in places if p[0] == end), None)
            if following is None:
                break
            crossed += end in breaks
            end = following[0] + following[1]
        else:
            if best is None or crossed < best[0]:
                best = (crossed, start, end)
    if best is not None:
        match.phrase = True
        match.breaks_crossed, start, end = best
        if start in (opening, 0):
            match.phrase_start = True
            match.exact = end == len(tokens)
    return match


def diacritics_share(query: ParsedQuery, name_exact: str) -> float:
    """Share of the words typed with diacritics that the name has with the same diacritics."""
    marked = query.marked_words
    if not marked:
        return 0.0
    words = set(name_exact.split())
    return sum(w in words for w in marked) / len(marked)


def score(
    query: ParsedQuery,
    row: dict,
    *,
    found_by: str | None,
) -> tuple[tuple[float, float], Match]:
    """The ranking key of one candidate (higher first, see the module docstring) and its match.

    ``row`` holds the candidate's search document fields, ``where`` it matched ("name",
    "guidance", "all") and ``share``, the share of the terms it matched there.
    """
    terms = query.terms
    primary = WEIGHTS[found_by] if found_by else 0
    cited = 0
    if found_by in CITED_WITH_WORDS and terms:
        # With words as well, the citation is a filter: the words decide, delegation counts a bit.
        primary, cited = 0, CITED_WITH_WORDS[found_by]
    if row.get("stands_for"):
        # The procedure an exclusion clause points to (services._Search.counterparts): matched
        # as the name that points to it, the clause's words found.
        match = match_name(query, row["stands_for"])
    else:
        match = match_name(
            query, row["search_document__name"], row.get("search_document__name_marks", "")
        )
    where, share = row.get("where"), row.get("share", 1.0)
    in_name = weighted_share(terms, match.found)
    if not terms:
        words = 0.0
    elif match.exact:
        words = WEIGHTS["name_exact"]
    elif match.phrase_start:
        words = WEIGHTS["name_phrase_start"]
    elif match.phrase:
        words = WEIGHTS["name_phrase"]
    elif in_name == 1:
        words = WEIGHTS["name_words"]
    elif where == "name" and share == 1 and not match.excluded:
        # (the database found every word in name or field: those not in the name are in the
        # field, unless the name has them, but only in an exclusion clause)
        words = WEIGHTS["name_and_field"]
    elif where == "guidance_phrase":
        words = WEIGHTS["guidance_phrase"]
    elif in_name >= MOST_WORDS and match.longest_run >= min(RUN, len(terms) - 1):
        words = WEIGHTS["name_most_words"] + SHARE * in_name
    elif where == "guidance":
        words = WEIGHTS["guidance_words"]
    elif where == "all" and share == 1:
        words = WEIGHTS["text_words"]
    else:
        words = WEIGHTS["some_words"] + SHARE * max(in_name, share if where else 0.0)
    refinements = (
        (WEIGHTS["in_force"] if row["status"] in IN_FORCE else 0)
        + WEIGHTS["diacritics"] * diacritics_share(query, row["search_document__name_exact"])
        + WEIGHTS["closeness"] * match.closeness
        + WEIGHTS["typo"] * match.typos
        + WEIGHTS["excluded"] * match.excluded
        + WEIGHTS["split"] * match.breaks_crossed
        + cited
    )
    return (primary, words + refinements), match


def weighted_share(terms: list[Term], found: set[int]) -> float:
    """The share of the query's weight (rarer words weigh more) held by the terms ``found``."""
    total = sum(t.weight for t in terms)
    return sum(terms[i].weight for i in found) / total if total else 0.0
