"""Open data (issue 15): the whole handbook as files, built once per content version.

``manage.py build_exports`` (after each publication, and daily since the handler columns are
as of the day of the build) writes ``CAMNANG_EXPORT_ROOT/<content version>/``: the procedures
(JSON Lines with every fact the record holds, and a flat CSV), the delegations with their
provenance (CSV), the published national guidance (JSON Lines), the data dictionary and the
manifest (sizes, rows and SHA-256 of each file). The folder is written under a hidden name and
renamed into place once complete, so a reader never gets half a file; older versions' folders
are removed after. ``/du-lieu/`` lists and serves the newest complete build, and never builds
on request. ``manage.py load_export`` reads such a folder back into a database.

Empty facts are ``null`` in JSON and empty cells in CSV ("chưa có dữ liệu"): nothing is filled
in. Province notes are not exported: readers see them only under a chosen province, and the
search index and the print views leave them out too.
"""

import csv
import datetime
import hashlib
import json
import secrets
import shutil
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone

from delegation.models import Delegation, LevelChange, handler_on
from handbook.models import SECTION_FIELDS, Revision
from portal.pdf_files import content_version
from procedures.models import AuthorityLevel, LegalDocument, Procedure

PROCEDURES_JSONL = "procedures.jsonl"
PROCEDURES_CSV = "procedures.csv"
DELEGATIONS_CSV = "delegations.csv"
GUIDANCE_JSONL = "guidance.jsonl"
DICTIONARY_JSON = "dictionary.json"
MANIFEST_JSON = "manifest.json"
# In the order the page lists them; the manifest describes these and is served beside them.
DATA_FILES = (PROCEDURES_JSONL, PROCEDURES_CSV, DELEGATIONS_CSV, GUIDANCE_JSONL, DICTIONARY_JSON)

CONTENT_TYPES = {
    ".jsonl": "application/x-ndjson; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".json": "application/json",
}

LICENCE = {
    "vi": (
        "Dữ liệu thủ tục hành chính là thông tin công khai; trích dẫn nguồn: Cẩm nang, "
        "Bộ Khoa học và Công nghệ"
    ),
    "en": (
        "Administrative procedure data is public information; cite the source: Cẩm nang, "
        "Ministry of Science and Technology"
    ),
}

# The reference data's files (../shared/reference/README.md) the handbook is built from.
SOURCES = [
    (
        "tthc_records.jsonl",
        "653 bản ghi thủ tục hành chính quốc gia thuộc các lĩnh vực của Bộ",
        "653 national procedure records in the ministry's fields",
    ),
    (
        "tthc_records.md",
        "Nguồn gốc, khóa và số lượng của các bản ghi đó; các thiếu sót đã biết",
        "Where those records come from, their keys and counts, known gaps",
    ),
    (
        "procedures.csv",
        "20 thủ tục được phân cấp, phân quyền năm 2025, với căn cứ pháp lý và ngày hiệu lực",
        "20 procedures whose authority moved in 2025, with legal basis and effective date",
    ),
    (
        "provinces.csv",
        "34 tỉnh, thành phố từ ngày 01/7/2025 và các đơn vị hợp thành",
        "The 34 provinces and cities from 1 July 2025 and what each was merged from",
    ),
    (
        "DOMAIN.md",
        "Lĩnh vực nghiệp vụ: nội dung bản ghi, thuật ngữ phân cấp, thang thẩm quyền, nguồn",
        "The domain: record contents, delegation vocabulary, the ladder of authority, sources",
    ),
]


# --- The data dictionary: each file's fields, defined once (the writers and the page use it).


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    vi: str
    en: str


def _c(name: str, type_: str, vi: str, en: str) -> Column:
    return Column(name, type_, vi, en)


LEVEL = "object {slug, name} | null"
TEXT = "string | null"
DATE = "date (YYYY-MM-DD) | null"

