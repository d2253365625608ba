"""Index the procedures a database already holds (later changes refresh it as they happen)."""

from django.db import migrations


def build(apps, schema_editor):
    from search.indexing import rebuild

    rebuild(apps=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_seed_synonyms"),
        # The indexer reads Revision.province (only national guidance is indexed).
        ("handbook", "0002_publishing_workflow"),
        ("delegation", "0001_initial"),
        ("procedures", "0001_initial"),
    ]

    operations = [migrations.RunPython(build, migrations.RunPython.noop)]
