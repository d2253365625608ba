from django.core.management import call_command
from django.core.management.base import BaseCommand

from questions.demo import load_demo


class Command(BaseCommand):
    help = (
        "Load the ministry units that answer escalated questions (idempotent, by slug) and, with "
        "--demo, the demo sessions and questions (those already there are kept as they are)."
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
            created, kept = load_demo()
            self.stdout.write(f"demo questions: created {created}, already there {kept}")
