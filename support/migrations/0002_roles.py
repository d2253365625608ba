"""Grant the roles the support permissions (record visits, read every province, handle one's own
province, set proficiency, answer concerns, practise); accounts.roles.ROLE_PERMISSIONS says who."""

from django.db import migrations

from accounts.roles import sync_roles


def grant(apps, schema_editor):
    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_roles_question_permissions"),
        ("questions", "0003_question_permissions"),
        ("support", "0001_initial"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
