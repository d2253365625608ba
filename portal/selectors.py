"""Reads behind the reader's pages: each function returns what one page block shows.

Every function runs a fixed number of queries, whatever the size of the data.
"""

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)

from delegation.models import (
    Delegation,
    LevelChange,
    Province,
    confirmed_counts,
    handler_on,
    with_handler,
)
from handbook.models import SECTION_FIELDS, Edition, Revision
from procedures.models import AuthorityLevel, Field, LegalDocument, Procedure, name_key

# A legal basis that stops applying within this many days gets a warning (about six months).
EXPIRY_WARNING_DAYS = 183
RELATED_LIMIT = 8
# How many procedures of each kind (same basis, variants) the related list is chosen from.
RELATED_CANDIDATES = 50
# The leading verbs that tell variants of one procedure apart (folded), longest first.
_VARIANT_VERBS = re.compile(
    r"^(?:(?:thu tuc|cap lai|cap doi|cap moi|cap|gia han|sua doi|bo sung|thay doi|dieu chinh|"
    r"thu hoi|dang ky|"
    r"cong nhan|chung nhan|phe duyet|tham dinh|thong bao|xac nhan|cho phep|dinh chi|huy bo|"
    r"chuyen nhuong|chuyen doi)\s+)+"
)
_OBJECT_WORDS = 4


@dataclass(frozen=True)
class BasisWarning:
    """A legal basis of the page that stops applying soon."""

    document: LegalDocument | None
    article: str
    ends_on: datetime.date  # the first day it no longer applies
    days_left: int  # days from the page's date to ``ends_on``


def procedure_for_page() -> QuerySet:
    """Procedures with what the procedure page shows, in three queries."""
    return Procedure.objects.select_related("field", "level").prefetch_related(
        "legal_documents",
        Prefetch("delegations", queryset=Delegation.objects.timeline()),
        Prefetch(
            "level_changes",
            queryset=LevelChange.objects.select_related("old_level", "new_level"),
        ),
    )


def expiring_bases(
    delegations: list[Delegation], on: datetime.date, *, within_days: int = EXPIRY_WARNING_DAYS
) -> list[BasisWarning]:
    """The bases of ``delegations`` in effect on ``on`` that stop applying within ``within_days``.

    A delegation ends when its own window ends or when its legal document expires, whichever
    comes first.
    """
    # The last days of the calendar have no horizon past them: the horizon stops at its end.
    horizon = min(
        on, datetime.date.max - datetime.timedelta(days=within_days)
    ) + datetime.timedelta(days=within_days)
    warnings = {}
    for delegation in delegations:
        if not delegation.applies_on(on):
            continue
        document = delegation.legal_document
        ends = [delegation.effective_until] if delegation.effective_until else []
        if document and document.expires_on and document.expires_on > on:
            ends.append(document.expires_on)
        if ends and min(ends) <= horizon:
            end = min(ends)
            key = (document.pk if document else None, delegation.article, end)
            warnings[key] = BasisWarning(document, delegation.article, end, (end - on).days)
    return sorted(warnings.values(), key=lambda w: (w.ends_on, w.article))


def variant_object(folded_name: str) -> str:
    """The object of a procedure's folded name without its leading verbs, first few words.

    "cap lai giay phep hoat dong ..." and "gia han giay phep hoat dong ..." share
    "giay phep hoat dong ...": they are variants of one procedure.
    """
    words = _VARIANT_VERBS.sub("", folded_name).split()
    return " ".join(words[:_OBJECT_WORDS])