DELEGATION_FIELDS = [
    _c("from_level", LEVEL, "Cấp giao (trước đây)", "Level the power moved from"),
    _c("to_level", "object {slug, name}", "Cấp nhận", "Level the power moved to"),
    _c("kind", TEXT, "Hình thức (phan_quyen, phan_cap, ...)", "Kind (phan_quyen, phan_cap, ...)"),
    _c(
        "origin",
        "string",
        "Loại nguồn: van_ban, ban_ghi, cong_tinh, can_bo",
        "Kind of source: van_ban (legal text), ban_ghi (national record), cong_tinh "
        "(provincial portal), can_bo (staff)",
    ),
    _c(
        "confidence",
        "string",
        "Độ tin cậy: legal_text, record, unknown",
        "Confidence: legal_text, record, unknown",
    ),
    _c("legal_document", TEXT, "Số hiệu văn bản căn cứ", "Number of the legal basis"),
    _c("article", TEXT, "Điều, khoản", "Article and clause"),
    _c(
        "cited_documents",
        "array of string",
        "Văn bản bản ghi viện dẫn",
        "Documents the record cites",
    ),
    _c("legal_basis_text", TEXT, "Căn cứ (nguyên văn)", "Legal basis as written"),
    _c("effective_from", DATE, "Áp dụng từ ngày", "Applies from"),
    _c(
        "effective_until",
        DATE,
        "Thôi áp dụng từ ngày (ngày đầu tiên không còn áp dụng)",
        "First day it no longer applies",
    ),
    _c("from_body", TEXT, "Cơ quan trước đây", "Body that handled it before"),
    _c("receiving_body", TEXT, "Cơ quan tiếp nhận, thẩm định", "Receiving and reviewing body"),
    _c("deciding_body", TEXT, "Cơ quan quyết định", "Deciding body"),
    _c("source_record_code", TEXT, "Mã bản ghi nguồn", "Code of the source record"),
    _c("source_record_date", DATE, "Ngày của bản ghi nguồn", "Date of the source record"),
    _c("source_file", TEXT, "Tệp nguồn", "Source file"),
    _c("source_url", TEXT, "Địa chỉ nguồn", "Source URL"),
    _c("entered_by", TEXT, "Cán bộ nhập nguồn", "Staff member who entered the source"),
    _c("entered_on", DATE, "Ngày nhập nguồn", "Day the source was entered"),
    _c("time_limit_text", TEXT, "Thời hạn theo nguồn tổng hợp", "Time limit per the compiled list"),
    _c("notes", TEXT, "Ghi chú", "Notes"),
]

GUIDANCE_FIELDS = [
    _c("revision", "integer", "Số hiệu phiên bản trong cẩm nang", "Revision id in the handbook"),
    _c("published_at", "datetime (ISO 8601)", "Xuất bản lúc", "Published at"),
    _c(
        "change_kind",
        "string",
        "Loại thay đổi: major (thông báo), minor (sửa lỗi nhỏ)",
        "Change kind: major (announced), minor (correction)",
    ),
    _c("change_note", TEXT, "Ghi chú thay đổi", "Change note"),
    _c("summary", TEXT, "Tóm tắt", "Summary"),
    _c(
        "sections",
        "object {section: Markdown}",
        "Các mục của hướng dẫn (chỉ mục có nội dung): " + ", ".join(SECTION_FIELDS),
        "The guidance's sections (non-empty ones only), Markdown: " + ", ".join(SECTION_FIELDS),
    ),
    _c(
        "cited_documents",
        "array of string",
        "Văn bản hướng dẫn viện dẫn",
        "Documents the guidance cites",
    ),
]

