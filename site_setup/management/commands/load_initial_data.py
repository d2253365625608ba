from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.demo import ensure_demo_accounts
from accounts.roles import sync_roles
from handbook.guidance_files import GuidanceFileError, parse_guidance_file
from handbook.models import Guidance
from handbook.services import (
    guidance_get_or_create,
    revision_create_draft,
    revision_publish,
    revision_submit,
)
from procedures.models import Procedure
from procedures.text import canonical
from support.demo import DemoDataError, load_demo

FIXTURES = settings.BASE_DIR / "fixtures"


class Command(BaseCommand):
    help = (
        "Load what the portal needs to run: levels, fields, legal documents, the 34 provinces, "
        "the national records (from the reference folder when it is there), the delegations "
        "compiled from the decrees, the seed guidance and the ministry units; with "
        "--demo-accounts, the demo accounts, questions, sessions and support visits too. Safe to "
        "run again: nothing is duplicated."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reference",
            type=Path,
            default=None,
            help="the national records (JSON Lines); default: tthc_records.jsonl in "
            "CAMNANG_REFERENCE_DIR, skipped when absent",
        )
        parser.add_argument(
            "--no-reference", action="store_true", help="do not import the national records"
        )
        parser.add_argument(
            "--demo-accounts",
            action="store_true",
            help="also create the demo accounts and load the demo questions and sessions",
        )

    def handle(self, *args, reference, no_reference, demo_accounts, **options):
        verbosity = options["verbosity"]
        if demo_accounts and not settings.CAMNANG_DEMO_ACCOUNTS_ALLOWED:
            # Refused before anything is written: the demo passwords are in the README.
            raise CommandError(
                "--demo-accounts is refused when DJANGO_DEBUG is off: the demo accounts "
                "(the superuser quantri among them) have the password printed in the README. "
                "Create real accounts with `manage.py createsuperuser`."
            )
        sync_roles()
        call_command(
            "loaddata",
            *[
                str(FIXTURES / f)
                for f in ("levels.json", "fields.json", "legal_documents.json", "provinces.json")
            ],
            verbosity=verbosity,
        )
        if not no_reference:
            records = reference or settings.REFERENCE_DIR / "tthc_records.jsonl"
            if records.exists():
                call_command(
                    "import_procedures", str(records), verbosity=verbosity, stdout=self.stdout
                )
            elif reference:
                raise CommandError(f"{records} does not exist")
            else:
                self.stdout.write(f"{records} not found: national records skipped.")
        call_command(
            "import_procedures",
            str(FIXTURES / "delegated_procedures.csv"),
            verbosity=verbosity,
            stdout=self.stdout,
        )
        self.load_guidance(FIXTURES / "guidance")
        if demo_accounts:
            for line in ensure_demo_accounts():
                self.stdout.write(line)
        call_command("load_questions", *(["--demo"] if demo_accounts else []), stdout=self.stdout)
        if demo_accounts:
            try:
                for line in load_demo():
                    self.stdout.write(line)
            except DemoDataError as exc:
                raise CommandError(str(exc)) from exc

    @transaction.atomic
    def load_guidance(self, folder: Path) -> None:
        created = kept = missing = 0
        for path in sorted(folder.glob("*.md")):
            try:
                entry = parse_guidance_file(path)
            except GuidanceFileError as exc:
                raise CommandError(str(exc)) from exc
            procedure = self.find(entry.code, entry.name)
            if procedure is None:
                # Its national record was not imported (no reference folder): nothing to attach to.
                missing += 1
                continue
            if Guidance.objects.filter(procedure=procedure, revisions__isnull=False).exists():
                kept += 1  # staff may have edited it since: the seed never overwrites
                continue
            guidance = guidance_get_or_create(procedure=procedure)
            revision = revision_create_draft(
                guidance=guidance,
                author=None,
                sections=entry.sections,
                change_note=entry.change_note,
            )
            revision_submit(revision=revision, user=None)
            revision_publish(revision=revision, user=None)
            created += 1
        self.stdout.write(
            f"guidance: created {created}, already there {kept}, "
            f"skipped {missing} (procedure not loaded)"
        )

    def find(self, code: str, name: str) -> Procedure | None:
        if code:
            procedure = Procedure.objects.filter(code=code).first()
        else:
            key = canonical(name)
            procedure = next(
                (
                    p
                    for p in Procedure.objects.filter(code__isnull=True)
                    if canonical(p.name) == key
                ),
                None,
            )
        return procedure
