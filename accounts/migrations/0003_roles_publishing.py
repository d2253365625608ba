"""The publishing roles: the ministry editor group, and review/publish/history permissions."""

from django.db import migrations

from accounts.roles import MINISTRY_EDITOR, sync_roles


def update_roles(apps, schema_editor):
    sync_roles(apps)


def remove_editor(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=MINISTRY_EDITOR).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_roles"),
        ("handbook", "0002_publishing_workflow"),
    ]

    operations = [migrations.RunPython(update_roles, remove_editor)]