PROCEDURE_FIELDS = [
    _c("code", TEXT, "Mã thủ tục quốc gia (null: chưa có mã)", "National code (null: none)"),
    _c("slug", "string", "Đường dẫn trên cổng (khóa duy nhất)", "Portal slug (unique key)"),
    _c("name", "string", "Tên thủ tục", "Name"),
    _c("kind", "string", "Loại: thu_tuc, nhiem_vu", "Kind: thu_tuc (procedure), nhiem_vu (task)"),
    _c("field", "object {slug, name}", "Lĩnh vực", "Field"),
    _c(
        "status",
        "string",
        "Tình trạng: con_hieu_luc, sua_doi, bai_bo, chua_xac_nhan",
        "Status: in force, amended, abolished, unconfirmed",
    ),
    _c(
        "national",
        "boolean",
        "Thuộc danh mục quốc gia (false: thủ tục riêng của một tỉnh)",
        "In the national catalogue (false: a province's own record)",
    ),
    _c("promulgating_body", TEXT, "Cơ quan công bố", "Promulgating body"),
    _c("decision", TEXT, "Quyết định công bố", "Publishing decision"),
    _c("level", LEVEL, "Cấp thực hiện theo bản ghi", "Level the record names"),
    _c("level_text", TEXT, "Cấp thực hiện (nguyên văn)", "Level as written"),
    _c("agency", TEXT, "Cơ quan thực hiện", "Executing agency"),
    _c("competent_authority", TEXT, "Cơ quan có thẩm quyền", "Competent authority"),
    _c("receiving_address", TEXT, "Địa chỉ tiếp nhận", "Where dossiers are received"),
    _c("steps", TEXT, "Trình tự thực hiện", "Steps"),
    _c("channels", TEXT, "Cách thức thực hiện", "Channels"),
    _c(
        "dossier",
        "array of object {text, name, form, originals, copies}",
        "Thành phần hồ sơ",
        "Dossier items",
    ),
    _c("dossier_sets", TEXT, "Số lượng bộ hồ sơ", "Number of dossier sets"),
    _c(
        "time_limit",
        "object {value: integer | null, unit: string | null, text: string | null}",
        "Thời hạn giải quyết (số, đơn vị: ngay_lam_viec, ngay, thang; nguyên văn)",
        "Time limit (number, unit: working days, days, months; as written)",
    ),
    _c("subjects", TEXT, "Đối tượng thực hiện", "Who may apply"),
    _c("result", TEXT, "Kết quả thực hiện", "Output document"),
    _c("fees", TEXT, "Phí, lệ phí", "Fees and charges"),
    _c("requirements", TEXT, "Yêu cầu, điều kiện", "Requirements and conditions"),
    _c("forms", "array", "Mẫu đơn, tờ khai", "Forms"),
    _c("legal_basis", "array", "Căn cứ pháp lý (nguyên văn bản ghi)", "Legal bases as recorded"),
    _c(
        "legal_documents",
        "array of string",
        "Số hiệu các văn bản căn cứ",
        "Numbers of the legal documents cited",
    ),
    _c(
        "source_field_name",
        TEXT,
        "Lĩnh vực theo bản ghi, khi khác lĩnh vực hiện nay",
        "Field as the record names it, when it differs",
    ),
    _c(
        "source",
        "object {url, date, repo, path}",
        "Nguồn của bản ghi (địa chỉ, ngày, kho, tệp)",
        "Source of the record (URL, date, repository, file)",
    ),
    _c("updated_at", "datetime (ISO 8601)", "Bản ghi cập nhật lúc", "Record last changed at"),
    _c("url", "string", "Trang thủ tục trên cổng", "The procedure's page"),
    _c(
        "delegations",
        "array of object",
        "Các lần phân cấp, phân quyền (có nguồn), cũ trước",
        "Delegations, with provenance, oldest first",
    ),
    *(_c(f"delegations[].{c.name}", c.type, c.vi, c.en) for c in DELEGATION_FIELDS),
    _c(
        "level_changes",
        "array of object {origin, confidence, before, after, matched_by, notes}",
        "Thay đổi cấp ghi nhận từ hai bản ghi (không phải phân cấp; confidence observed)",
        "Level changes seen between two records (not delegations; confidence observed)",
    ),
    _c(
        "guidance",
        "object | null",
        "Hướng dẫn toàn quốc đang áp dụng (các trường như guidance.jsonl)",
        "The published national guidance (fields as in guidance.jsonl)",
    ),
]
PROCEDURE_COLUMNS = [
    _c("code", "string", "Mã thủ tục (trống: chưa có mã)", "National code (empty: none)"),
    _c("slug", "string", "Đường dẫn trên cổng", "Portal slug"),
    _c("name", "string", "Tên thủ tục", "Name"),
    _c("field_slug", "string", "Lĩnh vực (đường dẫn)", "Field (slug)"),
    _c("field_name", "string", "Lĩnh vực (tên)", "Field (name)"),
    _c("status", "string", "Tình trạng", "Status"),
    _c("handler_on", "date", "Ngày của cột cấp giải quyết", "Day the handler columns are for"),
    _c(
        "handler_level_slug",
        "string",
        "Cấp giải quyết ngày đó (trống: không nguồn nào nêu)",
        "Level handling it that day (empty: no source states one)",
    ),
    _c("handler_level_name", "string", "Tên cấp giải quyết", "Name of that level"),
    _c(
        "handler_confidence",
        "string",
        "Độ tin cậy: legal_text, record, observed, unknown",
        "Confidence: legal_text, record, observed, unknown",
    ),
    _c(
        "handler_confirmed",
        "boolean (true/false)",
        "Có nguồn xác nhận cho ngày đó",
        "A source confirms it for that day",
    ),
    _c("delegations", "integer", "Số lần phân cấp, phân quyền", "Number of delegations"),
    _c(
        "guidance_published",
        "boolean (true/false)",
        "Có hướng dẫn toàn quốc đang áp dụng",
        "Published national guidance exists",
    ),
    _c("url", "string", "Trang thủ tục trên cổng", "The procedure's page"),
]


