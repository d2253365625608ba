"""Parsing a national procedure record into what the portal stores.

Only what is unambiguous is parsed; the original text is always kept beside it. Nothing here
touches the database.
"""

import datetime
import re
from dataclasses import dataclass
from typing import Any

from procedures.text import fold, nfc

_NUMBER = re.compile(r"\d+")
_TIME_UNITS = [
    ("ngay lam viec", "ngay_lam_viec"),
    ("ngay", "ngay"),
    ("thang", "thang"),
]


def parse_time_limit(text: str) -> tuple[int | None, str]:
    """(value, unit) when the text states exactly one time limit, else (None, "").

    "15 Ngày làm việc" is (15, "ngay_lam_viec"); "05 ngày làm việc xét hợp lệ + 15 ngày" holds two
    numbers and is not parsed.
    """
    folded = fold(text)
    numbers = _NUMBER.findall(folded)
    if len(numbers) != 1:
        return None, ""
    match = re.match(r"^(\d+) (ngay lam viec|ngay|thang)\b", folded)
    if not match:
        return None, ""
    for words, unit in _TIME_UNITS:
        if match.group(2) == words:
            return int(match.group(1)), unit
    return None, ""


_COUNTS = re.compile(r"\(\s*Bản chính:\s*(\d+)\s*;\s*Bản sao:\s*(\d+)\s*\)\s*$")
_LEADING_COUNT = re.compile(r"^-?\s*(\d+)\s+(Bản chính|Bản sao)\s+", re.IGNORECASE)
_FORM_NUMBER = re.compile(r"\b(Mẫu(?: số)?\s+[0-9]+[0-9A-Za-z./-]*)")
_FORM_FILE = re.compile(r"\(([^()]+\.(?:docx?|pdf|xlsx?|rtf|odt))\)\s*$", re.IGNORECASE)


def parse_dossier_item(text: str) -> dict[str, Any]:
    """One dossier line: its name, template and counts of originals and copies when stated."""
    text = nfc(text.strip())
    item: dict[str, Any] = {
        "text": text,
        "name": text,
        "form": "",
        "originals": None,
        "copies": None,
    }
    name = text
    counts = _COUNTS.search(name)
    if counts:
        item["originals"], item["copies"] = int(counts.group(1)), int(counts.group(2))
        name = name[: counts.start()].rstrip()
    leading = _LEADING_COUNT.match(name)
    if leading:
        key = "originals" if leading.group(2).lower() == "bản chính" else "copies"
        item[key] = int(leading.group(1))
        name = name[leading.end() :]
    form_file = _FORM_FILE.search(name)
    if form_file:
        item["form"] = form_file.group(1)
        name = name[: form_file.start()].rstrip()
    else:
        form = _FORM_NUMBER.search(name)
        if form:
            item["form"] = form.group(1).rstrip(".,;")
    item["name"] = name.lstrip("- ").strip() or text
    return item


_DOC_NUMBER = re.compile(
    r"(\d+(?:\.\d+)?/\d{4}/[0-9A-Za-zĐđ]+(?:-[0-9A-Za-zĐđ]+)*|\d+/[0-9A-Za-zĐđ]+-[0-9A-Za-zĐđ]+)"
)
_DOC_TAIL = re.compile(r"\((\d{2})-(\d{2})-(\d{4})(?:,\s*([^()]+))?\)\s*$")
_LOCALITY = re.compile(r"\(([^()]+)\)\s*$")


@dataclass
class CitedDocument:
    number: str
    title: str
    kind: str
    issued_on: datetime.date | None
    issuing_body: str
    # Where issued_on and issuing_body were read: "record" (the record's structured tail
    # "(dd-mm-yyyy, body)"), "title" (the citation's own words "<number> ngày d/m/yyyy của
    # <body>"), or "" when neither gives them.
    date_source: str = ""


# "<number> ngày 15/8/2013", "... ngày 29 tháng 4 năm 2026": the date that follows the
# document's own number (a date after another number belongs to that other document).
_OWN_DATE = (
    r"\s+ngày\s+(\d{1,2})(?:\s*[/.-]\s*|\s+tháng\s+)(\d{1,2})(?:\s*[/.-]\s*|\s+năm\s+)(\d{4})"
)
_OWN_BODY = re.compile(
    r"\s+của\s+(?:Bộ trưởng\s+)?"
    r"(Chính phủ|Quốc hội|Thủ tướng Chính phủ|Ủy ban Thường vụ Quốc hội"
    r"|Bộ\s+(?:[^,;:.()]|,\s+(?=[A-ZĐ]))+?)"  # a comma only before a capital: "Bộ A, B và C"
    r"(?=\s+(?:quy định|về|ban hành|hướng dẫn|phân cấp|phân quyền|sửa đổi|Quy định)\b"
    r"|,(?!\s*[A-ZĐ])|[;:.()]|$)"
)


def _number_year(number: str) -> int | None:
    match = re.search(r"/(\d{4})/", number)
    return int(match.group(1)) if match else None


def _own_date(line: str, number: str) -> tuple[datetime.date | None, str]:
    """The issue date and body the citation itself gives right after ``number``."""
    match = re.search(re.escape(number) + _OWN_DATE, line)
    if not match:
        return None, ""
    day, month, year = int(match.group(1)), int(match.group(2)), int(match.group(3))
    try:
        issued_on = datetime.date(year, month, day)
    except ValueError:
        return None, ""
    body = _OWN_BODY.match(line, match.end())
    return issued_on, (body.group(1).strip() if body else "")


