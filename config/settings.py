"""Settings for Cẩm nang, read from the environment (see .env.example and the README)."""

import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DJANGO_DEBUG", default=False)
# Commands that read the models only: they neither serve requests nor sign anything, so they run
# without a production secret key or host list (a deploy step can check migrations before the
# secrets are in place). Every other process still refuses to start without them.
MODELS_ONLY_COMMANDS = {"makemigrations", "check", "showmigrations", "sqlmigrate"}
# (``check --deploy`` inspects the production settings themselves, so it is not one of them.)
_MODELS_ONLY = (
    len(sys.argv) > 1 and sys.argv[1] in MODELS_ONLY_COMMANDS and "--deploy" not in sys.argv
)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and not _MODELS_ONLY:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "insecure-key-for-local-development-and-model-only-commands"

ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",") if h.strip()
]
if not ALLOWED_HOSTS:
    if not DEBUG and not _MODELS_ONLY:
        raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must be set when DJANGO_DEBUG is off.")
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]

CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django_filters",
    "simple_history",
    "accounts",
    "procedures",
    "delegation",
    "handbook",
    "search",
    "portal",
    "questions",
    # Support for localities: above handbook, delegation and questions (their units).
    "support",
    # Above the apps they write: the importer (procedures, delegations) and the set-up
    # command (every app). Nothing below imports them.
    "importer",
    "site_setup",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages are compressed for slow connections (static files are pre-compressed by WhiteNoise),
    # and carry an ETag computed before compression so that a revisit costs a 304.
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "portal.middleware.vary_on_reader_cookies",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Django's LocaleMiddleware, except that only the language switch (a cookie) leaves Vietnamese.
    "portal.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Old parameter names renamed, control characters refused, before a view reads request.GET.
    "portal.middleware.ReaderParametersMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "portal.context_processors.reader",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# SQLite file by default so a newcomer needs no server; PostgreSQL in production.
# Connections are persistent: a new PostgreSQL connection per request costs more than the page.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The portal's queries are short. PostgreSQL's JIT compiler spent about a second compiling
    # each level-page query at 100,000 procedures (bench/pages.py), more than it ran; parallel
    # workers cost more to start than a search saves (bench/search.py) on a small server.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "options", "-c jit=off -c max_parallel_workers_per_gather=0"
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # WAL lets readers go on while an import writes; IMMEDIATE avoids "database is locked"
            # surprises when two writers meet.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))

# How long each process keeps its copy of the search synonyms and vocabulary (search/snapshot.py).
CAMNANG_SEARCH_CACHE_SECONDS = int(os.environ.get("CAMNANG_SEARCH_CACHE_SECONDS", "60"))

# The cookie that remembers the reader's province (set by the portal's chooser, read by the
# handbook to show that province's notes). No login needed.
CAMNANG_PROVINCE_COOKIE = "camnang_tinh"

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "questions:list"
LOGOUT_REDIRECT_URL = "portal:home"

# Mail: the console locally (answers to questions are notified by email); SMTP in production
# through Django's EMAIL_* settings.
EMAIL_BACKEND = (
    os.environ.get("DJANGO_EMAIL_BACKEND") or "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL") or "camnang@localhost"

# Where the ministry's reference data lives (procedures, legal bases, provinces). It is read at
# run time, never copied into this repository.
REFERENCE_DIR = Path(
    os.environ.get("CAMNANG_REFERENCE_DIR", BASE_DIR.parent / "shared" / "reference")
)

if not DEBUG:
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", default=True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}