def related_procedures(procedure: Procedure, *, limit: int = RELATED_LIMIT) -> list[Procedure]:
    """Procedures delegated on the same basis, then variants of the same procedure (two queries).

    Variants are procedures of the same field whose folded name holds the same object after the
    leading verb ("cấp", "cấp lại", "gia hạn", ...); those sharing more words come first. A basis
    can hold thousands of procedures (Decree 133 Art. 4(1)): each query reads at most
    ``RELATED_CANDIDATES`` of them, first by folded name, through the index on the delegations'
    document and article.
    """
    # The bases (document and article) of this procedure's delegations, read by the database.
    bases = Delegation.objects.filter(
        procedure_id=procedure.pk,
        legal_document_id=OuterRef("legal_document_id"),
        article=OuterRef("article"),
    ).exclude(article="")
    basis_procedures = Delegation.objects.filter(Exists(bases)).values("procedure_id")
    others = Procedure.objects.for_listing().exclude(pk=procedure.pk).order_by("name_key", "pk")
    candidates = list(others.filter(pk__in=basis_procedures)[:RELATED_CANDIDATES])
    for candidate in candidates:
        candidate.same_basis = True
    phrase = variant_object(procedure.name_key)
    if phrase and len(candidates) < RELATED_CANDIDATES:
        variants = (
            others.filter(field_id=procedure.field_id, name_key__contains=phrase)
            .exclude(pk__in=basis_procedures)
            .exclude(pk__in=[c.pk for c in candidates])
        )
        for variant in variants[: RELATED_CANDIDATES - len(candidates)]:
            variant.same_basis = False
            candidates.append(variant)
    mine = _VARIANT_VERBS.sub("", procedure.name_key).split()

    def shared_words(other: Procedure) -> int:
        theirs = _VARIANT_VERBS.sub("", name_key(other.name)).split()
        n = 0
        while n < min(len(mine), len(theirs)) and mine[n] == theirs[n]:
            n += 1
        return n

    return sorted(candidates, key=lambda p: (not p.same_basis, -shared_words(p)))[:limit]


def procedure_page_context(procedure: Procedure, *, on: datetime.date) -> dict:
    """Everything the procedure page's blocks show of the record and its delegations, for the
    reader's date.

    ``procedure`` comes from ``procedure_for_page()``. Keys: procedure, delegations, handler,
    current_delegations, basis_warnings, related, on. The guidance revision and the province's
    note are the handbook's to choose (``handbook.selectors.guidance_reading``): the view adds
    them, with the reader's province as ``reader_province``.
    """
    delegations = list(procedure.delegations.all())
    return {
        "procedure": procedure,
        "delegations": delegations,
        "level_changes": list(procedure.level_changes.all()),
        "current_delegations": [d for d in delegations if d.applies_on(on)],
        "handler": handler_on(procedure, delegations, on),
        "basis_warnings": expiring_bases(delegations, on),
        "related": related_procedures(procedure),
        "on": on,
    }


def handler_levels() -> dict[int, AuthorityLevel]:
    """Every level by id, to name the ``handler_level_id`` that ``with_handler`` annotates."""
    return {level.pk: level for level in AuthorityLevel.objects.all()}


def attach_handlers(
    procedures: Iterable[Procedure], levels: dict[int, AuthorityLevel]
) -> list[Procedure]:
    """Set ``handler`` (a level or None) on rows annotated by ``with_handler``; whether a source
    confirms it is the row's ``handler_confirmed`` annotation."""
    rows = list(procedures)
    for procedure in rows:
        level_id = procedure.handler_level_id
        procedure.handler = levels.get(level_id) if level_id is not None else None
    return rows


def field_procedures(field: Field, *, on: datetime.date) -> QuerySet:
    """The procedures of ``field`` for a listing, with the level that handles each on ``on``."""
    return with_handler(Procedure.objects.for_listing().filter(field=field), on=on).order_by(
        "name_key", "pk"
    )


def level_field_counts(parts: list[Q]) -> list[dict]:
    """How many procedures each field holds of those ``parts`` filter (what a level handles on
    a day, confirmed or not: ``delegation.models.handled_by_parts``): field id, name, slug,
    count, by slug. One query: the parts counted apart, added up here."""
    counted = [
        Procedure.objects.filter(part)
        .order_by()
        .values("field", "field__name", "field__slug")
        .annotate(count=Count("pk"))
        for part in parts
    ]
    totals: dict[tuple[str, str, int], int] = {}
    for row in counted[0].union(*counted[1:], all=True):
        key = (row["field__slug"], row["field__name"], row["field"])
        totals[key] = totals.get(key, 0) + row["count"]
    return [
        {"field": pk, "field__name": name, "field__slug": slug, "count": count}
        for (slug, name, pk), count in sorted(totals.items())
    ]


