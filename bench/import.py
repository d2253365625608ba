"""How long importing the national export takes, first time and again (idempotent), per database.

    .venv/bin/python bench/import.py [--records PATH] [--postgres URL]

Each database runs in its own process (settings are read from the environment at start-up):
an empty SQLite file, and the PostgreSQL database named in --postgres (default
postgres://postgres@127.0.0.1:5432/camnang_bench_import, dropped and re-created).
Prints wall time and peak memory (max RSS) for: migrate + fixtures, the first import, a second
import of the same file (nothing changes), and a dry run.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def child(records: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from io import StringIO

    from django.core.management import call_command
    from django.db import connection

    out = StringIO()
    figures = {"vendor": connection.vendor}

    def timed(label, *args, **kwargs):
        start = time.perf_counter()
        call_command(*args, stdout=out, verbosity=0, **kwargs)
        figures[label] = round(time.perf_counter() - start, 2)

    timed("migrate", "migrate")
    timed("fixtures", "load_initial_data", "--no-reference")
    timed("first import", "import_procedures", records)
    timed("second import", "import_procedures", records)
    timed("dry run", "import_procedures", records, "--dry-run")
    figures["peak MB"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    lines = [line.strip() for line in out.getvalue().splitlines() if "procedures:" in line]
    figures["counts"] = lines[-3:]
    print(json.dumps(figures, ensure_ascii=False))


def run(database_url: str, records: str) -> dict:
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_DEBUG": "1"}
    result = subprocess.run(
        [sys.executable, __file__, "--child", records],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        sys.exit(f"{database_url}: failed\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def recreate_postgres(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--records", default=str(ROOT.parent / "shared/reference/tthc_records.jsonl")
    )
    parser.add_argument(
        "--postgres", default="postgres://postgres@127.0.0.1:5432/camnang_bench_import"
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    if not Path(args.records).exists():
        sys.exit(f"{args.records} not found")
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    with tempfile.TemporaryDirectory() as tmp:
        results = [run(f"sqlite:///{tmp}/bench.sqlite3", args.records)]
    recreate_postgres(args.postgres)
    results.append(run(args.postgres, args.records))
    for figures in results:
        print(f"\n{figures.pop('vendor')}:")
        for line in figures.pop("counts"):
            print(f"  {line}")
        for key, value in figures.items():
            unit = "" if key == "peak MB" else " s"
            print(f"  {key}: {value}{unit}")


if __name__ == "__main__":
    main()