def _cell(column: Column) -> Column:
    """A delegation's field as a CSV column: levels by slug, several documents " ; " apart
    (as in the reference data)."""
    if column.name == "cited_documents":
        return Column(
            column.name, "string", column.vi + " (cách nhau “ ; ”)", column.en + " (' ; ' apart)"
        )
    return Column(column.name, column.type.replace(" | null", ""), column.vi, column.en)


DELEGATION_COLUMNS = [
    _c("procedure_code", "string", "Mã thủ tục (trống: chưa có mã)", "Procedure code"),
    _c("procedure_slug", "string", "Đường dẫn của thủ tục", "Procedure slug"),
    _c("procedure_name", "string", "Tên thủ tục", "Procedure name"),
    _c("from_level", "string", "Cấp giao (đường dẫn)", "Level moved from (slug)"),
    _c("to_level", "string", "Cấp nhận (đường dẫn)", "Level moved to (slug)"),
    *(_cell(c) for c in DELEGATION_FIELDS[2:]),
]

GUIDANCE_LINE_FIELDS = [
    _c("procedure_code", TEXT, "Mã thủ tục", "Procedure code"),
    _c("procedure_slug", "string", "Đường dẫn của thủ tục", "Procedure slug"),
    _c("procedure_name", "string", "Tên thủ tục", "Procedure name"),
    *GUIDANCE_FIELDS,
]

DICTIONARY_FILES = [
    (PROCEDURES_JSONL, "JSON Lines", "Mỗi dòng một thủ tục", "One procedure per line"),
    (PROCEDURES_CSV, "CSV", "Mỗi dòng một thủ tục (UTF-8 có BOM)", "One row per procedure"),
    (DELEGATIONS_CSV, "CSV", "Mỗi dòng một lần phân cấp", "One row per delegation"),
    (GUIDANCE_JSONL, "JSON Lines", "Hướng dẫn toàn quốc đang áp dụng", "Published guidance"),
    (MANIFEST_JSON, "JSON", "Mô tả bản dữ liệu và các tệp", "The build and its files"),
]

# What each file holds, for the page (the dictionary describes itself only here).
DESCRIPTIONS = {
    **{name: {"vi": vi, "en": en} for name, _format, vi, en in DICTIONARY_FILES},
    DICTIONARY_JSON: {
        "vi": "Từ điển dữ liệu: từng trường, kiểu và ý nghĩa",
        "en": "The data dictionary: each field, its type and meaning",
    },
}

MANIFEST_FIELDS = [
    _c("version", "string", "Phiên bản nội dung", "Content version"),
    _c("generated_at", "datetime (ISO 8601)", "Tạo lúc (giờ Việt Nam)", "Built at (Vietnam time)"),
    _c("licence", "object {vi, en}", "Điều kiện sử dụng", "Terms of use"),
    _c(
        "sources",
        "array of object {name, description, sha256}",
        "Các tệp dữ liệu tham chiếu làm nguồn (sha256: null nếu không có khi tạo)",
        "The reference data's files used as sources (sha256 null if absent at build time)",
    ),
    _c("files[].name", "string", "Tên tệp", "File name"),
    _c("files[].bytes", "integer", "Kích thước (byte)", "Size in bytes"),
    _c(
        "files[].rows",
        "integer",
        "Số dòng dữ liệu (CSV: không kể dòng tiêu đề; dictionary.json: số trường mô tả)",
        "Data rows (CSV: header excluded; dictionary.json: fields described)",
    ),
    _c("files[].sha256", "string", "Mã băm SHA-256 (cũng là ETag khi tải)", "SHA-256 (the ETag)"),
]