class FieldWindows:
    """A listing ordered by field slug, then folded name, as a paginator reads it: told each
    field's count, a slice reads only the fields it overlaps.

    ``parts`` are the filters of disjoint sets whose union is the listing
    (``delegation.models.handled_by_parts``); ``field_counts`` its count per field, by slug, as
    ``level_field_counts`` gives them. A slice is two queries: the ids of the slice, each set
    read from its own index and only their folded names sorted (the rows of a sparse level are
    found without walking a whole field, those of a dense one without reading their records),
    then those rows.
    """

    def __init__(self, parts: list[Q], field_counts: list[dict]):
        self.parts = parts
        self.field_counts = field_counts

    def __len__(self) -> int:
        return sum(row["count"] for row in self.field_counts)

    def count(self) -> int:
        return len(self)

    def __getitem__(self, window: slice) -> list[Procedure]:
        start, stop = window.start or 0, window.stop if window.stop is not None else len(self)
        overlapping, position = [], 0
        for row in self.field_counts:
            if position < stop and position + row["count"] > start and row["count"]:
                overlapping.append((row["field"], position))
            position += row["count"]
        if not overlapping:
            return []
        first = overlapping[0][1]
        rank = Case(
            *[When(field_id=pk, then=Value(n)) for n, (pk, _) in enumerate(overlapping)],
            output_field=IntegerField(),
        )
        keyed = [
            Procedure.objects.filter(part, field_id__in=[pk for pk, _ in overlapping])
            .order_by()
            .annotate(field_rank=rank)
            .values_list("field_rank", "name_key", "id")
            for part in self.parts
        ]
        ids = [
            row[2]
            for row in keyed[0]
            .union(*keyed[1:], all=True)
            .order_by("field_rank", "name_key", "id")[start - first : stop - first]
        ]
        rows = Procedure.objects.for_listing().in_bulk(ids)
        return [rows[pk] for pk in ids]


def level_counts(
    *, on: datetime.date, national: bool = False, levels: Iterable[AuthorityLevel] | None = None
) -> dict[int, int]:
    """How many procedures each level (of ``levels``, default all) handles on ``on`` as a
    source confirms, by level id (``national``: only the national catalogue, not provinces'
    own records)."""
    procedures = Procedure.objects.national() if national else Procedure.objects.all()
    chosen = list(AuthorityLevel.objects.all() if levels is None else levels)
    return {k: n for k, n in confirmed_counts(procedures, on=on, levels=chosen).items() if n}


def delegated_to_local(*, on: datetime.date) -> QuerySet:
    """Delegations in effect on ``on`` that give a procedure to a province or commune level."""
    return (
        Delegation.objects.in_effect(on)
        .filter(to_level__tier__in=[AuthorityLevel.Tier.PROVINCE, AuthorityLevel.Tier.COMMUNE])
        .select_related("procedure", "to_level", "legal_document")
        .only(
            "article", "procedure__name", "procedure__slug", "to_level__short_name",
            "legal_document__number",
        )
        .order_by("to_level__rank", "procedure__name_key", "pk")
    )  # fmt: skip


_ARTICLE_NUMBERS = re.compile(r"\d+")


def article_sort_key(article: str) -> tuple:
    """ "Điều 4 khoản 1" before "Điều 29": compare the numbers, not the text; blanks last."""
    if not article:
        return (1, ())
    return (0, tuple(int(n) for n in _ARTICLE_NUMBERS.findall(article)), article)


@dataclass(frozen=True)
class DocumentArticle:
    """One article of a document as its pages show it: how many delegations it holds and the
    part (``?phan=``) on which it begins."""

    article: str
    count: int
    first_part: int


@dataclass(frozen=True)
class ArticleSection:
    """The delegations of one article shown on a part; ``continued`` when it began on an earlier
    part; ``anchor`` its place in the document's contents (1 for the first article)."""

    article: str
    delegations: list[Delegation]
    continued: bool
    anchor: int


