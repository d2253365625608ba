"""Test settings: only what tests need differs from config.settings."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("DJANGO_DEBUG", "1")

from config.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Searches re-read synonyms and vocabulary on every query: each test rolls its changes back.
CAMNANG_SEARCH_CACHE_SECONDS = 0
# The limits count per address across the whole run (every test client is 127.0.0.1): they are
# on only in the tests that check them (tests/portal/test_limits.py).
RATELIMIT_ENABLE = False
# Built PDFs go to a folder of the test run's own.
CAMNANG_PDF_ROOT = Path(tempfile.mkdtemp(prefix="camnang-test-pdf-"))
# And the open data.
CAMNANG_EXPORT_ROOT = Path(tempfile.mkdtemp(prefix="camnang-test-exports-"))
# The page cache is tested where it is turned on (tests/test_page_cache.py): elsewhere a test
# reads what it just wrote, and the test transaction never commits to replace the version.
CAMNANG_PAGE_CACHE_SECONDS = 0
# A read replica (config/replicas.py) on PostgreSQL, where replicas exist: the primary's own test
# database (Django's TEST MIRROR) through a connection of its own. Reads go to it only in the
# tests that route them there (tests/test_replicas.py, reading committed data: a test's own
# transaction is invisible to another connection, as a lagging replica's would be). SQLite's
# shared in-memory test database locks a second connection out, so it has none.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    DATABASES["replica1"] = {  # noqa: F405
        **DATABASES["default"],  # noqa: F405
        "TEST": {"MIRROR": "default"},
    }
CAMNANG_READ_REPLICAS = []
