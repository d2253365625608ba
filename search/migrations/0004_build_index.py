"""Index the procedures a database already holds (later changes refresh it as they happen)."""

from django.db import migrations


def build(apps, schema_editor):
    from search.indexing import rebuild

    rebuild(apps=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_seed_synonyms"),
        ("handbook", "0001_initial"),
        ("delegation", "0001_initial"),
        ("procedures", "0001_initial"),
    ]

    operations = [migrations.RunPython(build, migrations.RunPython.noop)]