def document_contents(document: LegalDocument, *, per_part: int) -> list[DocumentArticle]:
    """The articles ``document`` delegates under, in the document's order, each with its count
    and the part it begins on, when each part shows ``per_part`` delegations (one query)."""
    rows = document.delegations.order_by().values("article").annotate(count=Count("pk"))
    counts = [(row["article"], row["count"]) for row in rows]
    ordered = sorted(counts, key=lambda item: article_sort_key(item[0]))
    contents, position = [], 0
    for article, count in ordered:
        contents.append(DocumentArticle(article, count, position // per_part + 1))
        position += count
    return contents


def document_articles(
    document: LegalDocument, contents: list[DocumentArticle], *, start: int, stop: int
) -> list[ArticleSection]:
    """What ``document`` delegates from the ``start``-th to the ``stop``-th delegation (0-based,
    ``stop`` excluded) in the document's order: article by article, then by folded procedure
    name (one query, reading only the articles that part overlaps)."""
    overlapping, position = [], 0
    for anchor, entry in enumerate(contents, start=1):
        if position < stop and position + entry.count > start:
            overlapping.append((entry, position, anchor))
        position += entry.count
    if not overlapping:
        return []
    first_position = overlapping[0][1]
    rank = Case(
        *[When(article=entry.article, then=Value(n)) for n, (entry, *_) in enumerate(overlapping)],
        output_field=IntegerField(),
    )
    delegations = (
        document.delegations.filter(article__in=[entry.article for entry, *_ in overlapping])
        .select_related("procedure", "from_level", "to_level")
        .only(
            "article", "kind", "legal_document", "effective_from", "effective_until",
            "procedure__name", "procedure__slug", "from_level__short_name",
            "to_level__short_name",
        )
        .annotate(article_rank=rank)
        .order_by("article_rank", "procedure__name_key", "pk")[
            start - first_position : stop - first_position
        ]
    )  # fmt: skip
    by_article: dict[str, list[Delegation]] = {}
    for delegation in delegations:
        delegation.legal_document = document  # the page's own document: no query per row
        by_article.setdefault(delegation.article, []).append(delegation)
    return [
        ArticleSection(entry.article, by_article[entry.article], begun < start, anchor)
        for entry, begun, anchor in overlapping
        if entry.article in by_article
    ]


def by_procedure(revisions: QuerySet) -> QuerySet:
    """``revisions`` by field, then procedure, then province, with what the edition pages show:
    slugs and folded names, so the order is the same on SQLite and PostgreSQL."""
    return revisions.select_related("guidance__procedure__field", "province").order_by(
        "guidance__procedure__field__slug", "guidance__procedure__name_key", "province__slug"
    )


def edition_guidance(edition: Edition, *, province: Province | None = None) -> list[Revision]:
    """The national revisions frozen in ``edition``, in ``published_guidance``'s order, each with
    ``province_note``: ``province``'s note frozen in the same edition, or None.

    One query, two with a province.
    """
    entries = list(
        edition.revisions.national()
        .select_related("guidance__procedure__field", "guidance__procedure__level")
        .order_by("guidance__procedure__field__slug", "guidance__procedure__name_key")
    )
    notes: dict[int, Revision] = {}
    if province is not None:
        notes = {r.guidance_id: r for r in edition.revisions.filter(province=province)}
    for revision in entries:
        revision.province_note = notes.get(revision.guidance_id)
    return entries


def changes_since(edition: Edition) -> list[dict[str, Any]]:
    """What changed in the national guidance since ``edition``: one row per changed procedure
    (procedure, old and new revision, the major change notes between them), in four queries."""
    then = {r.guidance_id: r for r in edition.revisions.national().defer(*SECTION_FIELDS)}
    now = {r.guidance_id: r for r in Revision.objects.published().national().defer(*SECTION_FIELDS)}
    notes: dict[int, list[Revision]] = {}
    for revision in (
        Revision.objects.ever_published()
        .national()
        .major()
        .filter(published_at__gt=edition.published_at)
        .order_by("published_at")
        .only("guidance_id", "change_note", "published_at")
    ):
        notes.setdefault(revision.guidance_id, []).append(revision)
    changed_ids = {g for g in then.keys() | now.keys() if then.get(g) != now.get(g)}
    procedures = (
        Procedure.objects.filter(guidance__pk__in=changed_ids)
        .select_related("field", "guidance")
        .order_by("field__slug", "name_key")
    )
    return [
        {
            "procedure": procedure,
            "old": then.get(procedure.guidance.pk),
            "new": now.get(procedure.guidance.pk),
            "notes": notes.get(procedure.guidance.pk, []),
        }
        for procedure in procedures
    ]


def published_guidance(procedures: QuerySet) -> QuerySet:
    """Published national revisions of ``procedures``, by field then name, with what print
    shows (a province's note is read on the procedure page by that province's readers).

    Listings sort by slug and folded name: the same alphabetical order on SQLite and PostgreSQL
    whatever the collation ("Cấp" before "Chuyển", "Tần số" before "Tiêu chuẩn").
    """
    return (
        Revision.objects.published()
        .national()
        .filter(guidance__procedure__in=procedures.values("pk"))
        .select_related("guidance__procedure__field", "guidance__procedure__level")
        .order_by("guidance__procedure__field__slug", "guidance__procedure__name_key")
    )
