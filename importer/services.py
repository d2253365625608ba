"""The import as one call: read the file, check every row, then write them all or nothing."""

from pathlib import Path

from importer.reading import ImportFileError, read_rows
from importer.upsert import ImportReport, rows_upsert
from importer.validation import validate_rows


def procedures_import(*, path: Path, dry_run: bool = False) -> ImportReport:
    """Import a JSON Lines export or a compiled CSV in one transaction.

    Raises ImportFileError (with "line N: reason" entries) and writes nothing when any row is bad.
    With ``dry_run`` everything is checked and counted, then rolled back.
    """
    path = Path(path)
    fmt, rows = read_rows(path)
    errors = validate_rows(fmt, rows)
    if errors:
        raise ImportFileError(errors)
    return rows_upsert(fmt=fmt, rows=rows, source=path.name, dry_run=dry_run)
