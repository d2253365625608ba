"""Rows to errors: every problem of a file as "line N: reason", before anything is written."""

import datetime

from django.core.exceptions import ValidationError

from delegation.models import Delegation
from importer.reading import TEXT_KEYS, Row
from procedures.models import AuthorityLevel, Procedure, code_validator

DELEGATION_KINDS = {choice.value for choice in Delegation.Kind}
DELEGATION_ORIGINS = {choice.value for choice in Delegation.Origin}
PROCEDURE_KINDS = {choice.value for choice in Procedure.Kind}
PROCEDURE_STATUSES = {choice.value for choice in Procedure.Status}


def validate_rows(fmt: str, rows: list[Row]) -> list[str]:
    """Every problem in the rows of a ``fmt`` file, as "line N: reason"; empty when it can be
    imported. Reads the authority levels; writes nothing."""
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


def _parse_date(value: str, line: int, key: str, errors: list[str]) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value.strip())
    except ValueError:
        errors.append(f"line {line}: {key} {value!r} is not a date (YYYY-MM-DD)")
        return None


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
    origin = data.get("origin", "")
    if origin and origin not in DELEGATION_ORIGINS:
        errors.append(f"line {line}: origin {origin!r} is not one of {sorted(DELEGATION_ORIGINS)}")
    if origin == Delegation.Origin.LEGAL_TEXT and not data.get("legal_document"):
        errors.append(f"line {line}: origin van_ban needs a legal_document")
    if data.get("article") and not (data.get("legal_document") or data.get("legal_basis")):
        errors.append(f"line {line}: an article needs a legal_document")
    return errors
