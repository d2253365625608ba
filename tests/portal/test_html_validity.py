"""Every reader page is valid HTML by the W3C's own checker (issue 14).

The Nu HTML checker (vnu.jar, pinned in package.json, run with Debian's Java; `make test`
installs both) reads each page as the portal sends it: one run for all of them, errors only.
It finds what axe and a browser forgive, such as a ``<time>`` value with microseconds or a
``<div>`` inside a ``<p>``. A missing checker fails the test, it never skips it.
"""

import json
import re
import shutil
import subprocess

import pytest
from django.conf import settings

from procedures.models import LegalDocument, Procedure

VNU = settings.BASE_DIR / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
TELECOM = "1.013899"


MISSING = "the Nu HTML checker needs Java and vnu.jar: run `make test` (it installs both)"


def first_link(client, url: str, pattern: str) -> str | None:
    found = re.search(pattern, client.get(url).content.decode())
    return found.group(0) if found else None


def reader_pages(client) -> dict[str, str]:
    telecom = Procedure.objects.get(code=TELECOM)
    page = telecom.get_absolute_url()
    pages = {
        "home": "/",
        "search results": "/tim-kiem/?q=giay+phep+vien+thong",
        "search with a filter": "/tim-kiem/?q=giay+phep&linhvuc=vien-thong-va-internet",
        "search without results": "/tim-kiem/?q=khongcogicaxyz",
        "procedure": f"{page}?ngay=2026-11-27",
        "procedure on another day": f"{page}?ngay=2025-06-30&tinh=ha-noi",
        "procedure printout": f"{page}ban-in/?ngay=2026-11-27",
        "procedure history": f"{page}lich-su/",
        "level": "/cap/ubnd-tinh/",
        "level on a date": "/cap/bo/?ngay=2025-06-30",
        "commune level": "/cap/ubnd-xa/",
        "field": "/linh-vuc/vien-thong-va-internet/",
        "field printout": "/linh-vuc/vien-thong-va-internet/ban-in/",
        "document": LegalDocument.objects.get(number="133/2025/NĐ-CP").get_absolute_url(),
        "province": "/tinh/ha-noi/",
        "province chooser": "/chon-tinh/",
        "changes": "/cap-nhat/",
        "questions and answers": "/hoi-dap/",
        "online sessions": "/giai-dap-truc-tuyen/",
        "open data": "/du-lieu/",
        "API documentation": "/api/docs",
        "accessibility statement": "/tiep-can/",
        "not found": "/thu-tuc/khong-co/",
        "bad request": "/tim-kiem/?q=giay&ngay=2025-02-30",
    }
    answered = first_link(client, "/hoi-dap/", r"/hoi-dap/\d+/")
    if answered:
        pages["a published answer"] = answered
    session = first_link(client, "/giai-dap-truc-tuyen/", r"/giai-dap-truc-tuyen/\d+/")
    if session:
        pages["an online session"] = session
    return pages


SENTINEL = (
    '<!doctype html><html lang="vi"><head><title>x</title></head><body>'
    '<p><time datetime="2026-11-27T10:00:00.123456+07:00">27/11</time></p></body></html>'
)


def check(java: str, paths: list) -> dict[str, list[str]]:
    """The checker's errors for each of ``paths`` (plain paths: given a file: URI, vnu.jar reads
    nothing and reports no error)."""
    run = subprocess.run(
        [java, "-Xss2m", "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    found: dict[str, list[str]] = {str(path): [] for path in paths}
    for message in json.loads(run.stderr)["messages"]:
        if message.get("type") in ("error", "non-document-error"):
            path = message.get("url", "").removeprefix("file:")
            found.setdefault(path, []).append(
                f"line {message.get('lastLine')}: {message['message']}"
            )
    return found


def test_every_reader_page_is_valid_html(client, tmp_path):
    java = shutil.which("java")
    if java is None or not VNU.exists():
        pytest.fail(MISSING)
    names = {}
    for index, (name, url) in enumerate(reader_pages(client).items()):
        response = client.get(url)
        assert response.status_code in (200, 400, 404), (name, url, response.status_code)
        path = tmp_path / f"{index:02d}.html"
        path.write_bytes(response.content)
        names[str(path)] = f"{name} ({url})"
    # A page known to be invalid, in the same run: the run read the files it was given.
    sentinel = tmp_path / "sentinel.html"
    sentinel.write_text(SENTINEL, encoding="utf-8")
    found = check(java, [*names, sentinel])
    assert any("fraction of a second" in error for error in found.pop(str(sentinel)))
    errors = [f"{names.get(path, path)}, {e}" for path, listed in found.items() for e in listed]
    assert errors == [], "\n".join(errors)
    assert len(names) >= 24


def test_the_checker_finds_what_this_test_is_for(tmp_path):
    """The run above would pass if the checker read nothing: show that it refuses a bad page."""
    java = shutil.which("java")
    if java is None or not VNU.exists():
        pytest.fail(MISSING)
    bad = tmp_path / "bad.html"
    bad.write_text(SENTINEL, encoding="utf-8")
    errors = check(java, [bad])[str(bad)]
    assert any("fraction of a second" in error for error in errors), errors
