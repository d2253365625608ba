"""Grant the roles their permissions on the question models (accounts.roles.ROLE_PERMISSIONS)."""

from django.db import migrations

from accounts.roles import sync_roles


def grant(apps, schema_editor):
    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("questions", "0001_initial"),
        ("accounts", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
