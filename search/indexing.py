"""Keeping the search index in step with the procedures and their published guidance.

``refresh_procedures(ids)`` rewrites the search documents of those procedures (and drops those
whose procedure is gone) and adds new words to the vocabulary; ``rebuild()`` rewrites them all
and recounts in how many procedures each word appears (word weights drift a little between
rebuilds: refreshes only add words). ``refresh_procedures`` runs on the ``procedures_changed``
signal (search/apps.py), which the services of procedures and delegations send once their
write commits (the admin and the importer call them), and the handbook's publishing services
send within theirs; ``rebuild`` is run by ``manage.py rebuild_search_index`` and the
migration that creates the index. The documents hold the citation tokens of each procedure's
legal bases and delegations; handling levels and delegation kinds are read live.
"""

from collections import Counter
from collections.abc import Iterable

from django.apps import apps as global_apps
from django.db import connection, transaction

from procedures.models import Procedure
from procedures.text import search_exact, search_form
from search.names import name_marks
from search.query import article_tokens

CHUNK = 1000
IN_FORCE = Procedure.IN_FORCE_STATUSES  # (TextChoices members are plain strings)
OUT_OF_FORCE_OFFSET = 1000

# The record's sections that are searched (weight D), besides dossier items, forms and bases.
RECORD_TEXT = [
    "agency",
    "competent_authority",
    "receiving_address",
    "steps",
    "channels",
    "subjects",
    "result",
    "fees",
    "requirements",
    "time_limit_text",
    "decision",
    "level_text",
]
# handbook.models.CONTENT_FIELDS, spelled out: the migration that builds the index runs this
# with the Revision of its time, which a section added later would not have. A test keeps the
# two lists equal, so that a new section is searched.
GUIDANCE_TEXT = [
    "summary",
    "receiving_deciding",
    "jurisdiction",
    "dossier_checklist",
    "clock",
    "refusal",
    "after_decision",
    "channels",
    "currency",
    "common_errors",
    "notes",
]


def document_parts(procedure, revision) -> dict[str, str]:
    """The search forms of one procedure: name (A), field (B), guidance (C), record (D)."""
    record = [getattr(procedure, attr) for attr in RECORD_TEXT]
    record += [item.get("name", "") for item in procedure.dossier if isinstance(item, dict)]
    record += [*procedure.forms, *procedure.legal_basis]
    guidance = [getattr(revision, attr) for attr in GUIDANCE_TEXT] if revision else []
    return {
        "name": search_form(procedure.name),
        "field": search_form(procedure.field.name),
        "guidance": search_form("\n".join(guidance)),
        "record": search_form("\n".join(record)),
    }


def sort_key(name: str, status: str) -> int:
    """Order for queries with too many matches to rank: in force first, then shorter names."""
    return min(len(name.split()), OUT_OF_FORCE_OFFSET - 1) + (
        0 if status in IN_FORCE else OUT_OF_FORCE_OFFSET
    )


def refresh_procedures(ids: Iterable[int]) -> None:
    """Rewrite the search documents of procedures ``ids``; those deleted lose theirs."""
    ids = sorted(set(ids))
    with transaction.atomic():
        for start in range(0, len(ids), CHUNK):
            _add_words(*_refresh(global_apps, ids[start : start + CHUNK]))


def rebuild(*, apps=global_apps) -> int:
    """Rewrite every search document and recount the vocabulary; return how many were written.

    ``apps`` is the model registry (a migration passes its historical one).
    """
    Procedure = apps.get_model("procedures", "Procedure")
    IndexWord = apps.get_model("search", "IndexWord")
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("TRUNCATE search_searchdocument")
        else:
            apps.get_model("search", "SearchDocument").objects.all().delete()  # and FTS rows
        # Written in index order (see SearchDocument.sort_key): a PostgreSQL scan that stops
        # early then meets the procedures in force with the shortest names first.
        keys = Procedure.objects.values_list("pk", "name", "status")
        ids = [pk for _key, pk in sorted((sort_key(search_form(n), s), pk) for pk, n, s in keys)]
        anywhere: Counter[str] = Counter()
        in_names: Counter[str] = Counter()
        for start in range(0, len(ids), CHUNK):
            chunk_anywhere, chunk_names = _refresh(apps, ids[start : start + CHUNK])
            anywhere.update(chunk_anywhere)
            in_names.update(chunk_names)
        IndexWord.objects.all().delete()
        IndexWord.objects.bulk_create(
            [
                IndexWord(word=w, frequency=n, name_frequency=in_names[w])
                for w, n in anywhere.items()
            ],
            batch_size=CHUNK,
        )
        if connection.vendor == "postgresql":
            _settle_postgresql()
    return len(ids)


