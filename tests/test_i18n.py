"""The English catalogue: every entry translated and reviewed, compiled, and shown to readers.

The source strings are Vietnamese; ``locale/en/LC_MESSAGES/django.po`` translates them and the
committed ``django.mo`` is what Django reads (CI compiles nothing). The catalogue is read with
the small parser below: polib is not a dependency of the project and msgfmt may be missing.
"""

import ast
import html
import re
import struct
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from delegation.models import Province
from procedures.models import AuthorityLevel, LegalDocument, Procedure

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)  # form index -> text (0 if singular)
    flags: set[str] = field(default_factory=set)
    line: int = 0

    @property
    def key(self) -> str:
        return self.msgid if self.msgctxt is None else f"{self.msgctxt}\x04{self.msgid}"


def read_po(path: Path) -> list[Entry]:
    """The entries of a .po file (the header included, obsolete ``#~`` entries left out)."""
    entries: list[Entry] = []
    entry, target = Entry(), None

    def flush():
        nonlocal entry, target
        if target is not None:
            entries.append(entry)
        entry, target = Entry(), None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#"):
            if entry.msgstr:  # a comment after a msgstr starts the next entry
                flush()
            if line.startswith("#,"):
                entry.flags |= {flag.strip() for flag in line[2:].split(",")}
            continue
        if line.startswith('"'):
            text = ast.literal_eval(line)
        else:
            keyword, literal = line.split(" ", 1)
            text = ast.literal_eval(literal)
            if keyword in ("msgctxt", "msgid") and entry.msgstr:
                flush()
            target = keyword
            entry.line = entry.line or number
        if target == "msgctxt":
            entry.msgctxt = (entry.msgctxt or "") + text
        elif target == "msgid":
            entry.msgid += text
        elif target == "msgid_plural":
            entry.msgid_plural = (entry.msgid_plural or "") + text
        else:
            index = int(target[7:-1]) if target.startswith("msgstr[") else 0
            entry.msgstr[index] = entry.msgstr.get(index, "") + text
    flush()
    return entries


def read_mo(path: Path) -> dict[str, str]:
    """The raw pairs of a compiled .mo file: key (context\\x04msgid[\\x00plural]) -> msgstr."""
    data = path.read_bytes()
    magic = struct.unpack("<I", data[:4])[0]
    order = "<" if magic == 0x950412DE else ">"
    _revision, count, originals, translations = struct.unpack(order + "4I", data[4:20])
    pairs = {}
    for i in range(count):
        length, offset = struct.unpack(
            order + "2I", data[originals + 8 * i : originals + 8 * i + 8]
        )
        key = data[offset : offset + length].decode()
        length, offset = struct.unpack(
            order + "2I", data[translations + 8 * i : translations + 8 * i + 8]
        )
        pairs[key] = data[offset : offset + length].decode()
    return pairs


@pytest.fixture(scope="module")
def entries() -> list[Entry]:
    return [entry for entry in read_po(CATALOGUE / "django.po") if entry.msgid]


def forms(entry: Entry) -> list[str]:
    return (
        [entry.msgstr.get(0, ""), entry.msgstr.get(1, "")]
        if entry.msgid_plural
        else [entry.msgstr.get(0, "")]
    )


def where(entry: Entry) -> str:
    return f"line {entry.line}: {entry.msgid[:60]!r}"


# -- (a) every entry is translated and reviewed -------------------------------------------------


def test_the_catalogue_is_read_whole(entries):
    """The parser sees every msgid of the file (guards the checks below against a silent miss)."""
    text = (CATALOGUE / "django.po").read_text(encoding="utf-8")
    live = len(re.findall(r"^msgid ", text, flags=re.M)) - 1  # minus the header
    assert len(entries) == live > 300


def test_no_entry_is_left_untranslated(entries):
    missing = [where(e) for e in entries if not all(forms(e))]
    assert not missing, "untranslated:\n" + "\n".join(missing)


def test_no_entry_is_left_fuzzy(entries):
    """msgmerge's guesses are flagged fuzzy; each must be reviewed, corrected and unflagged."""
    fuzzy = [where(e) for e in entries if "fuzzy" in e.flags]
    assert not fuzzy, "fuzzy:\n" + "\n".join(fuzzy)


