"""The roles of the portal, as auth groups, and the permissions each one holds.

``sync_roles`` creates the groups and grants exactly these permissions. The data migrations call
it (with the historical models) and so does ``load_initial_data``, so a database that was
flushed, or that predates a new permission, is brought back in line.
"""

from django.utils.translation import gettext_lazy as _

MINISTRY_STAFF = "Cán bộ Bộ"
MINISTRY_EDITOR = "Biên tập viên Bộ"
DEPARTMENT_STAFF = "Cán bộ Sở"
COMMUNE_OFFICIAL = "Cán bộ cấp xã"

ROLE_LABELS = {
    MINISTRY_STAFF: _("Cán bộ Bộ: biên tập, duyệt, xuất bản, lên lịch và rút hướng dẫn"),
    MINISTRY_EDITOR: _("Biên tập viên Bộ: sửa mọi bản nháp, duyệt và trả lại; không xuất bản"),
    DEPARTMENT_STAFF: _("Cán bộ Sở: soạn bản nháp hướng dẫn và ghi chú của tỉnh mình, gửi duyệt"),
    COMMUNE_OFFICIAL: _("Cán bộ cấp xã: tra cứu, đặt câu hỏi"),
}

# The history of handbook content (django-simple-history), read by ministry staff only.
HANDBOOK_HISTORY = [
    ("handbook", "historicalrevision", ["view"]),
    ("handbook", "historicalguidance", ["view"]),
    ("handbook", "historicaledition", ["view"]),
]

# role -> [(app label, model, [actions])]; "publish" and "review" are custom handbook permissions
# (publish_revision: publish, schedule, withdraw; review_revision: edit any draft, send back).
ROLE_PERMISSIONS = {
    MINISTRY_STAFF: [
        ("handbook", "guidance", ["add", "change", "view"]),
        ("handbook", "revision", ["add", "change", "view", "publish", "review"]),
        ("handbook", "revisioninreview", ["view", "change"]),
        ("handbook", "edition", ["add", "view"]),
        *HANDBOOK_HISTORY,
        ("procedures", "procedure", ["add", "change", "view"]),
        ("procedures", "field", ["view"]),
        ("procedures", "legaldocument", ["add", "change", "view"]),
        ("procedures", "authoritylevel", ["view"]),
        ("delegation", "delegation", ["add", "change", "view"]),
        ("delegation", "province", ["view"]),
        ("questions", "question", ["view"]),
        ("questions", "ministryunit", ["add", "change", "view"]),
        ("questions", "holiday", ["add", "change", "delete", "view"]),
        ("questions", "onlinesession", ["add", "change", "view"]),
        ("questions", "sessionmaterial", ["add", "change", "delete", "view"]),
        ("search", "synonym", ["add", "change", "delete", "view"]),
    ],
    MINISTRY_EDITOR: [
        ("handbook", "guidance", ["add", "change", "view"]),
        ("handbook", "revision", ["add", "change", "view", "review"]),
        ("handbook", "revisioninreview", ["view", "change"]),
        ("handbook", "edition", ["view"]),
        *HANDBOOK_HISTORY,
        ("procedures", "procedure", ["view"]),
        ("procedures", "field", ["view"]),
        ("procedures", "legaldocument", ["view"]),
        ("procedures", "authoritylevel", ["view"]),
        ("delegation", "delegation", ["view"]),
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


def _codename(action: str, model: str) -> str:
    return f"{action}_revision" if action in ("publish", "review") else f"{action}_{model}"


def _model_exists(apps, app_label: str, model: str) -> bool:
    """False for a model a later migration creates: its own migration grants it then."""
    try:
        apps.get_model(app_label, model)
    except LookupError:
        return False
    return True


def sync_roles(apps=None) -> None:
    """Create the role groups and set their permissions to exactly ROLE_PERMISSIONS.

    Called from a data migration with its historical ``apps``, models that do not exist yet at
    that point are left out; the later migration that calls it again grants them.
    """
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    apps = apps or global_apps
    labels = {
        app_label
        for grants in ROLE_PERMISSIONS.values()
        for app_label, model, _actions in grants
        if _model_exists(apps, app_label, model)
    }
    for app_label in sorted(labels):
        app_config = apps.get_app_config(app_label)
        if getattr(app_config, "models_module", None) is None:
            app_config.models_module = True  # historical app configs: let create_permissions run
        create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, grants in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        wanted = [
            Permission.objects.get(content_type__app_label=app_label, codename=_codename(a, model))
            for app_label, model, actions in grants
            if _model_exists(apps, app_label, model)
            for a in actions
        ]
        group.permissions.set(wanted)