def dictionary() -> dict[str, Any]:
    """The data dictionary: for each file, each field with its type and what it means."""
    fields = {
        PROCEDURES_JSONL: PROCEDURE_FIELDS,
        PROCEDURES_CSV: PROCEDURE_COLUMNS,
        DELEGATIONS_CSV: DELEGATION_COLUMNS,
        GUIDANCE_JSONL: GUIDANCE_LINE_FIELDS,
        MANIFEST_JSON: MANIFEST_FIELDS,
    }
    return {
        "files": [
            {
                "name": name,
                "format": format_,
                "description": {"vi": vi, "en": en},
                "fields": [
                    {"name": c.name, "type": c.type, "description": {"vi": c.vi, "en": c.en}}
                    for c in fields[name]
                ],
            }
            for name, format_, vi, en in DICTIONARY_FILES
        ],
        "conventions": {
            "vi": "UTF-8 (NFC); ngày theo ISO 8601; giờ Việt Nam; null hoặc ô trống: chưa có "
            "dữ liệu (không suy đoán).",
            "en": "UTF-8 (NFC); ISO 8601 dates; Vietnam time; null or an empty cell: no data "
            "(nothing guessed).",
        },
    }


# --- Records: one procedure, delegation, guidance revision as plain data.


def _text(value: str) -> str | None:
    return value or None


def _date(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _level(level: AuthorityLevel | None) -> dict[str, str] | None:
    return {"slug": level.slug, "name": level.name} if level else None


def site_url(path: str) -> str:
    return settings.CAMNANG_SITE_URL.rstrip("/") + path


def delegation_record(delegation: Delegation) -> dict[str, Any]:
    document = delegation.legal_document
    return {
        "from_level": _level(delegation.from_level),
        "to_level": _level(delegation.to_level),
        "kind": _text(delegation.kind),
        "origin": delegation.origin,
        "confidence": delegation.confidence,
        "legal_document": document.number if document else None,
        "article": _text(delegation.article),
        "cited_documents": sorted(d.number for d in delegation.cited_documents.all()),
        "legal_basis_text": _text(delegation.legal_basis_text),
        "effective_from": _date(delegation.effective_from),
        "effective_until": _date(delegation.effective_until),
        "from_body": _text(delegation.from_body),
        "receiving_body": _text(delegation.receiving_body),
        "deciding_body": _text(delegation.deciding_body),
        "source_record_code": _text(delegation.source_record_code),
        "source_record_date": _date(delegation.source_record_date),
        "source_file": _text(delegation.source_file),
        "source_url": _text(delegation.source_url),
        "entered_by": _text(delegation.entered_by),
        "entered_on": _date(delegation.entered_on),
        "time_limit_text": _text(delegation.time_limit_text),
        "notes": _text(delegation.notes),
    }


def guidance_record(revision: Revision) -> dict[str, Any]:
    published = revision.published_at
    return {
        "revision": revision.pk,
        "published_at": timezone.localtime(published).isoformat() if published else None,
        "change_kind": revision.change_kind,
        "change_note": _text(revision.change_note),
        "summary": _text(revision.summary),
        "sections": {f: getattr(revision, f) for f in SECTION_FIELDS if getattr(revision, f)},
        "cited_documents": sorted(d.number for d in revision.guidance.cited_documents.all()),
    }


def procedure_record(procedure: Procedure, revision: Revision | None) -> dict[str, Any]:
    """Every fact the record holds, its delegations and observed level changes apart, and its
    published national guidance."""
    p = procedure
    return {
        "code": p.code or None,
        "slug": p.slug,
        "name": p.name,
        "kind": p.kind,
        "field": {"slug": p.field.slug, "name": p.field.name},
        "status": p.status,
        "national": not p.is_local,
        "promulgating_body": _text(p.promulgating_body),
        "decision": _text(p.decision),
        "level": _level(p.level),
        "level_text": _text(p.level_text),
        "agency": _text(p.agency),
        "competent_authority": _text(p.competent_authority),
        "receiving_address": _text(p.receiving_address),
        "steps": _text(p.steps),
        "channels": _text(p.channels),
        "dossier": p.dossier,
        "dossier_sets": _text(p.dossier_sets),
        "time_limit": {
            "value": p.time_limit_value,
            "unit": _text(p.time_limit_unit),
            "text": _text(p.time_limit_text),
        },
        "subjects": _text(p.subjects),
        "result": _text(p.result),
        "fees": _text(p.fees),
        "requirements": _text(p.requirements),
        "forms": p.forms,
        "legal_basis": p.legal_basis,
        "legal_documents": sorted(d.number for d in p.legal_documents.all()),
        "source_field_name": _text(p.source_field_name),
        "source": {
            "url": _text(p.source_url),
            "date": _date(p.source_date),
            "repo": _text(p.source_repo),
            "path": _text(p.source_path),
        },
        "updated_at": timezone.localtime(p.updated_at).isoformat(timespec="seconds"),
        "url": site_url(p.get_absolute_url()),
        "delegations": [delegation_record(d) for d in p.delegations.all()],
        "level_changes": [
            {**change.as_json(), "notes": _text(change.notes)} for change in p.level_changes.all()
        ],
        "guidance": guidance_record(revision) if revision else None,
    }


def _procedures() -> Iterator[Procedure]:
    documents = LegalDocument.objects.only("number")
    return (
        Procedure.objects.select_related("field", "level")
        .prefetch_related(
            Prefetch("legal_documents", queryset=documents),
            Prefetch(
                "delegations",
                queryset=Delegation.objects.timeline().prefetch_related(
                    Prefetch("cited_documents", queryset=documents)
                ),
            ),
            Prefetch(
                "level_changes",
                queryset=LevelChange.objects.select_related("old_level", "new_level"),
            ),
        )
        .order_by("slug")
        .iterator(chunk_size=500)
    )


def published_guidance() -> dict[int, Revision]:
    """The published national revision of each procedure, by procedure id (as the reader
    pages and the print views select it: ``published().national()``)."""
    revisions = (
        Revision.objects.published()
        .national()
        .select_related("guidance__procedure")
        .prefetch_related(
            Prefetch("guidance__cited_documents", queryset=LegalDocument.objects.only("number"))
        )
    )
    return {r.guidance.procedure_id: r for r in revisions}


# --- Writing a build.


def root() -> Path:
    return Path(settings.CAMNANG_EXPORT_ROOT)


def _json_line(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False) + "\n"


def _csv_bool(value: bool) -> str:
    return "true" if value else "false"


def _write_csv(path: Path, columns: list[Column], rows: Iterable[list[Any]]) -> int:
    """UTF-8 with a BOM (Excel then reads Vietnamese intact), CRLF line ends; the row count."""
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow([c.name for c in columns])
        for row in rows:
            writer.writerow(["" if v is None else v for v in row])
            count += 1
    return count


def _file_entry(path: Path, rows: int) -> dict[str, Any]:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 16), b""):
            digest.update(block)
    return {
        "name": path.name,
        "bytes": path.stat().st_size,
        "rows": rows,
        "sha256": digest.hexdigest(),
    }


