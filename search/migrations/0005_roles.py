"""Let ministry staff edit the abbreviation table (accounts.roles.ROLE_PERMISSIONS)."""

from django.db import migrations

from accounts.roles import sync_roles


def grant(apps, schema_editor):
    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0004_build_index"),
        ("accounts", "0003_roles_publishing"),
        ("questions", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
