"""``manage.py load_export FOLDER [--dry-run]``: load a folder built by ``build_exports`` (the
open data, portal/exports.py) into a database that does not hold its procedures yet: the
procedures with their record, delegations and observed level changes (``procedures.jsonl``),
and the published national guidance (``guidance.jsonl``), published again as of its
``published_at``.

Everything goes through the apps' services (``procedure_save``, ``delegation_save``,
``level_change_save``, the handbook's draft → submit → publish) in one transaction: a malformed
line, an unknown level or legal document, or a file that does not match ``manifest.json``
stops the load with the file and line, and nothing is written. The levels, legal documents and
provinces are the reference data's (``load_initial_data``); a missing field is created.
"""

import datetime
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q

from delegation.models import Delegation, LevelChange
from delegation.services import delegation_save, level_change_save
from handbook.models import SECTION_FIELDS, Revision
from handbook.services import (
    guidance_get_or_create,
    revision_create_draft,
    revision_publish,
    revision_submit,
)
from portal import exports
from procedures.models import AuthorityLevel, Field, LegalDocument, Procedure
from procedures.services import field_save, procedure_save

RECORD_TEXT = [
    "promulgating_body",
    "decision",
    "level_text",
    "agency",
    "competent_authority",
    "receiving_address",
    "steps",
    "channels",
    "dossier_sets",
    "subjects",
    "result",
    "fees",
    "requirements",
    "source_field_name",
]
DELEGATION_TEXT = [
    "kind",
    "origin",
    "confidence",
    "article",
    "legal_basis_text",
    "from_body",
    "receiving_body",
    "deciding_body",
    "source_record_code",
    "source_file",
    "source_url",
    "entered_by",
    "time_limit_text",
    "notes",
]


class Refusal(Exception):
    """A line that cannot be loaded; the command names its file and line."""


class DryRun(Exception):
    """Raised at the end of a dry run so that the transaction is rolled back."""