def document_key(number: str) -> str:
    """One key for the spellings of one document number the sources mix: 49/2010/QH and
    49/2010/QH12 (the legislature's number left out), 190/2025/NQ-QH15 and 190/2025/QH15 (a
    resolution of the National Assembly written with "NQ-")."""
    return re.sub(r"/(?:NQ-)?QH\d*$", "/QH", nfc(number).upper())


def preferred_number(a: str, b: str) -> str:
    """Of two spellings of one number, the official one: with the legislature's number, and
    without a redundant "NQ-" before "QH"."""

    def rank(number: str) -> tuple[int, int]:
        upper = number.upper()
        return (0 if re.search(r"QH\d+$", upper) else 1, 1 if "/NQ-QH" in upper else 0)

    return min((a, b), key=lambda n: (rank(n), n))


def document_kind(number: str, title: str = "") -> str:
    """The LegalDocument.Kind value a document number implies, or "khac" (other)."""
    upper = number.upper()
    lowered = fold(title)
    if "/NĐ-CP" in upper:
        return "nghi_dinh"
    if "/NQ-CP" in upper:
        return "nghi_quyet_cp"
    if "/TT-" in upper or upper.startswith("TT-"):
        return "thong_tu"
    if "/QĐ-" in upper:
        return "quyet_dinh"
    if re.search(r"/QH\d*$", upper):
        return "nghi_quyet_qh" if lowered.startswith("nghi quyet") else "luat"
    return "khac"


def parse_legal_basis(line: str) -> CitedDocument | None:
    """A legal-basis line ("133/2025/NĐ-CP – Title (12-06-2025, Chính phủ)") as a document.

    Returns None when no document number can be read from it.
    """
    line = nfc(line.strip())
    head, _sep, title = line.partition(" – ")
    match = _DOC_NUMBER.search(head) or _DOC_NUMBER.search(line)
    if not match:
        return None
    number = match.group(1).rstrip(".")
    if "HĐND" in number.upper() or "UBND" in number.upper():
        # Local documents share numbers across provinces: keep the locality when it is given.
        locality = _LOCALITY.search(head)
        if locality:
            number = f"{number} ({locality.group(1).strip()})"
    title = title.strip()
    issued_on, body, source = None, "", ""
    tail = _DOC_TAIL.search(title)
    if tail:
        day, month, year = int(tail.group(1)), int(tail.group(2)), int(tail.group(3))
        try:
            issued_on = datetime.date(year, month, day)
        except ValueError:
            issued_on = None
        body = (tail.group(4) or "").strip()
        title = title[: tail.start()].rstrip()
        source = "record" if issued_on else ""
        number_year = _number_year(number)
        if issued_on and number_year and issued_on.year != number_year:
            # A document numbered .../2013/... is not issued in 2001: the tail is the portal's
            # placeholder (112/2013/TT-BTC reads "01-01-2001, Bộ Thông tin và Truyền thông"
            # while its own citation says 15/8/2013, Bộ Tài chính). Trust neither part of it.
            issued_on, body, source = None, "", ""
    if issued_on is None:
        own_on, own_body = _own_date(line, number)
        number_year = _number_year(number)
        if own_on and (number_year is None or own_on.year == number_year):
            issued_on, source = own_on, "title"
            body = body or own_body
    return CitedDocument(
        number=number,
        title=title,
        kind=document_kind(number, title or head),
        issued_on=issued_on,
        issuing_body=body,
        date_source=source,
    )


def parse_article(text: str) -> str:
    """The first "Điều N (khoản M)" reference in ``text``, as written, or ""."""
    match = re.search(r"(Điều\s+\d+[a-z]?(?:\s*,?\s*khoản\s+\d+)?)", nfc(text))
    return re.sub(r"\s*,\s*", " ", match.group(1)) if match else ""


def level_slug(level_text: str, agency: str = "", competent: str = "") -> str | None:
    """The AuthorityLevel slug a record's "cấp thực hiện" and agency point to, or None."""
    level = fold(level_text)
    agency_f = fold(agency)
    competent_f = fold(competent)
    if level.startswith("cap bo") or level == "trung uong":
        return "bo"
    if level.startswith("cap tinh"):
        if agency_f.startswith("chu tich"):
            return "chu-tich-ubnd-tinh"
        if (
            agency_f.startswith(("so ", "chi cuc "))
            or "co quan chuyen mon" in agency_f
            or re.search(r"\bso (khoa hoc|thong tin)", agency_f)
        ):
            return "so"
        if "uy ban nhan dan" in agency_f or "ubnd" in agency_f:
            return "ubnd-tinh"
        if competent_f.startswith("chu tich"):
            return "chu-tich-ubnd-tinh"
        return "ubnd-tinh"
    if level.startswith("cap xa"):
        return "chu-tich-ubnd-xa" if agency_f.startswith("chu tich") else "ubnd-xa"
    return None


def authority_level_slug(text: str) -> str | None:
    """The level a free-text authority ("UBND cấp tỉnh (Sở KH&CN tiếp nhận)") names, or None."""
    folded = fold(text)
    if not folded:
        return None
    head = folded.split(" (")[0] if " (" in text else folded
    if head.startswith("chu tich ubnd cap tinh") or head.startswith(
        "chu tich uy ban nhan dan cap tinh"
    ):
        return "chu-tich-ubnd-tinh"
    if head.startswith("ubnd cap tinh") or head.startswith("uy ban nhan dan cap tinh"):
        return "ubnd-tinh"
    if head.startswith("ubnd cap xa") or head.startswith("uy ban nhan dan cap xa"):
        return "ubnd-xa"
    if head.startswith("so "):
        return "so"
    if head.startswith(("bo ", "cuc ", "tong cuc ")) or head in ("bo kh cn", "bo khcn"):
        return "bo"
    if head.startswith(("thu tuong", "chinh phu")):
        return "chinh-phu"
    return None
