"""The roles of the portal, as auth groups, and the permissions each one holds.

The code never asks for a group by name: it asks ``user.has_perm(...)`` (handbook.workflow,
questions.workflow), so a user holds a role's rights through the role's group or through the
permissions themselves, and a group without a permission grants nothing of it.

``sync_roles`` creates the groups and grants exactly these permissions. The data migrations call
it (with the historical models) and so does ``load_initial_data``, so a database that was
flushed, or that predates a new permission, is brought back in line.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
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

DEFAULT_ACTIONS = ("add", "change", "delete", "view")

# The history of handbook content (django-simple-history), read by ministry staff only.
HANDBOOK_HISTORY = [
    ("handbook", "historicalrevision", ["view"]),
    ("handbook", "historicalguidance", ["view"]),
    ("handbook", "historicaledition", ["view"]),
]

# Support for localities (support.workflow checks the custom ones): the ministry records visits,
# events and assessments for every province, answers concerns and reads the history.
SUPPORT_MINISTRY = [
    ("support", "trainingevent", ["add", "change", "view"]),
    ("support", "attendance", ["add", "change", "delete", "view"]),
    ("support", "fieldvisit", ["add", "change", "view", "record_visit", "view_readiness"]),
    ("support", "assessment", ["add", "change", "view"]),
    ("support", "trialdossier", ["add", "change", "view"]),
    ("support", "followup", ["add", "change", "view"]),
    ("support", "proficiency", ["add", "change", "view", "set_proficiency"]),
    ("support", "concern", ["view", "change", "answer_concern"]),
    ("support", "practiceattempt", ["view"]),
    ("support", "historicalproficiency", ["view"]),
    ("support", "historicalfollowup", ["view"]),
    ("support", "historicalconcern", ["view"]),
]

# role -> [(app label, model, [actions])]. An action is one of DEFAULT_ACTIONS ("view" is
# view_<model>) or a custom permission's codename (the model's Meta.permissions says what it
# allows; handbook.workflow and questions.workflow check them).
ROLE_PERMISSIONS = {
    MINISTRY_STAFF: [
        ("handbook", "guidance", ["add", "change", "view"]),
        (
            "handbook",
            "revision",
            ["add", "change", "view", "publish_revision", "review_revision"],
        ),
        ("handbook", "revisioninreview", ["view", "change"]),
        ("handbook", "edition", ["add", "view"]),
        *HANDBOOK_HISTORY,
        ("procedures", "procedure", ["add", "change", "view"]),
        ("procedures", "field", ["view"]),
        ("procedures", "legaldocument", ["add", "change", "view"]),
        ("procedures", "authoritylevel", ["view"]),
        ("delegation", "delegation", ["add", "change", "view"]),
        ("delegation", "province", ["view"]),
        # view_question: every province's questions and the dashboard.
        ("questions", "question", ["view", "answer_escalated", "publish_question"]),
        ("questions", "ministryunit", ["add", "change", "view"]),
        ("questions", "holiday", ["add", "change", "delete", "view"]),
        ("questions", "onlinesession", ["add", "change", "view"]),
        ("questions", "sessionmaterial", ["add", "change", "delete", "view"]),
        ("search", "synonym", ["add", "change", "delete", "view"]),
        *SUPPORT_MINISTRY,
    ],
    MINISTRY_EDITOR: [
        ("handbook", "guidance", ["add", "change", "view"]),
        ("handbook", "revision", ["add", "change", "view", "review_revision"]),
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
        ("questions", "question", ["ask_question", "handle_province_questions"]),
        ("support", "followup", ["handle_province_support"]),
        ("support", "proficiency", ["set_proficiency", "practise"]),
    ],
    COMMUNE_OFFICIAL: [
        ("questions", "question", ["ask_question"]),
        ("support", "proficiency", ["practise"]),
    ],
}


def _codename(action: str, model: str) -> str:
    return f"{action}_{model}" if action in DEFAULT_ACTIONS else action


def _declared(apps, app_label: str, model: str) -> set[str]:
    """The codenames of the permissions ``model`` has at this point of the migrations; none for
    a model a later migration creates (that migration, or a later one, grants them)."""
    try:
        meta = apps.get_model(app_label, model)._meta
    except LookupError:
        return set()
    defaults = {f"{action}_{meta.model_name}" for action in meta.default_permissions}
    return defaults | {codename for codename, _name in meta.permissions}


def _wanted(apps, grants, *, historical: bool) -> list[tuple[str, str]]:
    """(app label, codename) of each grant that exists in ``apps``. With the current models a
    missing one is a mistake in ROLE_PERMISSIONS and raises LookupError."""
    wanted = []
    for app_label, model, actions in grants:
        declared = _declared(apps, app_label, model)
        for action in actions:
            codename = _codename(action, model)
            if codename in declared:
                wanted.append((app_label, codename))
            elif not historical:
                raise LookupError(f"{app_label}.{model} has no permission {codename}")
    return wanted


def sync_roles(apps=None) -> None:
    """Create the role groups and set their permissions to exactly ROLE_PERMISSIONS.

    Called from a data migration with its historical ``apps``, the models and permissions that
    do not exist yet at that point are left out; the later migration that calls it again grants
    them.
    """
    historical = apps is not None and apps is not global_apps
    apps = apps or global_apps
    labels = {
        app_label
        for grants in ROLE_PERMISSIONS.values()
        for app_label, model, _actions in grants
        if _declared(apps, app_label, model)
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
        group.permissions.set(
            [
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
                for app_label, codename in _wanted(apps, grants, historical=historical)
            ]
        )
