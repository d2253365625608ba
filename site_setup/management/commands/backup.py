"""``manage.py backup [--output FILE]``: the database and media/ in one archive (see README,
"Backup and restore")."""

from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone

from site_setup.backup import write_backup


class Command(BaseCommand):
    help = "Write the database and the media/ attachments into one .tar.gz archive."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            help="the archive to write (default: backups/camnang-<date-time>.tar.gz)",
        )

    def handle(self, *args, output, **options):
        target = output or Path("backups") / (
            f"camnang-{timezone.localtime():%Y%m%d-%H%M%S}.tar.gz"
        )
        manifest = write_backup(target)
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            f"{target}: {rows} rows in {len(manifest['counts'])} tables, "
            f"{manifest['media_files']} media files."
        )
