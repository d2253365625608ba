"""How the readiness overview scales: 34 provinces x 700 delegated items x 12 months.

Run: DJANGO_DEBUG=1 .venv/bin/python bench/support.py [--items 700] [--months 12] [--runs 5]
It builds a throwaway SQLite database (or uses DATABASE_URL if set: use a scratch database, it
is filled), loads the fixtures and demo accounts, adds ``--items`` synthetic delegated items
(each with a delegation), one field visit per province and month, an assessment of every item
on every visit (34 x items x months rows, the last month's flagged latest) and two officials per
province with a level on every item; then prints the median server time and query count of the
overview page (the whole request through Django's test client, rendering included), by field
and for one field by item, of its CSV export and of the selector alone.
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
    parser.add_argument("--items", type=int, default=700)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    scratch = None
    if not os.environ.get("DATABASE_URL"):
        scratch = Path(tempfile.mkdtemp(prefix="camnang-bench-")) / "support.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as devnull:
        call_command(
            "load_initial_data", "--no-reference", "--demo-accounts", verbosity=0, stdout=devnull
        )
    started = time.perf_counter()
    counts = populate(args.items, args.months)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # the planner's statistics, as after autovacuum in production
    print(f"built in {time.perf_counter() - started:.0f} s: {counts}")

    from django.contrib.auth import get_user_model

    from procedures.models import Field
    from support.selectors import readiness_overview

    client = Client()
    client.force_login(get_user_model().objects.get(username="canbo.bo"))
    field_slug = counts["busiest field"]
    reads = {
        "overview page, by field (GET /ho-tro-dia-phuong/)": lambda: _get(
            client, "/ho-tro-dia-phuong/"
        ),
        f"overview page, one field by item (?linh-vuc={field_slug})": lambda: _get(
            client, f"/ho-tro-dia-phuong/?linh-vuc={field_slug}"
        ),
        "CSV export, by field": lambda: _get(client, "/ho-tro-dia-phuong/tong-quan.csv"),
        "readiness_overview() alone, by field": lambda: readiness_overview(
            today=timezone.localdate()
        ),
        "readiness_overview() alone, one field by item": lambda: readiness_overview(
            today=timezone.localdate(), field=Field.objects.get(slug=field_slug)
        ),
    }
    print(f"database: {connection.vendor}, runs: {args.runs} (after one warm-up)")
    for name, read in reads.items():
        read()
        timings = []
        for _ in range(args.runs):
            with CaptureQueriesContext(connection) as ctx:
                start = time.perf_counter()
                read()
                timings.append(time.perf_counter() - start)
        print(
            f"{name}: median {statistics.median(timings) * 1000:.0f} ms, "
            f"max {max(timings) * 1000:.0f} ms, {len(ctx)} queries"
        )
    print("command: DJANGO_DEBUG=1 .venv/bin/python bench/support.py " + " ".join(sys.argv[1:]))
    if scratch:
        connection.close()
        for leftover in scratch.parent.iterdir():
            leftover.unlink()
        scratch.parent.rmdir()


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response


def populate(n_items: int, n_months: int) -> dict:
    import datetime
    import random

    from django.contrib.auth import get_user_model
    from django.db.models import Count
    from django.utils import timezone

    from delegation.models import Delegation, Province
    from procedures.models import AuthorityLevel, Field, Procedure
    from questions.models import MinistryUnit
    from support.models import RATING_ORDER, Assessment, FieldVisit, Proficiency, Rating
    from support.selectors import months_back
    from support.services import readiness_rebuild

    rng = random.Random(2026)
    fields = list(Field.objects.all())
    ministry, province_level = (
        AuthorityLevel.objects.get(slug="bo"),
        AuthorityLevel.objects.get(slug="ubnd-tinh"),
    )
    items = Procedure.objects.bulk_create(
        Procedure(
            name=f"Nhiệm vụ tổng hợp số {i} (dữ liệu thử)",
            name_key=f"nhiem vu tong hop so {i} (du lieu thu)",
            slug=f"nhiem-vu-tong-hop-{i}",
            field=fields[i % len(fields)],
            kind=Procedure.Kind.TASK,
        )
        for i in range(n_items)
    )
    Delegation.objects.bulk_create(
        Delegation(
            procedure=item,
            from_level=ministry,
            to_level=province_level,
            effective_from=datetime.date(2025, 7, 1),
        )
        for item in items
    )
    unit = MinistryUnit.objects.first()
    provinces = list(Province.objects.all())
    months = months_back(timezone.localdate(), n_months)
    visits = FieldVisit.objects.bulk_create(
        FieldVisit(
            unit=unit,
            members="Đoàn thử",
            starts_on=month + datetime.timedelta(days=9),
            ends_on=month + datetime.timedelta(days=10),
            province=province,
        )
        for province in provinces
        for month in months
    )
    ratings = list(Rating.values)
    batch = []
    total = 0
    for visit in visits:
        last = visit.starts_on.replace(day=1) == months[-1]
        for item in items:
            dims = [rng.choice(ratings) for _ in range(4)]
            batch.append(
                Assessment(
                    visit=visit,
                    procedure=item,
                    assessed_on=visit.ends_on,
                    staff=dims[0],
                    conditions=dims[1],
                    systems=dims[2],
                    documents=dims[3],
                    province_id=visit.province_id,
                    field_id=item.field_id,
                    overall=min(dims, key=lambda r: RATING_ORDER[r]),
                    month=visit.ends_on.replace(day=1),
                    is_latest=last,
                )
            )
        if len(batch) >= 20000:
            Assessment.objects.bulk_create(batch, batch_size=5000)
            total += len(batch)
            batch = []
    Assessment.objects.bulk_create(batch, batch_size=5000)
    total += len(batch)
    summaries = readiness_rebuild()
    User = get_user_model()
    officials = User.objects.bulk_create(
        User(username=f"bench.{p.slug}.{k}", province=p) for p in provinces for k in range(2)
    )
    levels = list(Proficiency.Level.values)
    Proficiency.objects.bulk_create(
        (
            Proficiency(
                official=official,
                procedure=item,
                level=rng.choice(levels),
                source=Proficiency.Source.VISIT,
                set_on=months[-1],
                province_id=official.province_id,
                field_id=item.field_id,
            )
            for official in officials
            for item in items
        ),
        batch_size=5000,
    )
    busiest = (
        Procedure.objects.filter(pk__in=[i.pk for i in items])
        .values("field__slug")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()["field__slug"]
    )
    return {
        "provinces": len(provinces),
        "items": len(items),
        "months": len(months),
        "assessments": total,
        "monthly summary rows": summaries,
        "proficiency rows": Proficiency.objects.count(),
        "busiest field": busiest,
    }


if __name__ == "__main__":
    main()
