"""Rows to the database: procedures, legal documents and delegations, in one transaction.

Every write goes through the services of ``procedures`` and ``delegation`` (validation, the
history naming the file, the search index); this module decides what to write. Procedures are
matched by national code, else by folded name within the field. Rows are expected to have
passed ``importer.validation``; a row the services still refuse stops the import with its line
number and the whole transaction is rolled back.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from delegation.models import Delegation, LevelChange
from delegation.services import delegation_save, level_change_save
from importer.reading import TEXT_KEYS, ImportFileError, Row
from procedures.models import (
    AuthorityLevel,
    Confidence,
    Field,
    LegalDocument,
    Procedure,
    name_key,
    unique_slug,
)
from procedures.records import (
    authority_level_slug,
    document_key,
    document_kind,
    level_slug,
    parse_article,
    parse_dossier_item,
    parse_legal_basis,
    parse_time_limit,
    preferred_number,
)
from procedures.services import field_save, legal_document_save, procedure_save
from procedures.signals import announce_together
from procedures.text import fold, nfc_value


@dataclass
class ImportReport:
    procedures: Counter = field(default_factory=Counter)
    delegations: Counter = field(default_factory=Counter)
    level_changes: Counter = field(default_factory=Counter)
    documents: Counter = field(default_factory=Counter)
    fields: Counter = field(default_factory=Counter)
    rows: int = 0
    dry_run: bool = False

    def lines(self) -> list[str]:
        def fmt(counter: Counter[str]) -> str:
            return ", ".join(f"{k} {counter[k]}" for k in ("created", "updated", "unchanged"))

        return [
            f"rows read: {self.rows}",
            f"procedures: {fmt(self.procedures)}",
            f"delegations: {fmt(self.delegations)}",
            f"level changes observed: {fmt(self.level_changes)}",
            f"legal documents: created {self.documents['created']}",
            f"fields: created {self.fields['created']}",
        ]


def rows_upsert(*, fmt: str, rows: list[Row], source: str, dry_run: bool = False) -> ImportReport:
    """Write the rows of a ``fmt`` file named ``source`` in one transaction; count what changed.

    With ``dry_run`` everything is written and counted, then rolled back. Raises ImportFileError
    ("line N: reason") and writes nothing when the services refuse a row.
    """
    report = ImportReport(rows=len(rows), dry_run=dry_run)
    try:
        # One search refresh for the whole file, once it is committed.
        with transaction.atomic(), announce_together():
            upsert = _Upsert(report, source=source)
            for row in rows:
                try:
                    if fmt == "jsonl":
                        upsert.record(row)
                    else:
                        upsert.compiled(row)
                except ValidationError as exc:
                    raise ImportFileError([f"line {row.line}: {_messages(exc)}"]) from exc
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return report


class _DryRun(Exception):
    pass


def _messages(exc: ValidationError) -> str:
    if hasattr(exc, "message_dict"):
        return "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
    return " ".join(exc.messages)


def _parse_iso(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _snapshot(procedure: Procedure) -> dict[str, Any]:
    return {
        f.attname: getattr(procedure, f.attname)
        for f in Procedure._meta.concrete_fields
        if f.attname not in ("updated_at", "created_at", "name_key")
    }


class _Upsert:
    def __init__(self, report: ImportReport, source: str):
        self.report = report
        # The reason the history of delegations and legal documents gives for this import.
        self.reason = f"Nhập từ tệp {source}"
        self.levels = {level.slug: level for level in AuthorityLevel.objects.all()}
        self.fields = {}
        for f in Field.objects.all():
            for name in [f.name, *f.alias_list()]:
                self.fields[fold(name)] = f
        self.documents = {document_key(d.number): d for d in LegalDocument.objects.all()}
        self.by_code = {}
        self.by_name = {}
        for p in Procedure.objects.all():
            if p.code:
                self.by_code[p.code] = p
            self.by_name[(p.field_id, p.name_key)] = p
        self.slugs = set(Procedure.objects.values_list("slug", flat=True))

    # Lookups -----------------------------------------------------------------------------

    def field_for(self, name: str) -> Field:
        key = fold(name)
        if key not in self.fields:
            base = slugify(key)[:190] or "linh-vuc"
            slug, n = base, 2
            while Field.objects.filter(slug=slug).exists():
                slug, n = f"{base}-{n}", n + 1
            self.fields[key] = field_save(field=Field(name=name, slug=slug))
            self.report.fields["created"] += 1
        return self.fields[key]

    def document_for(self, number: str, **details: Any) -> LegalDocument:
        """The one document for ``number`` (spellings of one number share it: the official one
        becomes ``number``, the others ``aliases``); its title, date and body filled from
        ``details`` when missing, and a date read from a citation's words replaced by the
        record's structured one."""
        key = document_key(number)
        document = self.documents.get(key)
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
            if document.issued_on:
                document.date_source = details.get("date_source", "")
                document.date_source_record = details.get("source_record", "")
            legal_document_save(document=document, reason=self.reason)
            self.documents[key] = document
            self.report.documents["created"] += 1
            return document
        # Fill what is missing; never overwrite what staff or an earlier source recorded, except
        # a date read from a citation's words, which the record's own date field outranks.
        changed = False
        if number != document.number:
            official = preferred_number(number, document.number)
            other = document.number if official == number else number
            if official != document.number:
                document.number = official
            if other not in document.alias_list():
                document.aliases = ", ".join([*document.alias_list(), other])
            changed = True
        outranks = (
            details.get("date_source") == LegalDocument.DateSource.RECORD
            and document.date_source == LegalDocument.DateSource.TITLE
        )
        if details.get("issued_on") and (not document.issued_on or outranks):
            document.issued_on = details["issued_on"]
            document.date_source = details.get("date_source", "")
            document.date_source_record = details.get("source_record", "")
            if outranks and details.get("issuing_body"):
                document.issuing_body = details["issuing_body"]
            changed = True
        for attr in ("title", "issuing_body"):
            if details.get(attr) and not getattr(document, attr):
                setattr(document, attr, details[attr])
                changed = True
        if changed:
            legal_document_save(document=document, reason=self.reason)
        return document

    def find_procedure(self, code: str | None, field_obj: Field, name: str) -> Procedure | None:
        if code and code in self.by_code:
            return self.by_code[code]
        candidate = self.by_name.get((field_obj.pk, name_key(name)))
        # Different codes are different procedures, even under the same name (province variants).
        if candidate is not None and code and candidate.code:
            return None
        return candidate

    def save_procedure(
        self,
        procedure: Procedure,
        created: bool,
        before: dict | None,
        legal_documents: list[LegalDocument] | None = None,
    ) -> None:
        """Save ``procedure`` unless nothing changed (``legal_documents``: new ones, or None)."""
        if not created and before == _snapshot(procedure) and legal_documents is None:
            self.report.procedures["unchanged"] += 1
            return
        if created:
            procedure.slug = unique_slug(
                procedure.name, procedure.code, Procedure.objects.none(), taken=self.slugs
            )
        procedure_save(procedure=procedure, legal_documents=legal_documents)
        self.report.procedures["created" if created else "updated"] += 1
        if procedure.code:
            self.by_code[procedure.code] = procedure
        self.by_name[(procedure.field_id, procedure.name_key)] = procedure
        self.slugs.add(procedure.slug)

    # Records -----------------------------------------------------------------------------

    def record(self, row: Row) -> None:
        data = nfc_value(row.data)
        code = (data.get("code") or "").strip() or None
        field_obj = self.field_for(data["field"].strip())
        found = self.find_procedure(code, field_obj, data["name"])
        created = found is None
        procedure = Procedure(code=code) if found is None else found
        before = None if created else _snapshot(procedure)

        procedure.name = data["name"].strip()
        procedure.field = field_obj
        named = data["field"].strip()
        procedure.source_field_name = "" if fold(named) == fold(field_obj.name) else named
        if code:
            procedure.code = code
        if "field_code" in data and data["field_code"] and not field_obj.code:
            field_obj.code = data["field_code"]
            field_save(field=field_obj)
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

        new_documents = None  # the documents cited, when they differ from the stored ones
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
                            date_source=cited.date_source,
                            source_record=procedure.code or "",
                        )
                    )
            stored = (
                None if created else set(procedure.legal_documents.values_list("pk", flat=True))
            )
            if {d.pk for d in documents} != stored:
                new_documents = documents
            self.save_procedure(procedure, created, before, new_documents)
        else:
            self.save_procedure(procedure, created, before)
            documents = list(procedure.legal_documents.all())
        for version in data.get("earlier_versions") or []:
            self.observe_change(procedure, version, documents)

    def observe_change(
        self, procedure: Procedure, version: dict[str, Any], documents: list[LegalDocument]
    ) -> None:
        """Record a change of level seen between an older record and this one (not a delegation:
        no source gives its basis, its date or who decided it)."""
        old = self.levels.get(level_slug(version.get("level", ""), version.get("agency", "")) or "")
        new = procedure.level
        if old is None or new is None or old == new:
            return
        before = _parse_iso(version.get("source_date"))
        after = procedure.source_date
        if before and after and after <= before:
            return
        old_file = ""
        if version.get("source_repo") or version.get("source_path"):
            old_file = f"{version.get('source_repo', '')}:{version.get('source_path', '')}"
        values = {
            "old_agency": (version.get("agency") or "").strip(),
            "old_decision": (version.get("decision") or "").strip(),
            "old_date": before,
            "old_file": old_file,
            "new_code": procedure.code or "",
            "new_date": after,
            "new_file": f"{procedure.source_repo}:{procedure.source_path}"
            if procedure.source_repo
            else "",
            "matched_by": version.get("matched_by", ""),
        }
        key = {"old_code": (version.get("code") or "").strip(), "old_level": old, "new_level": new}
        existing = LevelChange.objects.filter(procedure=procedure, **key).first()
        if existing is None:
            level_change_save(
                change=LevelChange(procedure=procedure, **key, **values), reason=self.reason
            )
            self.report.level_changes["created"] += 1
            return
        changed = [k for k, v in values.items() if getattr(existing, k) != nfc_value(v)]
        if not changed:
            self.report.level_changes["unchanged"] += 1
            return
        for k in changed:
            setattr(existing, k, values[k])
        level_change_save(change=existing, reason=self.reason)
        self.report.level_changes["updated"] += 1

    def upsert_delegation(
        self,
        procedure: Procedure,
        *,
        key: dict[str, Any],
        values: dict[str, Any],
        cited: list[LegalDocument] | None = None,
    ) -> None:
        existing = Delegation.objects.filter(procedure=procedure, **key).first()
        if existing is None:
            delegation_save(
                delegation=Delegation(procedure=procedure, **key, **values),
                cited_documents=cited or None,
                reason=self.reason,
            )
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
        delegation_save(
            delegation=existing,
            cited_documents=cited if cited_changed else None,
            reason=self.reason,
        )
        self.report.delegations["updated"] += 1

    # Compiled delegations (CSV) ------------------------------------------------------------

    def compiled(self, row: Row) -> None:
        data = row.data
        code = data.get("code") or None
        field_obj = self.field_for(data["field_vi"])
        found = self.find_procedure(code, field_obj, data["name_vi"])
        created = found is None
        to_slug = data.get("to_level") or authority_level_slug(data.get("authority_after", ""))
        from_slug = data.get("from_level") or authority_level_slug(data.get("authority_before", ""))
        to_level = self.levels.get(to_slug or "")
        procedure = (
            # No national record names it (absent from both crawls): not known to be in force.
            Procedure(
                code=code,
                name=data["name_vi"],
                field=field_obj,
                status=Procedure.Status.UNCONFIRMED,
            )
            if found is None
            else found
        )
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
        # What the row rests on: a legal text only when it names the document.
        origin = data.get("origin") or (
            Delegation.Origin.LEGAL_TEXT if document else Delegation.Origin.PROVINCIAL_PORTAL
        )
        confidence = (
            Confidence.LEGAL_TEXT
            if origin == Delegation.Origin.LEGAL_TEXT
            else Confidence.RECORD
            if origin in (Delegation.Origin.PROVINCIAL_PORTAL, Delegation.Origin.NATIONAL_RECORD)
            else Confidence.UNKNOWN
        )
        self.upsert_delegation(
            procedure,
            key={
                "origin": origin,
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
                "confidence": confidence,
            },
        )
