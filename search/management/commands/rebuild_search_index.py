import time

from django.core.management.base import BaseCommand

from search.indexing import rebuild


class Command(BaseCommand):
    help = (
        "Rewrite the search index of every procedure (names, fields, published guidance, record "
        "sections) and recount the words typos are corrected against. Edits, imports and "
        "publishing keep the index current; run this after loading data by other means."
    )

    def handle(self, *args, **options):
        started = time.perf_counter()
        count = rebuild()
        self.stdout.write(
            f"search index: {count} procedures indexed in {time.perf_counter() - started:.1f} s"
        )
