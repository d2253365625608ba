"""Indexes each database needs for search.

PostgreSQL: pg_trgm, GIN indexes on the weighted vectors, trigram indexes on the names
(nearest names when nothing matches) and on the vocabulary (typos). SQLite: an FTS5 table with
the same parts, and a trigger that drops a document's row when the document goes.
"""

from django.db import migrations

POSTGRESQL = [
    # Other apps may use the extension too: it is never dropped.
    ("CREATE EXTENSION IF NOT EXISTS pg_trgm", "SELECT 1"),
    *(
        (
            f"CREATE INDEX search_document_{column} ON search_searchdocument USING gin ({column})",
            f"DROP INDEX IF EXISTS search_document_{column}",
        )
        for column in ("document_vector", "name_vector", "guidance_vector", "citation_vector")
    ),
    (
        "CREATE INDEX search_document_name_trgm ON search_searchdocument "
        "USING gin (name gin_trgm_ops)",
        "DROP INDEX IF EXISTS search_document_name_trgm",
    ),
    (
        "CREATE INDEX search_indexword_trgm ON search_indexword USING gin (word gin_trgm_ops)",
        "DROP INDEX IF EXISTS search_indexword_trgm",
    ),
]

SQLITE = [
    (
        "CREATE VIRTUAL TABLE search_fts USING fts5(name, guidance, record, citations, "
        "tokenize='unicode61', prefix='1 2 3')",
        "DROP TABLE IF EXISTS search_fts",
    ),
    # search.indexing writes the table; a procedure deleted (and its document with it by
    # cascade) leaves it here.
    (
        "CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchdocument BEGIN "
        "DELETE FROM search_fts WHERE rowid = old.procedure_id; END",
        "DROP TRIGGER IF EXISTS search_fts_delete",
    ),
]


def statements(schema_editor):
    return {"postgresql": POSTGRESQL, "sqlite": SQLITE}.get(schema_editor.connection.vendor, [])


def forwards(apps, schema_editor):
    for create, _drop in statements(schema_editor):
        schema_editor.execute(create)


def backwards(apps, schema_editor):
    for _create, drop in reversed(statements(schema_editor)):
        schema_editor.execute(drop)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
