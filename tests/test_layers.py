"""The arrows between apps: each imports only the apps below it, and no app calls a command of
an app above it (the set-up command, above every app, calls theirs)."""

import ast

import pytest
from django.conf import settings
from django.core.management import get_commands

PROJECT_APPS = [
    "accounts",
    "procedures",
    "delegation",
    "handbook",
    "search",
    "portal",
    "questions",
    "importer",
    "support",
    "site_setup",
]
# The project apps each of these may import (the others' arrows are not checked here).
MAY_IMPORT = {
    "procedures": set(),
    "delegation": {"procedures"},
    "handbook": {"procedures", "delegation", "accounts"},
    "importer": {"procedures", "delegation"},
    # Above handbook, delegation and questions (their ministry units), below portal.
    "support": {"procedures", "delegation", "accounts", "handbook", "questions"},
}
TOP = "site_setup"


def modules(app: str):
    for path in sorted((settings.BASE_DIR / app).rglob("*.py")):
        yield path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def imported_apps(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names & set(PROJECT_APPS)


def called_commands(tree: ast.AST) -> set[str]:
    return {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", getattr(node.func, "attr", None)) == "call_command"
        and node.args
        and isinstance(node.args[0], ast.Constant)
    }


@pytest.mark.parametrize("app", sorted(MAY_IMPORT))
def test_an_app_imports_only_the_apps_below_it(app):
    for path, tree in modules(app):
        assert imported_apps(tree) - {app} <= MAY_IMPORT[app], path


@pytest.mark.parametrize("app", [a for a in PROJECT_APPS if a not in ("importer", TOP)])
def test_no_app_imports_the_importer_or_the_set_up(app):
    for path, tree in modules(app):
        assert not imported_apps(tree) & {"importer", TOP}, path


def test_the_commands_live_in_the_apps_that_may_call_them():
    commands = get_commands()
    assert commands["load_initial_data"] == TOP
    assert commands["import_procedures"] == "importer"
    assert commands["load_questions"] == "questions"
    assert settings.INSTALLED_APPS[-1] == TOP


@pytest.mark.parametrize("app", PROJECT_APPS)
def test_only_the_set_up_calls_the_commands_of_other_apps(app):
    commands = get_commands()
    for path, tree in modules(app):
        for name in called_commands(tree):
            owner = commands[name]
            assert owner == app or owner.startswith("django") or app == TOP, (path, name)