def _sources() -> list[dict[str, Any]]:
    folder = Path(settings.REFERENCE_DIR)
    sources = []
    for name, vi, en in SOURCES:
        path = folder / name
        entry = _file_entry(path, 0) if path.is_file() else None
        sources.append(
            {
                "name": name,
                "description": {"vi": vi, "en": en},
                "sha256": entry["sha256"] if entry else None,
            }
        )
    return sources


def _write_files(folder: Path, day: datetime.date) -> list[dict[str, Any]]:
    guidance = published_guidance()
    procedure_rows: list[list[Any]] = []
    delegation_rows: list[list[Any]] = []
    count = 0
    with (folder / PROCEDURES_JSONL).open("w", encoding="utf-8", newline="\n") as lines:
        for procedure in _procedures():
            revision = guidance.get(procedure.pk)
            record = procedure_record(procedure, revision)
            lines.write(_json_line(record))
            count += 1
            delegations = list(procedure.delegations.all())
            # The same rules as the API's "handler" (delegation.models.handler_on).
            handler = handler_on(procedure, delegations, day)
            level = handler.level
            procedure_rows.append(
                [
                    procedure.code,
                    procedure.slug,
                    procedure.name,
                    procedure.field.slug,
                    procedure.field.name,
                    procedure.status,
                    day.isoformat(),
                    level.slug if level else None,
                    level.name if level else None,
                    handler.confidence,
                    _csv_bool(handler.confirmed),
                    len(delegations),
                    _csv_bool(revision is not None),
                    record["url"],
                ]
            )
            for delegation in record["delegations"]:
                delegation_rows.append(
                    [
                        procedure.code,
                        procedure.slug,
                        procedure.name,
                        (delegation["from_level"] or {}).get("slug"),
                        delegation["to_level"]["slug"],
                        *(
                            " ; ".join(delegation[c.name])
                            if c.name == "cited_documents"
                            else delegation[c.name]
                            for c in DELEGATION_COLUMNS[5:]
                        ),
                    ]
                )
    entries = [_file_entry(folder / PROCEDURES_JSONL, count)]
    rows = _write_csv(folder / PROCEDURES_CSV, PROCEDURE_COLUMNS, procedure_rows)
    entries.append(_file_entry(folder / PROCEDURES_CSV, rows))
    rows = _write_csv(folder / DELEGATIONS_CSV, DELEGATION_COLUMNS, delegation_rows)
    entries.append(_file_entry(folder / DELEGATIONS_CSV, rows))

    ordered = sorted(guidance.values(), key=lambda r: (r.guidance.procedure.slug, r.pk))
    with (folder / GUIDANCE_JSONL).open("w", encoding="utf-8", newline="\n") as lines:
        for revision in ordered:
            procedure = revision.guidance.procedure
            head = {
                "procedure_code": procedure.code or None,
                "procedure_slug": procedure.slug,
                "procedure_name": procedure.name,
            }
            lines.write(_json_line({**head, **guidance_record(revision)}))
    entries.append(_file_entry(folder / GUIDANCE_JSONL, len(ordered)))

    data = dictionary()
    (folder / DICTIONARY_JSON).write_text(
        json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    described = sum(len(f["fields"]) for f in data["files"])
    entries.append(_file_entry(folder / DICTIONARY_JSON, described))
    return entries


@dataclass(frozen=True)
class Build:
    """A complete build: its folder and its manifest."""

    version: str
    folder: Path
    manifest: dict[str, Any]
    built_now: bool = False
    seconds: float = 0.0

    @property
    def files(self) -> list[dict[str, Any]]:
        return list(self.manifest["files"])

    def entry(self, name: str) -> dict[str, Any] | None:
        """The manifest's entry for ``name`` (None for a name it does not list)."""
        return next((f for f in self.manifest["files"] if f["name"] == name), None)


def read_build(folder: Path) -> Build | None:
    """The build in ``folder``, or None when it holds no readable manifest."""
    try:
        manifest = json.loads((folder / MANIFEST_JSON).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), list):
        return None
    return Build(
        version=str(manifest.get("version", folder.name)), folder=folder, manifest=manifest
    )


