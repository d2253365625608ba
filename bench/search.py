"""Search benchmark: latency and memory at 1,000, 10,000 and 100,000 procedures, on both databases.

    python bench/search.py [--sizes 1000 10000 100000] [--repeat 5] [--databases postgresql sqlite]

For each database the script builds the corpus in steps (``bench/corpus.py``: real records plus
synthetic ones derived from them) in a database of its own, which it creates and drops:
PostgreSQL ``cn_search_bench`` on the server of ``BENCH_POSTGRES_URL`` (default
postgres://postgres@127.0.0.1:5432/cn_search_bench) and SQLite in a temporary file. At each size
it runs a fixed mix of queries (after one warm-up pass) and prints p50/p95 latency of
``search_procedures`` with /api/search's default limit of 10 ("search"), ``suggest_names``
(/api/suggest) and the whole results page's work (20 results plus the filter counts, "page"),
the most memory Python allocates for one query (tracemalloc, in a pass of its own), the
process's resident memory and the database's size. On PostgreSQL it then
prints EXPLAIN (ANALYZE) of the queries the mix sends to the search tables, to show index use.
Each database runs in a child process (Django is configured once per process).
"""

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/cn_search_bench"

# Typed the way officials type: no diacritics, diacritics, typos, abbreviations, codes, partial
# codes, citations, everyday phrasings, short generic words, guidance wording.
SEARCH_MIX = [
    "cap giay phep buu chinh noi tinh",
    "gia han giay phep thiet lap mang vien thong dung rieng",
    "giay phep su dung tan so dai vo tuyen dien nghiep du",
    "Cấp giấy phép bưu chính liên tỉnh",
    "đăng kí kiểu dáng công nghiệp",
    "cap giay phep buu chinh noi tnh",
    "gia hna giay phep thiet lap mang vien thong",
    "thanh ly ngon phong xa",
    "cap gp buu chinh",
    "gcn doanh nghiep khcn",
    "cgcn",
    "1.005442",
    "1.0054",
    "133/2025",
    "nd 133",
    "Điều 4 133/2025",
    "gia han 133/2025",
    "xin phep nhap khau may moc thiet bi da qua su dung",
    "lam giay phep dai vo tuyen dien nghiep du o dau",
    "giay phep",
    "buc xa",
    "vien thong",
    "chung chi nhan vien buc xa",
    "ho so cua to chuc co tru so chinh o tinh khac",
    "chuyen giao cong nghe",
]
SUGGEST_MIX = [
    "cap gi",
    "giay phep bu",
    "vo tuyen dien ngh",
    "chuyen giao c",
    "gcn doanh ng",
    "1.0054",
    "thanh ly ng",
    "dang ky sang ch",
    "mang vien thong dung r",
    "kiem dinh",
]
EXPLAINED = ["gia han giay phep thiet lap mang vien thong dung rieng", "giay phep", "133/2025"]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed(function, texts: list[str], repeat: int) -> list[float]:
    """Milliseconds per call over ``repeat`` passes, after one warm-up pass."""
    for text in texts:
        function(text)
    timings = []
    for _ in range(repeat):
        for text in texts:
            started = time.perf_counter()
            function(text)
            timings.append((time.perf_counter() - started) * 1000)
    return timings


