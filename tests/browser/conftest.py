"""Browser tests: Playwright (Python) driving Debian's Chromium against a live server.

Chromium comes from the system (``/usr/bin/chromium``, or ``CHROMIUM_PATH``); Playwright never
downloads a browser. A missing browser fails the run, it is never skipped. axe-core comes from
``node_modules`` (pinned in package.json) and is injected into the page under test.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

# Playwright's sync API runs an event loop in this thread; the live server's ORM calls happen in
# its own thread, and the test's own ORM calls are synchronous. Tell Django that is intended.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def browser_environment() -> dict[str, str]:
    """The environment Chromium starts with: this one, without libfaketime.

    CI runs the suite once more under faketime (.ci/run); Chromium hangs when libfaketime is
    preloaded, and the browser's own clock decides nothing the tests check (the server's does).
    """
    return {
        name: value
        for name, value in os.environ.items()
        if name != "LD_PRELOAD" and not name.startswith("FAKETIME")
    }


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            # A live server needs committed data, so these tests flush the database afterwards.
            # (serialized_rollback cannot help: once Playwright's event loop runs in this thread,
            # Django's connections are context-local and the serialized copy is not found.)
            item.add_marker(pytest.mark.django_db(transaction=True))


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium (see .ci/run)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            env=browser_environment(),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def site(live_server):
    """A live server with the project's fixtures, roles and demo accounts (no national records).

    Browser tests run after the database tests (pytest-django orders transactional tests last)
    and each loads the fixtures again, because the previous one was flushed away.
    """
    with open(os.devnull, "w") as devnull:
        call_command(
            "load_initial_data", "--no-reference", "--demo-accounts", verbosity=0, stdout=devnull
        )
    return live_server


@pytest.fixture
def axe_violations():
    """Run axe-core (WCAG 2.1 A and AA) in ``page``; return the violations as readable lines."""
    if not AXE.exists():
        pytest.fail(f"{AXE} not found: run `npm ci` (see .ci/run)")

    def run(page):
        # Evaluated through the DevTools protocol, not added as an inline <script>: the pages'
        # Content-Security-Policy refuses inline scripts, as it should.
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;0")
        result = page.evaluate(
            "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
            AXE_TAGS,
        )
        return [
            f"{v['id']} ({v['impact']}): {v['help']} -> "
            + ", ".join(node["target"][0] for node in v["nodes"][:5])
            for v in result["violations"]
        ]

    return run


def login(page, base_url: str, username: str, password: str = "camnang-demo-2025") -> None:
    """Sign in through the admin login form."""
    page.goto(f"{base_url}/quan-tri/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