PLACEHOLDER = re.compile(r"%\(\w+\)[sdf]|%[sdf]")
TAG = re.compile(r"</?[a-zA-Z][^>]*>")


def test_placeholders_and_markup_are_kept(entries):
    wrong = []
    for entry in entries:
        sources = [entry.msgid, entry.msgid_plural] if entry.msgid_plural else [entry.msgid]
        for source, text in zip(sources, forms(entry), strict=True):
            for pattern in (PLACEHOLDER, TAG):
                if sorted(pattern.findall(source)) != sorted(pattern.findall(text)):
                    wrong.append(f"{where(entry)} -> {text!r}")
    assert not wrong, "\n".join(wrong)


def test_the_delegation_vocabulary_follows_the_glossary(entries):
    """DOMAIN.md section 2: the five labels the legal texts use, each with its one English term."""
    by_id = {e.msgid: e.msgstr[0] for e in entries if e.msgctxt is None and not e.msgid_plural}
    assert by_id["Phân quyền"].startswith("Devolution")
    assert by_id["Phân cấp"].startswith("Decentralization")
    assert by_id["Ủy quyền"].startswith("Authorization")
    assert by_id["Phân định thẩm quyền"].startswith("Allocation of competence")
    assert by_id["Phân công"].startswith("Assignment")
    assert by_id["Hồ sơ cần kiểm tra"] == "Dossier checklist"


BRITISH = re.compile(r"\b\w*(?:isation|centre|licence|organis|recognis|catalogue)\w*", re.I)


def test_the_translation_is_american_english(entries):
    british = [
        f"{where(e)} -> {word}"
        for e in entries
        for text in forms(e)
        for word in BRITISH.findall(text)
    ]
    assert not british, "\n".join(british)


# -- (b) the committed .mo is the compiled .po --------------------------------------------------


def test_the_committed_mo_matches_the_po():
    """CI compiles nothing: django.mo must be recompiled (compilemessages) whenever django.po
    changes. Compares every pair, so a stale .mo with a removed or changed entry fails too."""
    expected = {}
    for entry in read_po(CATALOGUE / "django.po"):
        if "fuzzy" in entry.flags or not all(forms(entry)):
            continue  # msgfmt leaves these out
        key = entry.key + (f"\x00{entry.msgid_plural}" if entry.msgid_plural else "")
        expected[key] = "\x00".join(forms(entry))
    # msgfmt drops the POT-Creation-Date line from the compiled header
    expected[""] = re.sub(r"^POT-Creation-Date:.*\n", "", expected[""], flags=re.M)
    compiled = read_mo(CATALOGUE / "django.mo")
    assert compiled.keys() == expected.keys()
    changed = [key[:60] for key in expected if compiled[key] != expected[key]]
    assert not changed, "recompile: " + ", ".join(changed)


# -- (c) what English readers see ---------------------------------------------------------------


class UiText(HTMLParser):
    """The interface text of a page: labels, headings, table headers, buttons, navigation and
    the accessible names in attributes. Text in another language (``lang="vi"``) is skipped."""

    UI = {"title", "h1", "h2", "dt", "th", "label", "button", "caption", "summary", "legend"}
    ATTRIBUTES = ("aria-label", "placeholder", "title")
    VOID = {"br", "img", "input", "meta", "link", "hr", "wbr", "source"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, str | None]] = []
        self.texts: list[str] = []
        self.buffers: list[list[str]] = []

    def foreign(self) -> bool:
        """Inside an element marked with another language than the page's (``<html lang>``)."""
        page = self.open[0][1] if self.open else None
        return any(lang and lang != page for _tag, lang in self.open[1:])

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if not self.foreign():
            self.texts += [attrs[name] for name in self.ATTRIBUTES if attrs.get(name)]
            if tag == "input" and attrs.get("type") == "submit" and attrs.get("value"):
                self.texts.append(attrs["value"])
        if tag in self.VOID:
            return
        self.open.append((tag, attrs.get("lang")))
        in_nav = any(name == "nav" for name, _lang in self.open)
        self.buffers.append([] if tag in self.UI or (in_nav and tag == "a") else None)

    def handle_endtag(self, tag):
        while self.open:
            name, _lang = self.open.pop()
            buffer = self.buffers.pop()
            if buffer is not None:
                self.texts.append(" ".join("".join(buffer).split()))
            if name == tag:
                break

    def handle_data(self, data):
        if self.foreign():
            return
        for buffer in self.buffers:
            if buffer is not None:
                buffer.append(data)