def memory_peak(function, texts: list[str]) -> int:
    """The most memory (bytes) Python allocates during one call (a pass of its own: tracing
    slows calls down)."""
    peak = 0
    for text in texts:
        tracemalloc.start()
        function(text)
        peak = max(peak, tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    return peak


def worker(sizes: list[int], repeat: int) -> None:
    """Runs in a child process whose DATABASE_URL is the benchmark database."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.corpus import build_corpus
    from search.services import facet_counts, search_procedures, suggest_names

    vendor = connection.vendor
    with open(os.devnull, "w") as devnull:
        call_command("migrate", verbosity=0, stdout=devnull)
        call_command("load_initial_data", verbosity=0, stdout=devnull)

    def page(text):
        found = search_procedures(text, limit=20)
        facet_counts(found.ids, on=found.on)

    for size in sizes:
        started = time.perf_counter()
        build_corpus(size)
        built = time.perf_counter() - started
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if vendor == "postgresql" else "ANALYZE")
        api = timed(lambda t: search_procedures(t, limit=10), SEARCH_MIX, repeat)
        suggest = timed(suggest_names, SUGGEST_MIX, repeat)
        pages = timed(page, SEARCH_MIX, max(1, repeat // 2))
        peak = max(memory_peak(page, SEARCH_MIX), memory_peak(suggest_names, SUGGEST_MIX))
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"{vendor:<10} {size:>7} procedures (corpus {built:4.0f} s) | "
            f"search p50 {percentile(api, 0.5):5.1f} ms p95 {percentile(api, 0.95):5.1f} ms"
            f" | suggest p50 {percentile(suggest, 0.5):5.1f} ms"
            f" p95 {percentile(suggest, 0.95):5.1f} ms"
            f" | page p50 {percentile(pages, 0.5):5.1f} ms p95 {percentile(pages, 0.95):5.1f} ms"
            f" | query memory peak {peak / 2**20:4.1f} MB"
            f" | process RSS {rss:4.0f} MB | database {database_size(connection)}",
            flush=True,
        )
        slowest = sorted(zip(api, SEARCH_MIX * repeat, strict=True), reverse=True)[:3]
        print(
            "           slowest searches: "
            + "; ".join(f"{text!r} {ms:.1f} ms" for ms, text in slowest),
            flush=True,
        )
        for line in relevance(search_procedures):
            print(f"           relevance at {size}: {line}", flush=True)
    if vendor == "postgresql":
        explain(connection, CaptureQueriesContext, search_procedures)


def relevance(search_procedures) -> list[str]:
    """Top-1 and top-3 of the tests' relevance set, in all and per kind, and the misses."""
    from procedures.models import Procedure
    from tests.search.relevance import KINDS, QUERIES

    real = Procedure.objects.exclude(source_repo="bench/corpus.py")
    ranks: dict[str, list[int | None]] = {kind: [] for kind in KINDS}
    missed = []
    for query, expected, k, kind in QUERIES:
        wanted = (
            real.filter(code=expected) if expected[:1].isdigit() else real.filter(name=expected)
        )
        target = wanted.values_list("pk", flat=True).first()
        ids = [r.procedure.pk for r in search_procedures(query, limit=10).results]
        rank = ids.index(target) + 1 if target in ids else None
        ranks[kind].append(rank)
        if rank is None or rank > k:
            missed.append(f"{query!r} rank {rank or '-'} (needs {k})")

    def figures(found: list[int | None]) -> str:
        top1 = sum(r == 1 for r in found)
        top3 = sum(r is not None and r <= 3 for r in found)
        return f"top-1 {top1 / len(found):.2f} top-3 {top3 / len(found):.2f} ({len(found)})"

    every = [rank for found in ranks.values() for rank in found]
    lines = [f"all {figures(every)}"]
    lines += [f"{kind:<14} {figures(found)}" for kind, found in ranks.items() if found]
    return lines + [f"missed: {miss}" for miss in missed]


def database_size(connection) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
            return cursor.fetchone()[0]
    return f"{Path(connection.settings_dict['NAME']).stat().st_size / 2**20:.0f} MB"


def explain(connection, capture, search_procedures) -> None:
    """EXPLAIN (ANALYZE) of each statement that reads the search tables for a few queries."""
    for text in EXPLAINED:
        with capture(connection) as ctx:
            search_procedures(text, limit=20)
        statements = [q["sql"] for q in ctx.captured_queries if "search_searchdocument" in q["sql"]]
        print(f"\nEXPLAIN (ANALYZE) for {text!r}: {len(statements)} statements on the index")
        for sql in statements[:3]:
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                plan = [row[0] for row in cursor.fetchall()]
            print("  " + sql[:160] + ("…" if len(sql) > 160 else ""))
            for line in plan:
                print("    " + line)


def run(database: str, url: str, sizes: list[int], repeat: int) -> int:
    # As in production: debug off (Django then keeps no log of every query).
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "benchmark-only",
        "DJANGO_ALLOWED_HOSTS": "localhost",
    }
    command = [sys.executable, __file__, "--worker", "--repeat", str(repeat), "--sizes"]
    return subprocess.call(command + [str(s) for s in sizes], env=env, cwd=ROOT)


def postgres(url: str, action: str) -> None:
    """Create or drop the benchmark database on the server of ``url``."""
    from urllib.parse import urlparse

    import psycopg

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        if action == "create":
            conn.execute(f'CREATE DATABASE "{name}"')


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--databases", nargs="+", default=["postgresql", "sqlite"], choices=["postgresql", "sqlite"]
    )
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    sizes = sorted(args.sizes)
    if args.worker:
        worker(sizes, args.repeat)
        return 0
    print(
        f"python bench/search.py --sizes {' '.join(map(str, sizes))} --repeat {args.repeat} "
        f"--databases {' '.join(args.databases)}",
        flush=True,
    )
    status = 0
    if "postgresql" in args.databases:
        url = os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES)
        postgres(url, "create")
        try:
            status |= run("postgresql", url, sizes, args.repeat)
        finally:
            postgres(url, "drop")
    if "sqlite" in args.databases:
        with tempfile.TemporaryDirectory() as folder:
            status |= run("sqlite", f"sqlite:///{folder}/bench.sqlite3", sizes, args.repeat)
    return status


if __name__ == "__main__":
    sys.exit(main())
