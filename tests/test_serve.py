"""The production server for real: two gunicorn processes on one Redis and one PostgreSQL.

What the other tests cannot show in one process: a change made by another process (here a
``manage.py shell`` run, as an import or an admin save on another app server would be) reaches
a server that had the page cached, on its very next request; and gunicorn with debug off serves
the pages, the static files and /healthz with the settings of deploy/.

It builds a database of its own (migrate and the repository's fixtures, no reference data), so
it runs on PostgreSQL, and needs the Redis that CI's machine runs (REDIS_URL, default
redis://127.0.0.1:6379/15): when Redis cannot be reached the test fails, it is never skipped.
"""

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import redis
from django.db import connection

BASE_DIR = Path(__file__).resolve().parent.parent
pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> tuple[int, dict, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:
            return answer.status, dict(answer.headers), answer.read().decode()
    except urllib.error.HTTPError as answer:
        return answer.code, dict(answer.headers), answer.read().decode()


@pytest.fixture(scope="module")
def production(django_db_blocker):
    redis_url = os.environ.get("CAMNANG_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=2).ping()
    except redis.exceptions.ConnectionError as error:
        pytest.fail(f"Redis at {redis_url} cannot be reached ({error}); start redis-server")
    name = f"camnang_serve_{secrets.token_hex(4)}"
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    here = connection.settings_dict
    user, host, port = here["USER"] or "postgres", here["HOST"] or "127.0.0.1", here["PORT"] or 5432
    database_url = f"postgres://{user}@{host}:{port}/{name}"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CAMNANG_"))},
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "CAMNANG_CACHE_PREFIX": name,
        "CAMNANG_REFERENCE_DIR": str(BASE_DIR / "no-reference-here"),
        "WEB_CONCURRENCY": "1",
    }

    def manage(*command: str) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    servers = []
    try:
        manage("migrate", "--noinput", "-v0")
        manage("load_initial_data", "--no-reference", "-v0")
        manage("collectstatic", "--noinput", "-v0")
        ports = [free_port(), free_port()]
        for port in ports:
            servers.append(
                subprocess.Popen(
                    [sys.executable, "-m", "gunicorn", "--config", "deploy/gunicorn.conf.py"]
                    + ["config.wsgi"],
                    cwd=BASE_DIR,
                    env={**env, "CAMNANG_BIND": f"127.0.0.1:{port}"},
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE,
                )
            )
        for port in ports:
            for _ in range(120):
                try:
                    if fetch(f"http://127.0.0.1:{port}/healthz")[0] == 200:
                        break
                except (urllib.error.URLError, ConnectionError):
                    pass
                time.sleep(0.5)
            else:
                pytest.fail(f"gunicorn on {port} did not become healthy")
        yield {"bases": [f"http://127.0.0.1:{p}" for p in ports], "manage": manage}
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)
        redis.Redis.from_url(redis_url).flushdb()
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_gunicorn_serves_pages_static_files_and_health(production):
    base = production["bases"][0]
    status, headers, body = fetch(base + "/healthz")
    assert status == 200 and '"status": "ok"' in body
    status, headers, body = fetch(base + "/")
    assert status == 200 and "Cẩm nang" in body
    assert headers["X-Request-ID"]
    status, headers, _body = fetch(base + "/static/css/site.css")
    assert status == 200
    # Debug is off: an unknown page is the site's own 404, not Django's technical page.
    status, _headers, body = fetch(base + "/thu-tuc/khong-co-thu-tuc-nay/")
    assert status == 404 and "Traceback" not in body and "DEBUG = True" not in body


def test_a_change_made_elsewhere_reaches_a_server_that_had_the_page_cached(production):
    first, second = production["bases"]
    url = production["manage"](
        "shell",
        "-c",
        "from procedures.models import Procedure; "
        "print(Procedure.objects.order_by('pk').first().get_absolute_url())",
    ).split()[-1]
    for base in (first, second):
        fetch(base + url)
        status, headers, _body = fetch(base + url)
        assert status == 200 and headers["X-Cache"] == "hit"
    # Another process writes (as an import, or an admin save on a third server, would).
    production["manage"](
        "shell",
        "-c",
        "from procedures.models import Procedure; p = Procedure.objects.order_by('pk').first(); "
        "p.name = p.name + ' (đã sửa ở tiến trình khác)'; p.save()",
    )
    # The first server makes the page anew; the second is then served that new page from the
    # shared cache. Neither serves the old one.
    status, headers, body = fetch(first + url)
    assert status == 200 and headers["X-Cache"] == "miss"
    assert "đã sửa ở tiến trình khác" in body
    status, headers, body = fetch(second + url)
    assert status == 200 and headers["X-Cache"] == "hit"
    assert "đã sửa ở tiến trình khác" in body
