"""The production server under load, page by page, as a share of a bare Django view (issue 13).

    python bench/serve.py                       # PostgreSQL camnang_bench_serve, Redis db 5
    python bench/serve.py --duration 10 --connections 16
    python bench/serve.py --database-url postgres://postgres@127.0.0.1:5432/camnang_bench_pages

Starts three gunicorn servers with deploy/gunicorn.conf.py and the same workers: the bare view
(bench/bare.py: one HttpResponse), the portal with its page cache on Redis, and the portal with
the page cache off. Each URL is loaded with wrk (Debian's package) for --duration seconds over
--connections connections after one warm-up request, and printed as req/s, p50 and p99, with
req/s as a share of the bare view's. Targets (not asserted anywhere): with the cache warm the
reader pages and /api/procedures/<code> at least 50% of the bare view, /api/search and
/api/suggest uncached at least 25%; a revisit with the page's ETag is a 304.

The database is created and loaded with the real reference data the first time (migrate,
load_initial_data); point --database-url at a bigger one (bench/corpus.py) to measure at scale.
Rate limits are off for the run: wrk comes from one address.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))


def environment(args, **extra) -> dict:
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "bench-serve-only-not-a-secret-0123456789abcdefghijklmnop",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "DATABASE_URL": args.database_url,
        "REDIS_URL": args.redis_url,
        "CAMNANG_CACHE_PREFIX": "camnang-bench",
        "CAMNANG_RATE_LIMITS_ENABLED": "0",
        "CAMNANG_LOG_REQUESTS": "0",
        "WEB_CONCURRENCY": str(args.workers),
    }
    env.update(extra)
    return env


def manage(args, *command: str) -> str:
    done = subprocess.run(
        [PYTHON, "manage.py", *command],
        cwd=BASE_DIR,
        env=environment(args),
        capture_output=True,
        text=True,
    )
    if done.returncode:
        sys.exit(f"manage.py {' '.join(command)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def prepare_database(args) -> None:
    name = args.database_url.rsplit("/", 1)[-1]
    listed = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-Atc", "SELECT datname FROM pg_database"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    if name not in listed:
        print(f"creating {name} and loading the reference data (once)", flush=True)
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
    manage(args, "migrate", "--noinput", "-v0")
    if name not in listed:
        manage(args, "load_initial_data", "-v0")
    manage(args, "collectstatic", "--noinput", "-v0")


def sample_urls(args) -> list[tuple[str, str]]:
    """The pages of the issue's table, with real slugs from the database."""
    found = json.loads(
        manage(
            args,
            "shell",
            "-c",
            "import json\n"
            "from procedures.models import Procedure, Field\n"
            "from delegation.models import Province\n"
            "p = Procedure.objects.get(code='1.013899')\n"
            "f = Field.objects.order_by('pk').first()\n"
            "t = Province.objects.order_by('pk').first()\n"
            "print(json.dumps({'procedure': p.get_absolute_url(), "
            "'field': f.get_absolute_url(), 'province': t.get_absolute_url()}))",
        )
        .strip()
        .splitlines()[-1]
    )
    return [
        ("procedure page", found["procedure"]),
        ("home", "/"),
        ("level page", "/cap/ubnd-tinh/"),
        ("province page", found["province"]),
        ("field page", found["field"]),
        ("search results page", "/tim-kiem/?q=giay+phep+buu+chinh"),
        ("/api/procedures/<code>", "/api/procedures/1.013899"),
        ("/api/search", "/api/search?q=giay+phep+buu+chinh"),
        ("/api/suggest", "/api/suggest?q=buu+chi"),
        ("static file", "/static/css/site.css"),
    ]


def start(args, port: int, app: str, **extra) -> subprocess.Popen:
    server = subprocess.Popen(
        [GUNICORN, "--config", "deploy/gunicorn.conf.py", app],
        cwd=BASE_DIR,
        env=environment(args, CAMNANG_BIND=f"127.0.0.1:{port}", **extra),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5).read()
            return server
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.5)
    server.kill()
    sys.exit(f"{app} did not start on port {port}")


def load(args, url: str) -> dict:
    urllib.request.urlopen(urllib.request.Request(url, headers=GZIP), timeout=60).read()
    out = subprocess.run(
        ["wrk", "-t2", f"-c{args.connections}", f"-d{args.duration}s", "--latency"]
        + ["-H", "Accept-Encoding: gzip", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    def latency(percentile: str) -> float:
        match = re.search(rf"^\s*{percentile}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        if not match:
            return float("nan")
        scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[match.group(2)]
        return float(match.group(1)) * scale

    rate = re.search(r"Requests/sec:\s+([\d.]+)", out)
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return {
        "rps": float(rate.group(1)) if rate else 0.0,
        "p50": latency("50"),
        "p99": latency("99"),
        "errors": int(errors.group(1)) if errors else 0,
    }


GZIP = {"Accept-Encoding": "gzip"}


def revisit_status(url: str) -> int:
    first = urllib.request.urlopen(urllib.request.Request(url, headers=GZIP), timeout=60)
    etag = first.headers.get("ETag")
    first.read()
    try:
        again = urllib.request.urlopen(
            urllib.request.Request(url, headers={**GZIP, "If-None-Match": etag or ""}), timeout=60
        )
        return again.status
    except urllib.error.HTTPError as answer:
        return answer.code


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/camnang_bench_serve"
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/5")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--port", type=int, default=8190)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("bench/serve.py needs wrk: apt-get install wrk")
    prepare_database(args)
    urls = sample_urls(args)
    servers = [
        start(args, args.port, "bench.bare:application"),
        start(args, args.port + 1, "config.wsgi"),
        start(args, args.port + 2, "config.wsgi", CAMNANG_PAGE_CACHE_SECONDS="0"),
    ]
    try:
        base = f"http://127.0.0.1:{args.port}"
        bare = load(args, base + "/")
        print(
            f"gunicorn, {args.workers} workers, wrk {args.connections} connections "
            f"{args.duration}s per URL, {os.cpu_count()} cores, {args.database_url}"
        )
        print(f"bare Django view: {bare['rps']:.0f} req/s, p50 {bare['p50']:.1f} ms")
        header = (
            f"{'URL':<26} {'cached req/s':>12} {'share':>6} {'p50':>7} {'p99':>7} "
            f"{'uncached':>9} {'share':>6} {'p50':>7} {'p99':>7}"
        )
        print(header)
        for label, path in urls:
            row = [f"{label:<26}"]
            for port in (args.port + 1, args.port + 2):
                figures = load(args, f"http://127.0.0.1:{port}{path}")
                flag = f" ({figures['errors']} errors)" if figures["errors"] else ""
                row.append(
                    f"{figures['rps']:>12.0f} {figures['rps'] / bare['rps']:>6.0%} "
                    f"{figures['p50']:>6.1f}ms {figures['p99']:>6.1f}ms{flag}"
                )
            print(" ".join(row), flush=True)
        status = revisit_status(f"http://127.0.0.1:{args.port + 1}{urls[0][1]}")
        print(f"revisit of the procedure page with its ETag: {status}")
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
