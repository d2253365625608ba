from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from support.models import TrainingEvent
from support.services import roster_import


class Command(BaseCommand):
    help = (
        "Import a training roster (CSV: tinh, ho_ten, don_vi, tai_khoan) into a training event, "
        "as the user --by. Every wrong line is reported (“Dòng N: …”) and nothing is written; "
        "a line already on the roster is kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("event", type=int, help="the training event's id (see the admin)")
        parser.add_argument("file", type=Path)
        parser.add_argument("--by", required=True, help="username of who imports it")
        parser.add_argument("--dry-run", action="store_true", help="check and count, write nothing")

    def handle(self, *args, event, file, by, dry_run, **options):
        found = TrainingEvent.objects.filter(pk=event).first()
        if found is None:
            raise CommandError(f"no training event {event}")
        user = get_user_model().objects.filter(username=by).first()
        if user is None:
            raise CommandError(f"no user {by}")
        try:
            text = file.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"{file}: {exc}") from exc
        try:
            result = roster_import(event=found, text=text, user=user, dry_run=dry_run)
        except (PermissionDenied, ValidationError) as exc:
            raise CommandError("\n".join(getattr(exc, "messages", [str(exc)]))) from exc
        self.stdout.write(
            f"{'dry run: ' if dry_run else ''}added {result.created}, already there {result.kept}"
        )
