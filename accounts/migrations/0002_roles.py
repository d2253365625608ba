"""Create the role groups and their permissions (never by hand in the admin)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MINISTRY_STAFF = "Cán bộ Bộ"
DEPARTMENT_STAFF = "Cán bộ Sở"
COMMUNE_OFFICIAL = "Cán bộ cấp xã"

ROLE_PERMISSIONS = {
    MINISTRY_STAFF: [
        ("handbook", "guidance", ["add", "change", "view"]),
        ("handbook", "revision", ["add", "change", "view"]),
        ("handbook", "revision", ["publish"]),
        ("procedures", "procedure", ["add", "change", "view"]),
        ("procedures", "field", ["view"]),
        ("procedures", "legaldocument", ["add", "change", "view"]),
        ("procedures", "authoritylevel", ["view"]),
        ("delegation", "delegation", ["add", "change", "view"]),
        ("delegation", "province", ["view"]),
    ],
    DEPARTMENT_STAFF: [
        ("handbook", "guidance", ["add", "view"]),
        ("handbook", "revision", ["add", "change", "view"]),
        ("procedures", "procedure", ["view"]),
        ("procedures", "field", ["view"]),
        ("procedures", "legaldocument", ["view"]),
        ("procedures", "authoritylevel", ["view"]),
        ("delegation", "delegation", ["view"]),
        ("delegation", "province", ["view"]),
    ],
    COMMUNE_OFFICIAL: [],
}


def codename(action, model):
    return "publish_revision" if action == "publish" else f"{action}_{model}"


def create_roles(apps, schema_editor):
    for app_label in ("handbook", "procedures", "delegation"):
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, grants in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        for app_label, model, actions in grants:
            for action in actions:
                group.permissions.add(
                    Permission.objects.get(
                        content_type__app_label=app_label, codename=codename(action, model)
                    )
                )


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