def vietnamese_labels(page: str, entries: list[Entry]) -> set[str]:
    """The catalogue's Vietnamese strings that a page shows as interface text."""
    vietnamese = {e.msgid for e in entries if e.msgstr.get(0) != e.msgid}  # not "English"
    parser = UiText()
    parser.feed(page)
    found = set()
    for text in parser.texts:
        for candidate in (text, text.rstrip(":.›‹ ").strip(), text.lstrip("‹ ").strip()):
            if candidate in vietnamese:
                found.add(candidate)
    return found


def english_client() -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # what the language switch sets
    return client


def reader_pages() -> list[tuple[str, list[str]]]:
    """A few real pages and English headings or labels each must show."""
    procedure = Procedure.objects.exclude(guidance=None).order_by("pk").first()
    return [
        ("/", ["Look up delegated procedures", "What does my level handle today?", "By field"]),
        (
            procedure.get_absolute_url(),
            ["Operational guidance", "Procedure record", "Update history", "Delegation of powers"],
        ),
        (
            AuthorityLevel.objects.get(slug="ubnd-tinh").get_absolute_url(),
            ["Handled on", "Other levels"],
        ),
        (
            LegalDocument.objects.get(number="133/2025/NĐ-CP").get_absolute_url(),
            ["What it delegates, article by article", "Procedures citing this document"],
        ),
        (
            Province.objects.get(slug="ha-noi").get_absolute_url(),
            ["What local government handles", "Procedures by level", "Administrative center"],
        ),
        ("/cap-nhat/", ["Handbook updates", "Recent changes", "Follow with Atom"]),
        ("/hoi-dap/", ["Public operational Q&A"]),
        ("/giai-dap-truc-tuyen/", ["Online Q&A sessions", "Upcoming", "Past"]),
        ("/dang-nhap/", ["Username", "Password"]),
    ]


@pytest.mark.parametrize("index", range(9))
def test_reader_pages_in_english_show_no_vietnamese_interface(entries, index):
    url, headings = reader_pages()[index]
    response = english_client().get(url)
    page = response.content.decode()
    assert response.status_code == 200, url
    assert '<html lang="en">' in page
    assert vietnamese_labels(page, entries) == set(), url
    text = html.unescape(page)
    for heading in headings:
        assert heading in text, (url, heading)
    # the site chrome too: skip link, navigation, search, footer
    for label in ("Skip to main content", "Main navigation", "Updates", "Q&A", "Download PDF"):
        assert label in text, (url, label)


def test_database_content_stays_vietnamese_in_english(entries):
    procedure = Procedure.objects.exclude(guidance=None).order_by("pk").first()
    page = english_client().get(procedure.get_absolute_url()).content.decode()
    assert f"<h1>{procedure.name}</h1>" in page
    assert procedure.field.name in page


def test_the_detector_finds_the_interface_of_a_vietnamese_page(client, entries):
    """The same check on the default (Vietnamese) pages finds their labels, so it can fail."""
    for url, _headings in reader_pages():
        found = vietnamese_labels(client.get(url).content.decode(), entries)
        assert {"Điều hướng chính", "Trang chủ", "Tìm thủ tục"} <= found, url
        assert len(found) >= 5, (url, found)


def test_the_same_vietnamese_word_can_mean_two_things(entries):
    """msgctxt keeps apart the answer action and the answered date, the holiday's date and the
    time-limit unit, the update date and the updates page."""
    client = english_client()
    assert "· answered <time" in client.get("/hoi-dap/").content.decode()
    by_key = {e.key: e.msgstr.get(0) for e in entries}
    assert by_key["trả lời"] == "answer" and by_key["ngày trả lời\x04trả lời"] == "answered"
    assert by_key["ngày"] == "days" and by_key["ngày nghỉ lễ\x04ngày"] == "date"
    assert by_key["Cập nhật"] == "Updated"
    assert by_key["trang cập nhật cẩm nang\x04Cập nhật"] == "Updates"
