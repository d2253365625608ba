"""Importing procedure records and delegations, as ministry staff do with a new export.

Two formats are read:

- JSON Lines, one national record per line (the keys of ``tthc_records.jsonl``). A key that is
  absent leaves the stored value alone; a key present but empty means the source gives none.
- CSV with the columns of ``procedures.csv`` (a compiled list of delegated procedures), plus the
  optional columns the project's own fixture adds (``kind``, ``from_level``, ``to_level``,
  ``receiving_body``, ``deciding_body``, ``legal_document``, ``article``, ``effective_until``).
  An empty cell is "not recorded": it never overwrites what a record already holds.

Procedures are matched by national code, else by folded name within the field. The whole file is
checked first; a bad row stops the import with its line number and nothing is written.
"""

import csv
import datetime
import io
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from delegation.models import Delegation
from procedures.models import (
    AuthorityLevel,
    Field,
    LegalDocument,
    Procedure,
    code_validator,
    name_key,
    unique_slug,
)
from procedures.records import (
    authority_level_slug,
    document_kind,
    level_slug,
    parse_article,
    parse_dossier_item,
    parse_legal_basis,
    parse_time_limit,
)
from procedures.signals import announce_changed
from procedures.text import fold, nfc, nfc_value

CSV_REQUIRED = ["name_vi", "field_vi"]
DELEGATION_KINDS = {choice.value for choice in Delegation.Kind}
PROCEDURE_KINDS = {choice.value for choice in Procedure.Kind}
PROCEDURE_STATUSES = {choice.value for choice in Procedure.Status}

# JSON key -> Procedure field, for plain text sections.
TEXT_KEYS = {
    "agency": "agency",
    "competent_authority": "competent_authority",
    "receiving_address": "receiving_address",
    "steps": "steps",
    "channels": "channels",
    "subjects": "subjects",
    "result": "result",
    "fees": "fees",
    "requirements": "requirements",
    "decision": "decision",
    "promulgating_body": "promulgating_body",
    "source_url": "source_url",
    "source_repo": "source_repo",
    "source_path": "source_path",
    "level": "level_text",
    "dossier_sets": "dossier_sets",
}


class ImportFileError(Exception):
    """The file cannot be imported; ``errors`` lists "line N: reason" strings."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class ImportReport:
    procedures: Counter = field(default_factory=Counter)
    delegations: Counter = field(default_factory=Counter)
    documents: Counter = field(default_factory=Counter)
    fields: Counter = field(default_factory=Counter)
    rows: int = 0
    dry_run: bool = False

    def lines(self) -> list[str]:
        def fmt(counter):
            return ", ".join(f"{k} {counter[k]}" for k in ("created", "updated", "unchanged"))

        return [
            f"rows read: {self.rows}",
            f"procedures: {fmt(self.procedures)}",
            f"delegations: {fmt(self.delegations)}",
            f"legal documents: created {self.documents['created']}",
            f"fields: created {self.fields['created']}",
        ]


@dataclass
class Row:
    line: int
    data: dict


def _parse_date(value: str, line: int, key: str, errors: list[str]) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value.strip())
    except ValueError:
        errors.append(f"line {line}: {key} {value!r} is not a date (YYYY-MM-DD)")
        return None


def read_rows(path: Path) -> tuple[str, list[Row]]:
    """Read ``path`` as JSON Lines or CSV; raise ImportFileError with line numbers on bad input."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportFileError([f"cannot read {path}: {exc.strerror}"]) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ImportFileError([f"line {line}: not UTF-8 text"]) from exc
    text = nfc(text)
    if path.suffix.lower() in (".jsonl", ".json", ".ndjson") or text.lstrip().startswith("{"):
        return "jsonl", _read_jsonl(text)
    return "csv", _read_csv(text)


def _read_jsonl(text: str) -> list[Row]:
    rows, errors = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(f"line {number}: invalid JSON ({exc.msg}, column {exc.colno})")
            continue
        if not isinstance(data, dict):
            errors.append(f"line {number}: expected a JSON object")
            continue
        rows.append(Row(number, data))
    if errors:
        raise ImportFileError(errors)
    return rows


