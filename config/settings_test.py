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
