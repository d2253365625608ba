"""Reader pages: compressed size and server time per page, and the whole handbook as a PDF.

    python bench/pages.py                 # the database as it is (DATABASE_URL, default SQLite)
    python bench/pages.py --size 100000   # first grow it to 100,000 procedures (bench.corpus)
    python bench/pages.py --repeat 20

Runs in production mode (DEBUG off, compressed manifest static files, collected first if
needed). Each page is requested in-process through Django's full middleware stack: the time is
the server's (no network), the median and the slowest of --repeat runs after one warm-up.
"Sizes" are the page gzipped as GZipMiddleware sends it, and that plus every static file it
links, as WhiteNoise serves them pre-compressed. --size extends the database it is given with
synthetic procedures: point DATABASE_URL at a database made for benchmarks.
"""

import argparse
import gzip
import os
import re
import statistics
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-pages-only")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "localhost")
# In-process requests over plain HTTP: no redirect to HTTPS.
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from weasyprint import HTML  # noqa: E402

from delegation.models import Delegation, Province  # noqa: E402
from handbook.models import Revision  # noqa: E402
from procedures.models import AuthorityLevel, Field, LegalDocument, Procedure  # noqa: E402

HOST = "localhost"


def record_size(procedure: Procedure) -> int:
    texts = [procedure.steps, procedure.channels, procedure.fees, procedure.requirements]
    return sum(map(len, texts)) + len(str(procedure.dossier)) + len(str(procedure.legal_basis))


def pages() -> list[tuple[str, str]]:
    """(label, URL) of each page measured: the heaviest of each kind in this database."""
    delegated = Delegation.objects.values("procedure_id").order_by("procedure_id").first()
    procedure = Procedure.objects.get(pk=delegated["procedure_id"]) if delegated else None
    # The longest record among the 2,000 longest names: exact enough, and cheap at 100,000.
    candidates = Procedure.objects.order_by("-name")[:2000]
    largest = max(candidates, key=record_size)
    field = Field.objects.annotate(n=Count("procedures")).order_by("-n").first()
    document = (
        LegalDocument.objects.annotate(n=Count("delegations")).order_by("-n", "number").first()
    )
    # The procedure whose basis (Decree 133 Art. 4(1)) the most synthetic procedures share.
    shared = Procedure.objects.filter(code="1.013899").first()
    found = [
        ("home", "/"),
        ("procedure 1.013899 (basis of thousands)", shared.get_absolute_url() if shared else ""),
        ("API: procedure 1.013899", "/api/procedures/1.013899" if shared else ""),
        ("search: giấy phép", "/tim-kiem/?q=gi%E1%BA%A5y+ph%C3%A9p"),
        ("procedure (delegated, with guidance)", procedure.get_absolute_url() if procedure else ""),
        ("procedure (longest record)", largest.get_absolute_url()),
        (f"field ({field.procedures.count()} procedures), page 1", field.get_absolute_url()),
        ("level UBND cấp tỉnh, today", "/cap/ubnd-tinh/"),
        ("level Bộ, 30/06/2025", "/cap/bo/?ngay=2025-06-30"),
        ("level UBND cấp xã, today", "/cap/ubnd-xa/"),
        (f"document {document.number}", document.get_absolute_url()),
        (f"document {document.number}, part 20", f"{document.get_absolute_url()}?phan=20"),
        ("province", Province.objects.order_by("name").first().get_absolute_url()),
        ("print: field", f"{field.get_absolute_url()}ban-in/"),
        ("print: whole handbook", "/ban-in/"),
        ("sitemap: procedures, page 1", "/sitemap-thu-tuc.xml"),
    ]
    return [(label, url) for label, url in found if url]


def static_sizes(html: str) -> int:
    """Compressed bytes of the static files ``html`` links, as WhiteNoise serves them."""
    total = 0
    for url in re.findall(r'(?:href|src)="(/static/[^"]+)"', html):
        path = Path(settings.STATIC_ROOT) / url.removeprefix("/static/")
        gz = path.with_name(path.name + ".gz")
        total += (gz if gz.exists() else path).stat().st_size
    return total


def measure(client: Client, url: str, repeat: int) -> dict:
    response = client.get(url, HTTP_HOST=HOST, HTTP_ACCEPT_ENCODING="gzip")  # warm-up
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url, HTTP_HOST=HOST, HTTP_ACCEPT_ENCODING="gzip")
        times.append((time.perf_counter() - start) * 1000)
    body = response.content
    html = gzip.decompress(body) if response.get("Content-Encoding") == "gzip" else body
    with CaptureQueriesContext(connection) as queries:
        client.get(url, HTTP_HOST=HOST)
    return {
        "raw": len(html),
        "gz": len(body),
        "total": len(body) + static_sizes(html.decode()),
        "median": statistics.median(times),
        "max": max(times),
        "queries": len(queries),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, help="grow the database to this many procedures")
    parser.add_argument("--repeat", type=int, default=10, help="timed requests per page")
    parser.add_argument("--no-pdf", action="store_true", help="skip the whole-handbook PDF")
    args = parser.parse_args()

    if args.size:
        from bench.corpus import build_corpus

        start = time.perf_counter()
        build_corpus(args.size)
        print(f"corpus grown to {args.size} procedures in {time.perf_counter() - start:.0f} s")
    if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        call_command("collectstatic", "--noinput", verbosity=0)

    print(f"command: python bench/pages.py {' '.join(sys.argv[1:])}".rstrip())
    print(
        f"database: {connection.vendor}; procedures: {Procedure.objects.count()}; "
        f"delegations: {Delegation.objects.count()}; "
        f"published guidance: {Revision.objects.published().count()}; "
        f"levels: {AuthorityLevel.objects.count()}"
    )
    print(f"timing: median and slowest of {args.repeat} requests after a warm-up, in-process\n")
    header = f"{'page':44} {'html':>8} {'gzip':>8} {'+static':>8} {'median':>9} {'max':>9} {'q':>3}"
    print(header)
    print("-" * len(header))
    client = Client()
    for label, url in pages():
        m = measure(client, url, args.repeat)
        print(
            f"{label[:44]:44} {m['raw'] / 1024:7.1f}K {m['gz'] / 1024:7.1f}K "
            f"{m['total'] / 1024:7.1f}K {m['median']:7.1f}ms {m['max']:7.1f}ms {m['queries']:3}"
        )

    if not args.no_pdf:
        start = time.perf_counter()
        response = client.get("/cam-nang.pdf", HTTP_HOST=HOST)
        seconds = time.perf_counter() - start
        if response.status_code != 200:
            raise SystemExit(f"/cam-nang.pdf answered {response.status_code}")
        # The page count, from a second layout of the same print page (not timed).
        html = client.get("/ban-in/", HTTP_HOST=HOST).content.decode()
        pages_count = len(HTML(string=html, base_url=f"http://{HOST}/").render().pages)
        print(
            f"\nwhole handbook PDF: {seconds:.1f} s, {pages_count} pages, "
            f"{len(response.content) / 1024:.0f} KB "
            f"({Revision.objects.published().count()} published entries)"
        )


if __name__ == "__main__":
    main()
