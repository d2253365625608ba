"""Vietnamese by default, English through the switch; the committed catalogue is current."""

import gettext
import re
from pathlib import Path

from django.conf import settings
from django.test import Client

from procedures.models import Procedure

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"


def test_vietnamese_by_default_even_for_a_browser_that_asks_for_english(client):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="vi">' in html and "Tra cứu thủ tục được phân cấp, phân quyền" in html


def test_an_unknown_language_cookie_falls_back_to_vietnamese(client):
    client.cookies["django_language"] = "fr"
    assert '<html lang="vi">' in client.get("/").content.decode()


def test_the_language_switch_turns_the_pages_into_english():
    client = Client(enforce_csrf_checks=True)  # the switch needs no CSRF token
    procedure = Procedure.objects.exclude(guidance=None).first()
    response = client.post(
        "/i18n/setlang/", {"language": "en", "next": procedure.get_absolute_url()}
    )
    assert response.status_code == 302 and response["Location"] == procedure.get_absolute_url()
    html = client.get(procedure.get_absolute_url()).content.decode()
    assert '<html lang="en">' in html
    assert "Operational guidance" in html and "Procedure record" in html
    assert "Who receives, who decides" in html  # the handbook's section headings too
    assert "Hướng dẫn nghiệp vụ" not in html


def test_each_language_is_named_in_itself(client):
    html = client.get("/").content.decode()
    assert '<option value="vi" lang="vi" selected>Tiếng Việt</option>' in html
    assert '<option value="en" lang="en">English</option>' in html


def read_po(path: Path) -> dict:
    """msgid (or (msgid, n) for plurals) -> msgstr, skipping fuzzy and untranslated entries."""
    entries, entry, key, fuzzy = {}, {}, None, False

    def flush():
        if entry.get("msgid") and not fuzzy:
            for name, value in entry.items():
                if name.startswith("msgstr") and value:
                    index = re.search(r"\[(\d)\]", name)
                    entries[(entry["msgid"], int(index.group(1))) if index else entry["msgid"]] = (
                        value
                    )

    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            flush()
            entry, key, fuzzy = {}, None, False
        elif line.startswith("#,"):
            fuzzy = "fuzzy" in line
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[key] += line[1:-1].encode().decode("unicode_escape").encode("latin-1").decode()
        else:
            key, value = line.split(" ", 1)
            entry[key] = value[1:-1].encode().decode("unicode_escape").encode("latin-1").decode()
    return entries


def test_the_committed_mo_matches_the_po():
    """CI compiles nothing: django.mo must be recompiled whenever django.po changes."""
    po = read_po(CATALOGUE / "django.po")
    with open(CATALOGUE / "django.mo", "rb") as f:
        mo = gettext.GNUTranslations(f)
    assert len(po) > 300
    for key, text in po.items():
        if isinstance(key, tuple):
            msgid, index = key
            assert mo.ngettext(msgid, msgid, 1 if index == 0 else 2) == text, key
        else:
            assert mo.gettext(key) == text, key
