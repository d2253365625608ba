from django.core.management.base import BaseCommand

from handbook.services import revisions_publish_due


class Command(BaseCommand):
    help = (
        "Publish the handbook revisions whose scheduled time has come. Run it from cron every "
        "minute: until it runs, a scheduled revision stays invisible to readers."
    )

    def handle(self, *args, **options):
        published = revisions_publish_due()
        for revision in published:
            self.stdout.write(f"published revision {revision.pk}: {revision.guidance}")
        self.stdout.write(f"scheduled revisions published: {len(published)}")