def _settle_postgresql() -> None:
    """After a bulk write: merge the GIN indexes' pending lists and refresh the statistics.

    GIN indexes queue new entries in a pending list that every query reads in full until
    (auto)vacuum merges it; after a rebuild of 100,000 documents that made a citation look-up
    11 ms instead of 2.5 ms (bench/search.py). Stale statistics also made the planner pick the
    trigram index for exact word look-ups. Both calls work inside a transaction, unlike VACUUM.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT gin_clean_pending_list(i.indexrelid) FROM pg_index i "
            "JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam "
            "WHERE a.amname = 'gin' AND i.indrelid IN "
            "('search_searchdocument'::regclass, 'search_indexword'::regclass)"
        )
        cursor.execute("ANALYZE search_searchdocument, search_indexword")


def citation_tokens(apps, ids: list[int]) -> dict[int, str]:
    """Procedure id -> its citation tokens (see SearchDocument.citations)."""
    Delegation = apps.get_model("delegation", "Delegation")
    through = apps.get_model("procedures", "Procedure").legal_documents.through
    tokens: dict[int, set[str]] = {}
    delegations = Delegation.objects.filter(procedure_id__in=ids, legal_document__isnull=False)
    for pk, document, article in delegations.values_list(
        "procedure_id", "legal_document_id", "article"
    ):
        tokens.setdefault(pk, set()).update(
            [f"d{document}", *(f"d{document}{token}" for token in article_tokens(article))]
        )
    for pk, document in through.objects.filter(procedure_id__in=ids).values_list(
        "procedure_id", "legaldocument_id"
    ):
        tokens.setdefault(pk, set()).add(f"c{document}")
    return {pk: " ".join(sorted(found)) for pk, found in tokens.items()}


def _refresh(apps, ids: list[int]) -> tuple[Counter[str], Counter[str]]:
    """Rewrite the documents of ``ids``; return in how many of them each word appears
    (anywhere, and in the name or field)."""
    Procedure = apps.get_model("procedures", "Procedure")
    Revision = apps.get_model("handbook", "Revision")
    SearchDocument = apps.get_model("search", "SearchDocument")
    # The national guidance; a province's note is read on the procedure page, not searched.
    published = Revision.objects.filter(
        guidance__procedure_id__in=ids, status="published", province__isnull=True
    )
    revisions = {r.guidance.procedure_id: r for r in published.select_related("guidance")}
    citations = citation_tokens(apps, ids)
    rows = []
    anywhere: Counter[str] = Counter()
    in_names: Counter[str] = Counter()
    for procedure in Procedure.objects.filter(pk__in=ids).select_related("field"):
        parts = document_parts(procedure, revisions.get(procedure.pk))
        rows.append((procedure, {**parts, "citations": citations.get(procedure.pk, "")}))
        anywhere.update({w[:100] for w in " ".join(parts.values()).split()})
        in_names.update({w[:100] for w in f"{parts['name']} {parts['field']}".split()})
    rows.sort(key=lambda row: (sort_key(row[1]["name"], row[0].status), row[0].pk))
    SearchDocument.objects.filter(procedure_id__in=ids).delete()
    # The migration that first builds the index (0004) runs before the name's marks exist.
    marked = any(f.name == "name_marks" for f in SearchDocument._meta.concrete_fields)
    if connection.vendor == "postgresql":
        _insert_postgresql(rows, marked=marked)
    else:
        SearchDocument.objects.bulk_create(
            [
                SearchDocument(
                    procedure_id=procedure.pk,
                    name=parts["name"],
                    name_exact=search_exact(procedure.name),
                    sort_key=sort_key(parts["name"], procedure.status),
                    citations=parts["citations"],
                    **({"name_marks": name_marks(procedure.name)} if marked else {}),
                )
                for procedure, parts in rows
            ]
        )
        _insert_sqlite(rows)
    return anywhere, in_names


def _add_words(anywhere: Counter[str], in_names: Counter[str]) -> None:
    """New words join the vocabulary; the counts of known ones wait for the next rebuild."""
    IndexWord = global_apps.get_model("search", "IndexWord")
    known = dict(
        IndexWord.objects.filter(word__in=list(in_names)).values_list("word", "name_frequency")
    )
    # A known word seen in a name for the first time must be marked as a name word.
    IndexWord.objects.filter(word__in=[w for w, n in known.items() if n == 0]).update(
        name_frequency=1
    )
    IndexWord.objects.bulk_create(
        [IndexWord(word=w, frequency=n, name_frequency=in_names[w]) for w, n in anywhere.items()],
        ignore_conflicts=True,
    )


def _insert_postgresql(rows, *, marked: bool) -> None:
    if not rows:
        return
    values = ", ".join(["(%s, %s, %s, %s, %s, %s, %s, %s, %s)"] * len(rows))
    params = []
    for procedure, parts in rows:
        params += [
            procedure.pk,
            parts["name"],
            search_exact(procedure.name),
            name_marks(procedure.name) if marked else "",
            sort_key(parts["name"], procedure.status),
            parts["field"],
            parts["guidance"],
            parts["record"],
            parts["citations"],
        ]
    marks = "name_marks, " if marked else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO search_searchdocument (
                procedure_id, name, name_exact, {marks}sort_key, citations,
                document_vector, name_vector, guidance_vector, citation_vector
            )
            SELECT id, name, name_exact, {marks}sort_key, citations,
                name_vector || guidance_vector || setweight(to_tsvector('simple', record), 'D'),
                name_vector, guidance_vector, to_tsvector('simple', citations)
            FROM (
                SELECT v.*,
                    setweight(to_tsvector('simple', v.name), 'A')
                        || setweight(to_tsvector('simple', v.field), 'B') AS name_vector,
                    setweight(to_tsvector('simple', v.guidance), 'C') AS guidance_vector
                FROM (VALUES {values})
                    AS v(
                        id, name, name_exact, name_marks, sort_key, field, guidance, record,
                        citations
                    )
            ) AS parts
            """,
            params,
        )


def _insert_sqlite(rows) -> None:
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO search_fts (rowid, name, guidance, record, citations) "
            "VALUES (%s, %s, %s, %s, %s)",
            [
                (
                    p.pk,
                    f"{parts['name']}\n{parts['field']}",
                    parts["guidance"],
                    parts["record"],
                    parts["citations"],
                )
                for p, parts in rows
            ],
        )
