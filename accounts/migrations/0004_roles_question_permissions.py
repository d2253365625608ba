"""Grant the roles the question permissions (ask, handle a province's questions, answer escalated
ones, publish) that replace the checks by group name; accounts.roles.ROLE_PERMISSIONS says who."""

from django.db import migrations

from accounts.roles import sync_roles


def grant(apps, schema_editor):
    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_roles_publishing"),
        ("questions", "0003_question_permissions"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
