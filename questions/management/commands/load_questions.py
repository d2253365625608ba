from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from questions.demo import DemoDataError, load_demo


class Command(BaseCommand):
    help = (
        "Load the ministry units that answer escalated questions (idempotent, by slug) and, with "
        "--demo, the demo sessions and questions of fixtures/demo/ (those already there are kept "
        "as they are)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo", action="store_true", help="also load the demo questions and sessions"
        )

    def handle(self, *args, demo, **options):
        call_command(
            "loaddata", "ministry_units", verbosity=options["verbosity"], stdout=self.stdout
        )
        if demo:
            try:
                created, kept = load_demo()
            except DemoDataError as exc:
                raise CommandError(f"demo questions: nothing loaded. {exc}") from exc
            self.stdout.write(f"demo questions: created {created}, already there {kept}")