def _lines(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """Each line of a JSON Lines file as (line number, object)."""
    with path.open("rb") as stream:
        for number, raw in enumerate(stream, start=1):
            try:
                text = raw.decode("utf-8")
                data = json.loads(text)
            except UnicodeDecodeError:
                raise CommandError(f"{path.name}, line {number}: not UTF-8") from None
            except json.JSONDecodeError as error:
                raise CommandError(
                    f"{path.name}, line {number}: not JSON ({error.msg}, column {error.colno})"
                ) from None
            if not isinstance(data, dict):
                raise CommandError(f"{path.name}, line {number}: not a JSON object")
            yield number, data


def _str(data: dict[str, Any], key: str, *, required: bool = False) -> str:
    value = data.get(key)
    if value is None or value == "":
        if required:
            raise Refusal(f"“{key}” is missing")
        return ""
    if not isinstance(value, str):
        raise Refusal(f"“{key}” is not a string")
    return value


def _object(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key) or {}
    if not isinstance(value, dict):
        raise Refusal(f"“{key}” is not an object")
    return value


def _list(data: dict[str, Any], key: str) -> list[Any]:
    value = data.get(key) or []
    if not isinstance(value, list):
        raise Refusal(f"“{key}” is not a list")
    return value


def _date(data: dict[str, Any], key: str) -> datetime.date | None:
    value = _str(data, key)
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        raise Refusal(f"“{key}” is not a date: {value!r}") from None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


class Loader:
    """Reads the reference rows once and builds each record through the services."""

    def __init__(self, source: str):
        self.reason = f"load_export {source}"
        self.levels = {level.slug: level for level in AuthorityLevel.objects.all()}
        self.documents = {d.number: d for d in LegalDocument.objects.all()}
        self.fields = {field.slug: field for field in Field.objects.all()}
        self.procedures: dict[str, Procedure] = {}
        self.counts = {"procedures": 0, "delegations": 0, "level_changes": 0, "guidance": 0}

    def level(self, value: Any, *, required: bool = True) -> AuthorityLevel | None:
        if value is None and not required:
            return None
        if not isinstance(value, dict) or not isinstance(value.get("slug"), str):
            raise Refusal(f"a level is not {{slug, name}}: {value!r}")
        found = self.levels.get(value["slug"])
        if found is None:
            raise Refusal(f"unknown authority level “{value['slug']}”")
        return found

    def document(self, number: Any) -> LegalDocument:
        found = self.documents.get(number) if isinstance(number, str) else None
        if found is None:
            raise Refusal(
                f"legal document “{number}” is not in the database (load_initial_data loads "
                "the legal documents)"
            )
        return found

    def documents_of(self, data: dict[str, Any], key: str) -> list[LegalDocument]:
        return [self.document(number) for number in _list(data, key)]

    def field(self, value: dict[str, Any]) -> Field:
        slug, name = _str(value, "slug", required=True), _str(value, "name", required=True)
        if slug not in self.fields:
            self.fields[slug] = field_save(field=Field(slug=slug, name=name))
        return self.fields[slug]

    def procedure(self, data: dict[str, Any]) -> Procedure:
        limit = _object(data, "time_limit")
        source = _object(data, "source")
        value = limit.get("value")
        if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
            raise Refusal("“time_limit.value” is not a whole number")
        procedure = Procedure(
            code=_str(data, "code") or None,
            slug=_str(data, "slug", required=True),
            name=_str(data, "name", required=True),
            kind=_str(data, "kind") or Procedure.Kind.PROCEDURE,
            status=_str(data, "status", required=True),
            field=self.field(_object(data, "field")),
            level=self.level(data.get("level"), required=False),
            dossier=_list(data, "dossier"),
            forms=_list(data, "forms"),
            legal_basis=_list(data, "legal_basis"),
            time_limit_value=value,
            time_limit_unit=_str(limit, "unit"),
            time_limit_text=_str(limit, "text"),
            source_url=_str(source, "url"),
            source_date=_date(source, "date"),
            source_repo=_str(source, "repo"),
            source_path=_str(source, "path"),
            **{name: _str(data, name) for name in RECORD_TEXT},
        )
        procedure = procedure_save(
            procedure=procedure, legal_documents=self.documents_of(data, "legal_documents")
        )
        self.procedures[procedure.slug] = procedure
        self.counts["procedures"] += 1
        for item in _list(data, "delegations"):
            if not isinstance(item, dict):
                raise Refusal("a delegation is not an object")
            self.delegation(procedure, item)
        for item in _list(data, "level_changes"):
            if not isinstance(item, dict):
                raise Refusal("a level change is not an object")
            self.level_change(procedure, item)
        return procedure

    def delegation(self, procedure: Procedure, data: dict[str, Any]) -> Delegation:
        number = data.get("legal_document")
        delegation = Delegation(
            procedure=procedure,
            from_level=self.level(data.get("from_level"), required=False),
            to_level=self.level(data.get("to_level")),
            legal_document=self.document(number) if number is not None else None,
            effective_from=_date(data, "effective_from"),
            effective_until=_date(data, "effective_until"),
            source_record_date=_date(data, "source_record_date"),
            entered_on=_date(data, "entered_on"),
            **{name: _str(data, name) for name in DELEGATION_TEXT},
        )
        self.counts["delegations"] += 1
        return delegation_save(
            delegation=delegation,
            cited_documents=self.documents_of(data, "cited_documents"),
            reason=self.reason,
        )

    def level_change(self, procedure: Procedure, data: dict[str, Any]) -> LevelChange:
        before, after = _object(data, "before"), _object(data, "after")
        change = LevelChange(
            procedure=procedure,
            old_code=_str(before, "code"),
            old_level=self.level(before.get("level")),
            old_agency=_str(before, "agency"),
            old_decision=_str(before, "decision"),
            old_date=_date(before, "date"),
            old_file=_str(before, "file"),
            new_code=_str(after, "code"),
            new_level=self.level(after.get("level")),
            new_date=_date(after, "date"),
            new_file=_str(after, "file"),
            matched_by=_str(data, "matched_by"),
            notes=_str(data, "notes"),
        )
        self.counts["level_changes"] += 1
        return level_change_save(change=change, reason=self.reason)

    def guidance(self, data: dict[str, Any]) -> Revision:
        slug = _str(data, "procedure_slug", required=True)
        procedure = self.procedures.get(slug)
        if procedure is None:
            raise Refusal(f"procedure “{slug}” is not in {exports.PROCEDURES_JSONL}")
        sections = _object(data, "sections")
        unknown = set(sections) - set(SECTION_FIELDS)
        if unknown:
            raise Refusal(f"unknown sections: {', '.join(sorted(unknown))}")
        published = _str(data, "published_at", required=True)
        try:
            at = datetime.datetime.fromisoformat(published)
        except ValueError:
            raise Refusal(f"“published_at” is not a moment: {published!r}") from None
        if at.tzinfo is None:
            raise Refusal("“published_at” has no time zone")
        guidance = guidance_get_or_create(procedure=procedure)
        if Revision.objects.published().national().filter(guidance=guidance).exists():
            raise Refusal(f"procedure “{slug}” has published guidance twice")
        # No service sets a guidance's cited documents (the admin's form does, as here).
        guidance.cited_documents.set(self.documents_of(data, "cited_documents"))
        revision = revision_create_draft(
            guidance=guidance,
            author=None,
            sections={name: _str(sections, name) for name in sections},
            summary=_str(data, "summary"),
            change_note=_str(data, "change_note"),
            change_kind=_str(data, "change_kind") or Revision.ChangeKind.MAJOR,
        )
        revision_submit(revision=revision, user=None)
        self.counts["guidance"] += 1
        return revision_publish(revision=revision, user=None, at=at)


class Command(BaseCommand):
    help = "Load a folder built by build_exports into a database without its procedures."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="a folder written by build_exports")
        parser.add_argument(
            "--dry-run", action="store_true", help="check and load, then roll everything back"
        )

    def handle(self, *args, folder, dry_run, **options):
        path = Path(folder)
        procedures_file = path / exports.PROCEDURES_JSONL
        guidance_file = path / exports.GUIDANCE_JSONL
        self.check_manifest(path, [procedures_file, guidance_file])
        procedures = list(_lines(procedures_file))
        guidance = list(_lines(guidance_file))
        self.refuse_loaded(procedures)
        loader = Loader(path.name)
        try:
            with transaction.atomic():
                for file, rows, load in [
                    (procedures_file, procedures, loader.procedure),
                    (guidance_file, guidance, loader.guidance),
                ]:
                    for number, data in rows:
                        try:
                            load(data)
                        except Refusal as refusal:
                            raise CommandError(f"{file.name}, line {number}: {refusal}") from None
                        except ValidationError as error:
                            raise CommandError(
                                f"{file.name}, line {number}: {'; '.join(error.messages)}"
                            ) from None
                        except (TypeError, ValueError) as error:
                            raise CommandError(f"{file.name}, line {number}: {error}") from None
                if dry_run:
                    raise DryRun
        except DryRun:
            pass
        counts = loader.counts
        self.stdout.write(
            f"{'Checked (dry run, nothing written)' if dry_run else 'Loaded'} from {path}: "
            f"{counts['procedures']} procedures, {counts['delegations']} delegations, "
            f"{counts['level_changes']} level changes, {counts['guidance']} published guidance."
        )

    def check_manifest(self, folder: Path, files: list[Path]) -> None:
        build = exports.read_build(folder)
        if build is None:
            raise CommandError(f"{folder}: no readable {exports.MANIFEST_JSON}; not a build")
        for file in files:
            entry = build.entry(file.name)
            if entry is None or not file.is_file():
                raise CommandError(f"{folder}: {file.name} is missing")
            if _sha256(file) != entry.get("sha256"):
                raise CommandError(
                    f"{file.name}: its SHA-256 does not match {exports.MANIFEST_JSON} (the "
                    "file changed or is incomplete)"
                )

    def refuse_loaded(self, rows: list[tuple[int, dict[str, Any]]]) -> None:
        """Refuse before writing when the database already holds any of the procedures."""
        slugs = {s: n for n, data in rows if isinstance(s := data.get("slug"), str)}
        codes = {c: n for n, data in rows if isinstance(c := data.get("code"), str) and c}
        held = Procedure.objects.filter(Q(slug__in=list(slugs)) | Q(code__in=list(codes)))
        first = held.order_by("slug").values_list("slug", "code").first()
        if first is not None:
            number = slugs.get(first[0]) or codes.get(first[1])
            raise CommandError(
                f"{exports.PROCEDURES_JSONL}, line {number}: the database already holds "
                f"“{first[1] or first[0]}” ({held.count()} of these procedures in all); "
                "load_export loads into a database without them"
            )