def _read_csv(text: str) -> list[Row]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [c for c in CSV_REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        raise ImportFileError([f"line 1: missing column(s) {', '.join(missing)}"])
    rows, errors = [], []
    start = 2
    try:
        for data in reader:
            if None in data:
                errors.append(f"line {start}: more cells than columns")
            rows.append(Row(start, {k: (v or "").strip() for k, v in data.items() if k}))
            start = reader.line_num + 1
    except csv.Error as exc:
        errors.append(f"line {reader.line_num}: {exc}")
    if errors:
        raise ImportFileError(errors)
    return rows


class _Importer:
    def __init__(self, report: ImportReport, source: str):
        self.report = report
        # The reason the history of delegations and legal documents gives for this import.
        self.reason = f"Nhập từ tệp {source}"
        self.levels = {level.slug: level for level in AuthorityLevel.objects.all()}
        self.fields = {}
        for f in Field.objects.all():
            for name in [f.name, *f.alias_list()]:
                self.fields[fold(name)] = f
        self.documents = {d.number: d for d in LegalDocument.objects.all()}
        self.by_code = {}
        self.by_name = {}
        for p in Procedure.objects.all():
            if p.code:
                self.by_code[p.code] = p
            self.by_name[(p.field_id, p.name_key)] = p
        self.slugs = set(Procedure.objects.values_list("slug", flat=True))
        self.touched: set[int] = set()  # procedures the file names (search re-indexes them)

    # Lookups -----------------------------------------------------------------------------

    def field_for(self, name: str) -> Field:
        key = fold(name)
        if key not in self.fields:
            base = slugify(key)[:190] or "linh-vuc"
            slug, n = base, 2
            while Field.objects.filter(slug=slug).exists():
                slug, n = f"{base}-{n}", n + 1
            self.fields[key] = Field.objects.create(name=name, slug=slug)
            self.report.fields["created"] += 1
        return self.fields[key]

    def document_for(self, number: str, **details) -> LegalDocument:
        document = self.documents.get(number)
        if document is None:
            base = slugify(fold(number))[:70] or "van-ban"
            slug, n = base, 2
            while LegalDocument.objects.filter(slug=slug).exists():
                slug, n = f"{base}-{n}", n + 1
            document = LegalDocument(
                number=number,
                slug=slug,
                kind=details.get("kind") or document_kind(number),
                title=details.get("title", ""),
                issued_on=details.get("issued_on"),
                issuing_body=details.get("issuing_body", ""),
            )
            document._change_reason = self.reason
            document.save()
            self.documents[number] = document
            self.report.documents["created"] += 1
        else:
            # Fill what is missing; never overwrite what staff or an earlier source recorded.
            changed = False
            for attr in ("title", "issued_on", "issuing_body"):
                if details.get(attr) and not getattr(document, attr):
                    setattr(document, attr, details[attr])
                    changed = True
            if changed:
                document._change_reason = self.reason
                document.save()
        return document

    def find_procedure(self, code: str | None, field_obj: Field, name: str) -> Procedure | None:
        if code and code in self.by_code:
            return self.by_code[code]
        candidate = self.by_name.get((field_obj.pk, name_key(name)))
        # Different codes are different procedures, even under the same name (province variants).
        if candidate is not None and code and candidate.code:
            return None
        return candidate

    def remember(self, procedure: Procedure) -> None:
        if procedure.code:
            self.by_code[procedure.code] = procedure
        self.by_name[(procedure.field_id, procedure.name_key)] = procedure
        self.slugs.add(procedure.slug)

    def save_procedure(self, procedure: Procedure, created: bool, before: dict | None) -> None:
        if not created and before == _snapshot(procedure):
            self.report.procedures["unchanged"] += 1
            self.touched.add(procedure.pk)
            return
        if created:
            procedure.slug = unique_slug(
                procedure.name, procedure.code, Procedure.objects.none(), taken=self.slugs
            )
        procedure.full_clean(exclude=["slug", "name_key"], validate_unique=False)
        procedure.save()
        self.touched.add(procedure.pk)
        self.report.procedures["created" if created else "updated"] += 1
        self.remember(procedure)

    # Records -----------------------------------------------------------------------------

    def import_record(self, row: Row) -> None:
        data = nfc_value(row.data)
        code = (data.get("code") or "").strip() or None
        field_obj = self.field_for(data["field"].strip())
        procedure = self.find_procedure(code, field_obj, data["name"])
        created = procedure is None
        if created:
            procedure = Procedure(code=code)
        before = None if created else _snapshot(procedure)

        procedure.name = data["name"].strip()
        procedure.field = field_obj
        if code:
            procedure.code = code
        if "field_code" in data and data["field_code"] and not field_obj.code:
            field_obj.code = data["field_code"]
            field_obj.save(update_fields=["code"])
        for key, attr in TEXT_KEYS.items():
            if key in data:
                setattr(procedure, attr, (data[key] or "").strip())
        if "kind" in data:
            procedure.kind = data["kind"] or Procedure.Kind.PROCEDURE
        if "status" in data:
            procedure.status = data["status"]
        elif "post_reform" in data:
            procedure.status = (
                Procedure.Status.IN_FORCE if data["post_reform"] else Procedure.Status.UNCONFIRMED
            )
        if "level" in data:
            slug = level_slug(
                data.get("level", ""), data.get("agency", ""), data.get("competent_authority", "")
            )
            procedure.level = self.levels.get(slug) if slug else None
        if "time_limit" in data:
            procedure.time_limit_text = (data["time_limit"] or "").strip()
            value, unit = parse_time_limit(procedure.time_limit_text)
            procedure.time_limit_value, procedure.time_limit_unit = value, unit
        if "dossier" in data:
            procedure.dossier = [parse_dossier_item(x) for x in data["dossier"] or [] if x.strip()]
        if "forms" in data:
            procedure.forms = [x.strip() for x in data["forms"] or [] if x.strip()]
        if "legal_basis" in data:
            procedure.legal_basis = [x.strip() for x in data["legal_basis"] or [] if x.strip()]
        if "source_date" in data:
            procedure.source_date = (
                datetime.date.fromisoformat(data["source_date"]) if data["source_date"] else None
            )

        docs_before = (
            None if created else set(procedure.legal_documents.values_list("pk", flat=True))
        )
        self.save_procedure(procedure, created, before)
        if "legal_basis" in data:
            documents = []
            for line in procedure.legal_basis:
                cited = parse_legal_basis(line)
                if cited:
                    documents.append(
                        self.document_for(
                            cited.number,
                            kind=cited.kind,
                            title=cited.title,
                            issued_on=cited.issued_on,
                            issuing_body=cited.issuing_body,
                        )
                    )
            ids = {d.pk for d in documents}
            if ids != docs_before:
                procedure.legal_documents.set(ids)
                if docs_before is not None and before == _snapshot(procedure):
                    self.report.procedures["unchanged"] -= 1
                    self.report.procedures["updated"] += 1
        else:
            documents = list(procedure.legal_documents.all())
        for version in data.get("earlier_versions") or []:
            self.observe_change(procedure, data, version, documents)

    def observe_change(self, procedure, data, version, documents) -> None:
        """Record a change of level seen between an older record and this one."""
        old = self.levels.get(level_slug(version.get("level", ""), version.get("agency", "")) or "")
        new = procedure.level
        if old is None or new is None or old == new:
            return
        before = _parse_iso(version.get("source_date"))
        after = procedure.source_date
        if before and after and after <= before:
            return
        matched = version.get("matched_by", "")
        note = f"Bản ghi cũ {version.get('code', '')}"
        if version.get("decision"):
            note += f" (công bố tại {version['decision']})"
        if matched:
            note += f", đối chiếu theo: {matched}"
        values = {
            "kind": "",
            "from_body": (version.get("agency") or "").strip(),
            "deciding_body": procedure.competent_authority,
            "legal_basis_text": "\n".join(procedure.legal_basis),
            "source_url": procedure.source_url,
            "notes": note + ".",
        }
        self.upsert_delegation(
            procedure,
            key={
                "origin": Delegation.Origin.OBSERVED,
                "from_level": old,
                "to_level": new,
                "observed_before": before,
            },
            values={**values, "observed_after": after},
            cited=documents,
        )

    def upsert_delegation(self, procedure, *, key: dict, values: dict, cited=None) -> None:
        existing = Delegation.objects.filter(procedure=procedure, **key).first()
        if existing is None:
            delegation = Delegation(procedure=procedure, **key, **values)
            delegation.full_clean()
            delegation._change_reason = self.reason
            delegation.save()
            if cited:
                delegation.cited_documents.set(cited)
            self.report.delegations["created"] += 1
            return
        changed = [k for k, v in values.items() if getattr(existing, k) != nfc_value(v)]
        cited_changed = cited is not None and {d.pk for d in cited} != set(
            existing.cited_documents.values_list("pk", flat=True)
        )
        if not changed and not cited_changed:
            self.report.delegations["unchanged"] += 1
            return
        for k in changed:
            setattr(existing, k, values[k])
        existing.full_clean()
        existing._change_reason = self.reason
        existing.save()
        if cited_changed:
            existing.cited_documents.set(cited)
        self.report.delegations["updated"] += 1

    # Compiled delegations (CSV) ------------------------------------------------------------

    def import_compiled(self, row: Row) -> None:
        data = row.data
        code = data.get("code") or None
        field_obj = self.field_for(data["field_vi"])
        procedure = self.find_procedure(code, field_obj, data["name_vi"])
        created = procedure is None
        to_slug = data.get("to_level") or authority_level_slug(data.get("authority_after", ""))
        from_slug = data.get("from_level") or authority_level_slug(data.get("authority_before", ""))
        to_level = self.levels.get(to_slug or "")
        if created:
            procedure = Procedure(code=code, name=data["name_vi"], field=field_obj)
        before = None if created else _snapshot(procedure)
        # Fill only what the stored record lacks: a compiled list never overrides a record.
        fills = {
            "kind": data.get("kind"),
            "level": to_level,
            "time_limit_text": data.get("time_limit"),
            "fees": data.get("fee"),
            "source_url": data.get("source_url"),
        }
        for attr, value in fills.items():
            current = getattr(procedure, attr)
            if value and (not current or (created and attr == "kind")):
                setattr(procedure, attr, value)
        if fills["time_limit_text"] and procedure.time_limit_text == fills["time_limit_text"]:
            procedure.time_limit_value, procedure.time_limit_unit = parse_time_limit(
                procedure.time_limit_text
            )
        self.save_procedure(procedure, created, before)

        if to_level is None:
            return
        number = data.get("legal_document") or ""
        basis = data.get("legal_basis", "")
        if not number and basis:
            cited = parse_legal_basis(basis)
            number = cited.number if cited else ""
        document = self.document_for(number) if number else None
        article = data.get("article")
        if article is None:
            article = parse_article(basis.split(";")[0]) if document else ""
        effective_from = _parse_iso(data.get("effective_date"))
        self.upsert_delegation(
            procedure,
            key={
                "origin": Delegation.Origin.LEGAL_TEXT,
                "to_level": to_level,
                "legal_document": document,
                "article": article,
                "effective_from": effective_from,
            },
            values={
                "from_level": self.levels.get(from_slug or ""),
                "kind": data.get("delegation_type", ""),
                "from_body": data.get("authority_before", ""),
                "receiving_body": data.get("receiving_body", ""),
                "deciding_body": data.get("deciding_body") or data.get("authority_after", ""),
                "legal_basis_text": basis,
                "effective_until": _parse_iso(data.get("effective_until")),
                "time_limit_text": data.get("time_limit", ""),
                "source_url": data.get("source_url", ""),
            },
        )


def _parse_iso(value) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _snapshot(procedure: Procedure) -> dict:
    return {
        f.attname: getattr(procedure, f.attname)
        for f in Procedure._meta.concrete_fields
        if f.attname not in ("updated_at", "created_at", "name_key")
    }


def validate_rows(fmt: str, rows: list[Row]) -> list[str]:
    """Every problem in the file, as "line N: reason"; empty when it can be imported."""
    errors: list[str] = []
    seen_codes: dict[str, int] = {}
    levels = set(AuthorityLevel.objects.values_list("slug", flat=True))
    for row in rows:
        data, line = row.data, row.line
        name_key_, field_key = ("name", "field") if fmt == "jsonl" else ("name_vi", "field_vi")
        for key in (name_key_, field_key):
            value = data.get(key)
            if not isinstance(value, str) or not value.strip():
                errors.append(f"line {line}: missing {key}")
        code = data.get("code") or ""
        if not isinstance(code, str):
            errors.append(f"line {line}: code must be text")
            code = ""
        if code:
            try:
                code_validator(code.strip())
            except ValidationError:
                errors.append(f"line {line}: code {code!r} is not of the form 1.005442")
            if code in seen_codes:
                errors.append(f"line {line}: code {code} already on line {seen_codes[code]}")
            seen_codes.setdefault(code, line)
        if fmt == "jsonl":
            errors.extend(_validate_record(data, line))
        else:
            errors.extend(_validate_compiled(data, line, levels))
    return errors


def _validate_record(data: dict, line: int) -> list[str]:
    errors: list[str] = []
    for key in ("dossier", "forms", "legal_basis", "earlier_versions"):
        if key in data and data[key] is not None and not isinstance(data[key], list):
            errors.append(f"line {line}: {key} must be a list")
        elif (
            key in data
            and data[key]
            and key != "earlier_versions"
            and not all(isinstance(x, str) for x in data[key])
        ):
            errors.append(f"line {line}: {key} must be a list of text")
    for key in TEXT_KEYS:
        if key in data and data[key] is not None and not isinstance(data[key], str):
            errors.append(f"line {line}: {key} must be text")
    if data.get("kind") and data["kind"] not in PROCEDURE_KINDS:
        errors.append(f"line {line}: kind {data['kind']!r} is not one of {sorted(PROCEDURE_KINDS)}")
    if data.get("status") and data["status"] not in PROCEDURE_STATUSES:
        errors.append(
            f"line {line}: status {data['status']!r} is not one of {sorted(PROCEDURE_STATUSES)}"
        )
    _parse_date(data.get("source_date") or "", line, "source_date", errors)
    for version in data.get("earlier_versions") or []:
        if not isinstance(version, dict):
            errors.append(f"line {line}: earlier_versions items must be objects")
            continue
        _parse_date(version.get("source_date") or "", line, "earlier_versions.source_date", errors)
    url = data.get("source_url") or ""
    if url and not url.startswith(("http://", "https://")):
        errors.append(f"line {line}: source_url {url!r} is not an http(s) address")
    return errors


def _validate_compiled(data: dict, line: int, levels: set[str]) -> list[str]:
    errors: list[str] = []
    start = _parse_date(data.get("effective_date", ""), line, "effective_date", errors)
    until = _parse_date(data.get("effective_until", ""), line, "effective_until", errors)
    if start and until and until <= start:
        errors.append(f"line {line}: effective_until must be after effective_date")
    kind = data.get("delegation_type", "")
    if kind and kind not in DELEGATION_KINDS:
        errors.append(
            f"line {line}: delegation_type {kind!r} is not one of {sorted(DELEGATION_KINDS)}"
        )
    if data.get("kind") and data["kind"] not in PROCEDURE_KINDS:
        errors.append(f"line {line}: kind {data['kind']!r} is not one of {sorted(PROCEDURE_KINDS)}")
    for key in ("from_level", "to_level"):
        if data.get(key) and data[key] not in levels:
            errors.append(f"line {line}: {key} {data[key]!r} is not a known level")
    if data.get("article") and not (data.get("legal_document") or data.get("legal_basis")):
        errors.append(f"line {line}: an article needs a legal_document")
    return errors


def procedures_import(*, path: Path, dry_run: bool = False) -> ImportReport:
    """Import a JSON Lines export or a compiled CSV in one transaction.

    Raises ImportFileError (with "line N: reason" entries) and writes nothing when any row is bad.
    With ``dry_run`` everything is checked and counted, then rolled back.
    """
    fmt, rows = read_rows(path)
    errors = validate_rows(fmt, rows)
    if errors:
        raise ImportFileError(errors)
    report = ImportReport(rows=len(rows), dry_run=dry_run)
    try:
        with transaction.atomic():
            importer = _Importer(report, source=Path(path).name)
            for row in rows:
                try:
                    if fmt == "jsonl":
                        importer.import_record(row)
                    else:
                        importer.import_compiled(row)
                except ValidationError as exc:
                    raise ImportFileError([f"line {row.line}: {_messages(exc)}"]) from exc
            if dry_run:
                raise _DryRun
            # Search: re-index every procedure the file names, in the same transaction.
            announce_changed(importer.touched)
    except _DryRun:
        pass
    return report


class _DryRun(Exception):
    pass


def _messages(exc: ValidationError) -> str:
    if hasattr(exc, "message_dict"):
        return "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
    return " ".join(exc.messages)
