"""How the questions reads scale: the dashboard, similar questions, the FAQ search.

Run: DJANGO_DEBUG=1 .venv/bin/python bench/questions.py [--questions 20000] [--runs 5]
It builds a throwaway SQLite database (or uses DATABASE_URL if set: use a scratch database),
loads the fixtures and demo accounts, adds the questions with bulk_create (a quarter published,
half answered), then prints the median time and query count of each read.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--questions", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    scratch = None
    if not os.environ.get("DATABASE_URL"):
        scratch = Path(tempfile.mkdtemp(prefix="camnang-bench-")) / "questions.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as devnull:
        call_command(
            "load_initial_data", "--no-reference", "--demo-accounts", verbosity=0, stdout=devnull
        )
    populate(args.questions)

    from questions.models import Clock
    from questions.selectors import dashboard, similar_questions

    text = "doanh nghiep tru so chinh o tinh khac xin giay phep vien thong o dau"
    import datetime

    from django.utils import timezone

    year_ago = timezone.now() - datetime.timedelta(days=365)
    reads = {
        "dashboard (all questions)": lambda: dashboard(clock=Clock.now()),
        "dashboard (12 months, the page's default)": lambda: dashboard(
            clock=Clock.now(), since=year_ago
        ),
        "similar_questions (no diacritics)": lambda: similar_questions(text),
    }
    print(f"questions: {args.questions}, database: {connection.vendor}, runs: {args.runs}")
    for name, read in reads.items():
        timings = []
        for _ in range(args.runs):
            with CaptureQueriesContext(connection) as ctx:
                start = time.perf_counter()
                read()
                timings.append(time.perf_counter() - start)
        print(f"{name}: median {statistics.median(timings) * 1000:.0f} ms, {len(ctx)} queries")
    print("command: DJANGO_DEBUG=1 .venv/bin/python bench/questions.py " + " ".join(sys.argv[1:]))
    if scratch:
        connection.close()
        for leftover in scratch.parent.iterdir():
            leftover.unlink()
        scratch.parent.rmdir()


def populate(n: int) -> None:
    import datetime
    import random

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from delegation.models import Province
    from procedures.models import Procedure
    from procedures.text import fold
    from questions.models import Question

    rng = random.Random(2025)
    asker = get_user_model().objects.get(username="canbo.xa.hanoi")
    provinces = list(Province.objects.all())
    procedures = list(Procedure.objects.select_related("field"))
    words = "giay phep vien thong buu chinh tan so do luong tru so chinh ho so gia han cap lai"
    vocabulary = words.split()
    now = timezone.now()
    rows = []
    for i in range(n):
        procedure = rng.choice(procedures)
        created = now - datetime.timedelta(days=rng.randint(0, 400), hours=rng.randint(0, 23))
        answered = i % 2 == 0
        published = i % 4 == 0
        text = " ".join(rng.choice(vocabulary) for _ in range(12))
        rows.append(
            Question(
                asker=asker,
                province=rng.choice(provinces),
                procedure=procedure,
                field=procedure.field,
                title=f"Câu hỏi thử số {i}",
                body=text,
                status="answered" if answered else "new",
                answer=text if answered else "",
                answered_at=created + datetime.timedelta(days=rng.randint(1, 20))
                if answered
                else None,
                public_question=text if published else "",
                public_answer=text if published else "",
                published_at=now if published else None,
                search_key=f" {fold(text)} {fold(text)} " if published else "",
                created_at=created,
            )
        )
    Question.objects.bulk_create(rows, batch_size=2000)


if __name__ == "__main__":
    main()
