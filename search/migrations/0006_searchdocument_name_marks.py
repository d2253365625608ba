"""The punctuation of each name that ranking reads (exclusion clauses, breaks): search/names.py."""

from django.db import migrations, models


def mark(apps, schema_editor):
    from search.names import name_marks

    SearchDocument = apps.get_model("search", "SearchDocument")
    documents = list(SearchDocument.objects.select_related("procedure"))
    for document in documents:
        document.name_marks = name_marks(document.procedure.name)
    SearchDocument.objects.bulk_update(documents, ["name_marks"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("search", "0005_roles")]

    # Added in place: on SQLite, AddField would rebuild the table and lose the trigger that keeps
    # search_fts in step (0002_vendor_indexes).
    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    "ALTER TABLE search_searchdocument "
                    "ADD COLUMN name_marks text NOT NULL DEFAULT ''",
                    "ALTER TABLE search_searchdocument DROP COLUMN name_marks",
                )
            ],
            state_operations=[
                migrations.AddField(
                    model_name="searchdocument",
                    name="name_marks",
                    field=models.TextField(
                        blank=True,
                        help_text=(
                            "e12-20: từ 12 đến 19 của tên nằm trong mệnh đề loại trừ (trừ …); "
                            "b3: dấu câu ngay trước từ 3."
                        ),
                        verbose_name="dấu câu của tên",
                    ),
                )
            ],
        ),
        migrations.RunPython(mark, migrations.RunPython.noop),
    ]
