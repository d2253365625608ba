"""``manage.py restore FILE [--replace]``: load an archive written by ``backup`` into this
database (migrated first) and media/, then check every table's row count against the archive's
manifest. An archive is refused over a database that already holds content unless
``--replace`` (which empties the database first)."""

import json
import shutil
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from procedures.models import Procedure
from site_setup.backup import DATA, FORMAT, MANIFEST, MEDIA, counted_models, row_counts


class Command(BaseCommand):
    help = "Restore the database and media/ from an archive written by `manage.py backup`."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--replace", action="store_true", help="empty a database that holds content first"
        )

    def handle(self, *args, archive, replace, **options):
        if not archive.is_file():
            raise CommandError(f"{archive}: no such file")
        call_command("migrate", verbosity=0, interactive=False)
        if Procedure.objects.exists() and not replace:
            raise CommandError(
                "This database already holds content: restore into an empty database, or "
                "pass --replace to empty it first."
            )
        with tempfile.TemporaryDirectory() as work_dir, tarfile.open(archive, "r:gz") as tar:
            members = tar.getmembers()
            for member in members:
                path = PurePosixPath(member.name)
                if (
                    path.is_absolute()
                    or ".." in path.parts
                    or not (member.isfile() or member.isdir())
                ):
                    raise CommandError(f"{archive}: unsafe entry {member.name!r}")
            tar.extractall(work_dir, members=members, filter="data")
            work = Path(work_dir)
            try:
                manifest = json.loads((work / MANIFEST).read_text(encoding="utf-8"))
            except (FileNotFoundError, json.JSONDecodeError):
                raise CommandError(f"{archive}: not an archive written by backup") from None
            if manifest.get("format") != FORMAT:
                raise CommandError(f"{archive}: archive format {manifest.get('format')} unknown")
            with transaction.atomic():
                if replace:
                    for model in reversed(list(counted_models())):
                        model._default_manager.all().delete()
                # The archive holds the history tables as they were: loading must not add to
                # them (django-simple-history records many-to-many changes even when raw).
                with override_settings(SIMPLE_HISTORY_ENABLED=False):
                    call_command("loaddata", str(work / DATA), verbosity=0)
                found = row_counts()
                differ = {
                    label: (count, found.get(label))
                    for label, count in manifest["counts"].items()
                    if found.get(label) != count
                }
                if differ:
                    raise CommandError(f"row counts differ after loading (archive, here): {differ}")
            media = work / MEDIA
            if media.is_dir():
                shutil.copytree(media, Path(settings.MEDIA_ROOT), dirs_exist_ok=True)
        self.stdout.write(
            f"Restored {sum(manifest['counts'].values())} rows and {manifest['media_files']} "
            f"media files from {archive} (written {manifest['created_at']})."
        )
