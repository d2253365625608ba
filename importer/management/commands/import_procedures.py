from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from importer.reading import ImportFileError
from importer.services import procedures_import

MAX_ERRORS_SHOWN = 50


class Command(BaseCommand):
    help = (
        "Import procedure records: a JSON Lines export of the national database "
        "(tthc_records.jsonl) or a compiled CSV of delegated procedures (procedures.csv). "
        "Idempotent; one transaction; a bad row stops the import with its line number."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="a .jsonl or .csv file")
        parser.add_argument(
            "--dry-run", action="store_true", help="check and count, then write nothing"
        )

    def handle(self, *args: object, file: Path, dry_run: bool, **options: object) -> None:
        try:
            report = procedures_import(path=file, dry_run=dry_run)
        except ImportFileError as exc:
            shown = exc.errors[:MAX_ERRORS_SHOWN]
            more = len(exc.errors) - len(shown)
            message = "\n".join(shown) + (f"\n... and {more} more" if more > 0 else "")
            raise CommandError(f"{file}: nothing imported.\n{message}") from exc
        prefix = "[dry run, nothing written] " if dry_run else ""
        self.stdout.write(f"{prefix}{file}")
        for line in report.lines():
            self.stdout.write(f"  {line}")
