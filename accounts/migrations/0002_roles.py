"""Create the role groups and their permissions (never by hand in the admin)."""

from django.db import migrations

from accounts.roles import COMMUNE_OFFICIAL, DEPARTMENT_STAFF, MINISTRY_STAFF, sync_roles


def create_roles(apps, schema_editor):
    sync_roles(apps)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(
        name__in=[MINISTRY_STAFF, DEPARTMENT_STAFF, COMMUNE_OFFICIAL]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("handbook", "0001_initial"),
        ("procedures", "0001_initial"),
        ("delegation", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
