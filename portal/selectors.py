"""Reads behind the reader's pages: each function returns what one page block shows.

Every function runs a fixed number of queries, whatever the size of the data.
"""

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from delegation.models import (
    Delegation,
    LevelChange,
    Province,
    handler_on,
    procedures_handled_by,
    with_handler,
)
from handbook.models import SECTION_FIELDS, Edition, Revision
from procedures.models import AuthorityLevel, Field, LegalDocument, Procedure, name_key

# A legal basis that stops applying within this many days gets a warning (about six months).
EXPIRY_WARNING_DAYS = 183
RELATED_LIMIT = 8
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


def related_procedures(
    procedure: Procedure, delegations: list[Delegation], *, limit: int = RELATED_LIMIT
) -> list[Procedure]:
    """Procedures delegated on the same basis, then variants of the same procedure (one query).

    Variants are procedures of the same field whose folded name holds the same object after the
    leading verb ("cấp", "cấp lại", "gia hạn", ...); those sharing more words come first.
    """
    same_basis = Q(pk__in=[])
    for d in delegations:
        if d.legal_document_id and d.article:
            same_basis |= Q(legal_document_id=d.legal_document_id, article=d.article)
    phrase = variant_object(procedure.name_key)
    variants = Q(field_id=procedure.field_id, name_key__contains=phrase) if phrase else Q(pk__in=[])
    basis_delegations = Delegation.objects.filter(same_basis)
    candidates = (
        Procedure.objects.for_listing()
        .annotate(
            same_basis=Exists(basis_delegations.filter(procedure_id=OuterRef("pk"))),
        )
        .filter(Q(pk__in=basis_delegations.values("procedure_id")) | variants)
        .exclude(pk=procedure.pk)
        .order_by("-same_basis", "name_key")[:50]
    )
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
        "related": related_procedures(procedure, delegations),
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


def level_field_counts(
    level: AuthorityLevel, *, on: datetime.date, confirmed: bool = True
) -> list[dict]:
    """How many procedures ``level`` handles on ``on`` in each field: name, slug, count (only
    those a source confirms for the day, or with ``confirmed=False`` only the others)."""
    return list(
        procedures_handled_by(level, on=on)
        .filter(handler_confirmed=confirmed)
        .order_by()
        .values("field__name", "field__slug")
        .annotate(count=Count("pk"))
        .order_by("field__slug")
    )


def level_counts(*, on: datetime.date, national: bool = False) -> dict[int, int]:
    """How many procedures each level handles on ``on`` as a source confirms, by level id
    (``national``: only the national catalogue, not provinces' own records)."""
    procedures = Procedure.objects.national() if national else Procedure.objects.all()
    rows = (
        with_handler(procedures, on=on)
        .filter(handler_confirmed=True)
        .order_by()
        .values("handler_level_id")
        .annotate(count=Count("pk"))
    )
    return {row["handler_level_id"]: row["count"] for row in rows if row["handler_level_id"]}


def delegated_to_local(*, on: datetime.date) -> QuerySet:
    """Delegations in effect on ``on`` that give a procedure to a province or commune level."""
    return (
        Delegation.objects.in_effect(on)
        .filter(to_level__tier__in=[AuthorityLevel.Tier.PROVINCE, AuthorityLevel.Tier.COMMUNE])
        .select_related("procedure", "to_level", "legal_document")
        .order_by("to_level__rank", "procedure__name_key")
    )


_ARTICLE_NUMBERS = re.compile(r"\d+")


def article_sort_key(article: str) -> tuple:
    """ "Điều 4 khoản 1" before "Điều 29": compare the numbers, not the text; blanks last."""
    if not article:
        return (1, ())
    return (0, tuple(int(n) for n in _ARTICLE_NUMBERS.findall(article)), article)


def document_articles(document: LegalDocument) -> list[tuple[str, list[Delegation]]]:
    """What ``document`` delegates, article by article in the document's order (one query)."""
    delegations = document.delegations.select_related(
        "procedure", "from_level", "to_level"
    ).order_by("procedure__name_key", "pk")
    articles: dict[str, list[Delegation]] = {}
    for delegation in delegations:
        articles.setdefault(delegation.article, []).append(delegation)
    return sorted(articles.items(), key=lambda item: article_sort_key(item[0]))


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