def current_build() -> Build | None:
    """The newest complete build (older ones are removed by the next build), or None."""
    if not root().is_dir():
        return None
    builds = [
        build
        for folder in root().iterdir()
        if folder.is_dir() and not folder.name.startswith(".")
        for build in [read_build(folder)]
        if build is not None
    ]
    return max(builds, key=lambda b: str(b.manifest.get("generated_at", "")), default=None)


def remove_other_versions(keep: str) -> int:
    """Delete the folders of other versions (and leftovers of interrupted builds)."""
    removed = 0
    for folder in root().iterdir():
        if folder.is_dir() and folder.name != keep and not folder.name.startswith(".tmp-"):
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed


def build_exports(*, force: bool = False) -> Build:
    """Build the open data for the current content version (``portal.pdf_files``), unless it
    is built already (``force``: build again). The folder appears complete or not at all."""
    version = content_version()
    target = root() / version
    existing = read_build(target)
    if existing is not None and not force:
        return existing
    started = time.monotonic()
    root().mkdir(parents=True, exist_ok=True)
    now = timezone.localtime(timezone.now())
    partial = root() / f".tmp-{version}-{secrets.token_hex(4)}"
    partial.mkdir()
    try:
        entries = _write_files(partial, now.date())
        manifest = {
            "version": version,
            "generated_at": now.isoformat(timespec="seconds"),
            "licence": LICENCE,
            "sources": _sources(),
            "files": entries,
        }
        (partial / MANIFEST_JSON).write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        if target.exists():
            # A rebuild: the old folder leaves under a hidden name the moment the new one lands.
            replaced = root() / f".old-{version}-{secrets.token_hex(4)}"
            target.rename(replaced)
            partial.rename(target)
            shutil.rmtree(replaced, ignore_errors=True)
        else:
            partial.rename(target)
    finally:
        if partial.exists():
            shutil.rmtree(partial, ignore_errors=True)
    remove_other_versions(keep=version)
    return Build(
        version=version,
        folder=target,
        manifest=manifest,
        built_now=True,
        seconds=time.monotonic() - started,
    )


def content_type(name: str) -> str:
    return CONTENT_TYPES[Path(name).suffix]
