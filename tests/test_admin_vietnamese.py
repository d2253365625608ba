"""The admin speaks Vietnamese only (issue 14): its users are civil servants, and screen readers
read hidden headers and labels aloud ("Model name", "Toggle theme" were English).

Every page of every registered model a superuser can open (index, lists, add forms, one change
form each) is read as a person or a screen reader would: the text, and the aria-label, title,
placeholder and alt attributes. A string made only of unaccented words, one of which is a
common English interface word, is reported. Proper names, codes and numbers pass.
"""

import contextlib
import re
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import NoReverseMatch, reverse

ENGLISH = {
    *("a", "add", "all", "and", "are", "attempt", "attempts", "by", "change", "choose", "clear"),
    *("close", "content", "counts", "current", "dark", "date", "delete", "edit", "failure"),
    *("failures", "filter", "for", "from", "hide", "history", "home", "items", "light", "link"),
    *("list", "log", "logs", "main", "model", "name", "navigation", "none", "not", "now", "of"),
    *("on", "or", "page", "password", "remove", "save", "search", "select", "selected", "show"),
    *("sidebar", "skip", "start", "the", "theme", "this", "to", "today", "toggle", "user"),
    *("users", "version", "view", "with", "yes"),
}
ACCENTED = re.compile(r"[^\x00-\x7f]")
WORD = re.compile(r"[A-Za-z]+")


class Readable(HTMLParser):
    """What a reader sees or hears of a page."""

    SPOKEN = {"aria-label", "title", "placeholder", "alt"}

    def __init__(self):
        super().__init__()
        self.strings: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self.hidden += 1
        self.strings += [value for name, value in attrs if name in self.SPOKEN and value]

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template"):
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden and data.strip():
            self.strings.append(data.strip())


def english(text: str) -> bool:
    if ACCENTED.search(text) or text.startswith(("http://", "https://")):
        return False
    # Words of three letters or more: "a", "on", "to" also turn up in codes and password hashes.
    words = [w.lower() for w in WORD.findall(text) if len(w) >= 3]
    return any(w in ENGLISH for w in words)


def admin_pages() -> list[str]:
    pages = [reverse("admin:index")]
    for model in admin.site._registry:
        meta = model._meta
        for view in ("changelist", "add"):
            with contextlib.suppress(NoReverseMatch):
                pages.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}"))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            pages.append(
                reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[first.pk])
            )
    return pages


def test_admin_pages_hold_no_english_interface_text(client):
    client.force_login(get_user_model().objects.get(username="quantri"))
    found = {}
    for url in admin_pages():
        response = client.get(url)
        if response.status_code != 200:
            continue
        reader = Readable()
        reader.feed(response.content.decode())
        for text in reader.strings:
            if english(text):
                found.setdefault(text, url)
    assert found == {}, "\n".join(f"{url}: {text!r}" for text, url in sorted(found.items()))


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Toggle theme (current theme: auto)", True),
        ("Model name", True),
        ("Show counts", True),
        ("Xem trang web", False),
        ("Gia Lai", False),
        ("133/2025/NĐ-CP", False),
        ("quantri", False),
        ("75324a**************************", False),
        ("md5$a0b1$to", False),
    ],
)
def test_the_detector_tells_english_interface_text(text, flagged):
    assert english(text) is flagged
