"""Files to rows: JSON Lines or CSV, each row with the line it starts on. Nothing is written."""

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

from procedures.text import nfc

CSV_REQUIRED = ["name_vi", "field_vi"]

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
class Row:
    line: int
    data: dict


def read_rows(path: Path) -> tuple[str, list[Row]]:
    """Read ``path`` as JSON Lines ("jsonl") or CSV ("csv"), in NFC.

    Raises ImportFileError, with line numbers, for a file that cannot be read or parsed.
    """
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
