"""Settings for Cẩm nang, read from the environment (see .env.example and the README)."""

import datetime
import os
import sys
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
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
    "config.apps.CamnangAdminConfig",  # django.contrib.admin with the "Việc cần làm" index
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
    # Prometheus metrics at /metrics (requests, latencies, database and cache calls).
    "django_prometheus",
    "simple_history",
    # Failed sign-ins counted per account and per address; a lockout after AXES_FAILURE_LIMIT.
    "config.apps.CamnangAxesConfig",  # django-axes, its admin section named in Vietnamese
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
    # Counts and times every request for /metrics (first and last, so it sees the whole).
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    # A request id and one log line per request (config/observability.py).
    "config.observability.RequestLogMiddleware",
    # A body larger than the portal takes is refused before it is read (413).
    "portal.middleware.body_limit",
    "django.middleware.security.SecurityMiddleware",
    # Reader pages served whole from the cache under the content version (portal/page_cache.py):
    # below the HTTPS redirect, above everything else. A cached answer keeps the CORS and CSP
    # headers it was made with (the same for every reader: a page with a nonce is not cached).
    "portal.page_cache.PageCacheMiddleware",
    # Cross-origin reads of the public JSON API only (issue 15).
    "portal.middleware.api_cors",
    # Content-Security-Policy on every answer (django-csp), errors included, with each page's
    # nonce; outside the others so that an answer any of them gives carries it too.
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Public reads to a read replica when DATABASE_REPLICA_URLS names some (config/replicas.py).
    "config.replicas.ReadReplicaMiddleware",
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
    # The admin's query strings: control characters and parameters naming no field are a 400.
    "portal.middleware.AdminParametersMiddleware",
    # The database down: a 503 with Retry-After (JSON under /api/), not a 500.
    "portal.middleware.DatabaseUnavailableMiddleware",
    # Per-address limits on search, the API, PDFs and questions: a 429 (portal/limits.py).
    "portal.limits.RateLimitMiddleware",
    # Last: answers a locked-out sign-in with the lockout page (django-axes).
    "axes.middleware.AxesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
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

# Read replicas (config/replicas.py): DATABASE_REPLICA_URLS, comma-separated, one alias each.
# Public reads go to a replica; writes, the admin, signed-in officials and whoever wrote in the
# last CAMNANG_REPLICA_PIN_SECONDS read from the primary.
for _number, _url in enumerate(
    (u.strip() for u in os.environ.get("DATABASE_REPLICA_URLS", "").split(",") if u.strip()),
    start=1,
):
    DATABASES[f"replica{_number}"] = {
        **dj_database_url.parse(
            _url,
            conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
            conn_health_checks=True,
        ),
        "OPTIONS": DATABASES["default"].get("OPTIONS", {}),
        # Tests read the replica through the primary's test database.
        "TEST": {"MIRROR": "default"},
    }
CAMNANG_READ_REPLICAS = [alias for alias in DATABASES if alias.startswith("replica")]
DATABASE_ROUTERS = ["config.replicas.ReplicaRouter"]
CAMNANG_REPLICA_PIN_SECONDS = int(os.environ.get("CAMNANG_REPLICA_PIN_SECONDS", "15"))

# Cache: Redis when REDIS_URL is set (Django's own backend), shared by every process: rate
# limits, the page cache and its content version (portal/page_cache.py). Otherwise each
# process keeps its own in memory, and the page cache is off (it could not see other
# processes' changes) unless CAMNANG_PAGE_CACHE_SECONDS says otherwise.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "config.cache.RedisCache",  # Django's, one client per pool
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CAMNANG_CACHE_PREFIX", "camnang"),
            "TIMEOUT": 3600,
            # A Redis that does not answer within a second is treated as down (fail open).
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CAMNANG_PAGE_CACHE_SECONDS = int(
    os.environ.get("CAMNANG_PAGE_CACHE_SECONDS") or ("3600" if REDIS_URL else "0")
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
# Uploads (question attachments, session materials) on local disk, or on S3-compatible object
# storage through django-storages when CAMNANG_S3_BUCKET is set, so that several app servers
# share them. The bucket is private: files are served through the portal's permission checks.
_S3_BUCKET = os.environ.get("CAMNANG_S3_BUCKET", "")
STORAGES = {
    "default": (
        {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": _S3_BUCKET,
                "endpoint_url": os.environ.get("CAMNANG_S3_ENDPOINT_URL") or None,
                "default_acl": "private",
                "querystring_auth": True,
                "file_overwrite": False,
            },
        }
        if _S3_BUCKET
        else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    ),
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
# Where readers write about the handbook or its accessibility (footer, /tiep-can/); empty: the
# pages point to the questions pages only, never to an invented address.
CAMNANG_CONTACT_EMAIL = os.environ.get("CAMNANG_CONTACT_EMAIL", "").strip()

# Where the ministry's reference data lives (procedures, legal bases, provinces). It is read at
# run time, never copied into this repository.
REFERENCE_DIR = Path(
    os.environ.get("CAMNANG_REFERENCE_DIR", BASE_DIR.parent / "shared" / "reference")
)

if not DEBUG:
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", default=True)

# Security ----------------------------------------------------------------------------------
# (issue 12) Login lockout, client address. Production values come from the environment; the
# README's "Production" section lists them.

# How many proxies in front of the application append to X-Forwarded-For (0: none, the
# connection's address is the client's). See config/addresses.py.
CAMNANG_TRUSTED_PROXIES = int(os.environ.get("CAMNANG_TRUSTED_PROXIES", "0") or 0)

# django-axes: 30 failed sign-ins lock the account (whatever address they come from) and,
# separately, the address (whatever accounts it tries), on /dang-nhap/ and /quan-tri/login/,
# for AXES_COOLOFF_TIME; an administrator unlocks earlier by deleting the account's or the
# address's attempts in the admin ("Access attempts") or with `manage.py axes_reset_username`.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("CAMNANG_LOGIN_FAILURE_LIMIT", "30"))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_COOLOFF_TIME = datetime.timedelta(
    minutes=int(os.environ.get("CAMNANG_LOGIN_LOCKOUT_MINUTES", "60"))
)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.lockout.locked_out"
AXES_CLIENT_IP_CALLABLE = "config.addresses.client_address"
AXES_VERBOSE = False

# HTTPS (production only; each can be turned off from the environment, e.g. for a plain-HTTP
# test server): plain HTTP is redirected, browsers are told to use HTTPS only (HSTS), and behind
# the proxy its X-Forwarded-Proto header says whether the request came in over HTTPS.
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "31536000") or 0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
    _proxy_header = os.environ.get("DJANGO_SECURE_PROXY_SSL_HEADER", "HTTP_X_FORWARDED_PROTO")
    if _proxy_header.strip():
        SECURE_PROXY_SSL_HEADER = (_proxy_header.strip(), "https")
    # The load balancer's health check and the metrics scraper come over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz/?$", r"^metrics$"]
# The language switch's cookie: never read by scripts, sent only over HTTPS in production.
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = not DEBUG and env_bool("DJANGO_SECURE_COOKIES", default=True)


# Content-Security-Policy (django-csp): scripts and styles only from the portal's static files
# or with the page's nonce (the print view's page-margin style); no inline script, style or
# style attribute, no plugin, no framing. The server-error page keeps its style inline (it must
# render when static files fail): that one style is allowed by its hash.
# CAMNANG_CSP_REPORT_ONLY=1 sends the same policy as Content-Security-Policy-Report-Only (to
# watch a change before enforcing it); CAMNANG_CSP_REPORT_URI collects the reports.
def _error_page_style_hash() -> str:
    import base64
    import hashlib
    import re

    page = (BASE_DIR / "templates" / "500.html").read_text(encoding="utf-8")
    style = re.search(r"<style>(.*?)</style>", page, re.S)
    digest = hashlib.sha256(style.group(1).encode()).digest() if style else b""
    return f"'sha256-{base64.b64encode(digest).decode()}'"


_CSP = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE, _error_page_style_hash()],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
if os.environ.get("CAMNANG_CSP_REPORT_URI"):
    _CSP["DIRECTIVES"]["report-uri"] = [os.environ["CAMNANG_CSP_REPORT_URI"]]
if env_bool("CAMNANG_CSP_REPORT_ONLY"):
    CONTENT_SECURITY_POLICY_REPORT_ONLY = _CSP
else:
    CONTENT_SECURITY_POLICY = _CSP

# Costly requests, per client address (portal/limits.py), counted in Django's default cache:
# shared by every process once that cache is Redis. If the cache cannot be reached the
# requests go through (a cache outage must not refuse every reader).
RATELIMIT_ENABLE = env_bool("CAMNANG_RATE_LIMITS_ENABLED", default=True)
RATELIMIT_FAIL_OPEN = True
CAMNANG_RATE_LIMITS = {
    "search": os.environ.get("CAMNANG_RATE_SEARCH", "60/m"),
    "suggest": os.environ.get("CAMNANG_RATE_SUGGEST", "240/m"),
    "api": os.environ.get("CAMNANG_RATE_API", "120/m"),
    "pdf": os.environ.get("CAMNANG_RATE_PDF", "10/m"),
    "questions": os.environ.get("CAMNANG_RATE_QUESTIONS", "30/h"),
    "feedback": os.environ.get("CAMNANG_RATE_FEEDBACK", "30/h"),
}
# Request bodies: a form is small; attachments (questions, session materials) are files, which
# Django streams to disk, capped by the upload forms themselves. Anything larger than
# DATA_UPLOAD_MAX_MEMORY_SIZE outside a file is refused with a 400 (Django's RequestDataTooBig);
# CAMNANG_MAX_BODY_BYTES caps the whole body before it is read (413).
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("DJANGO_DATA_UPLOAD_MAX_MEMORY_SIZE", "1048576"))
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
CAMNANG_MAX_BODY_BYTES = int(os.environ.get("CAMNANG_MAX_BODY_BYTES", str(30 * 1024 * 1024)))

# PDFs are built ahead by `manage.py build_pdfs` (portal/pdf_files.py) into this folder, one
# sub-folder per content version, and served from it; the site's address goes into each PDF.
CAMNANG_PDF_ROOT = Path(os.environ.get("CAMNANG_PDF_ROOT") or MEDIA_ROOT / "pdf")
# The open data (`manage.py build_exports`, portal/exports.py, served at /du-lieu/): one
# sub-folder per content version.
CAMNANG_EXPORT_ROOT = Path(os.environ.get("CAMNANG_EXPORT_ROOT") or MEDIA_ROOT / "exports")
CAMNANG_SITE_URL = os.environ.get("CAMNANG_SITE_URL") or (
    f"https://{ALLOWED_HOSTS[0]}" if not DEBUG else "http://localhost:8000"
)

# `load_initial_data --demo-accounts` creates accounts whose password is in the README: only in
# debug mode (read here, when the process starts, so a test run keeps the mode it started in).
CAMNANG_DEMO_ACCOUNTS_ALLOWED = DEBUG

# Logs go to standard error (journald under systemd); DJANGO_LOG_FORMAT=json writes one JSON
# object per line with the request id, path, status, duration and role of each request.
CAMNANG_LOG_REQUESTS = env_bool("CAMNANG_LOG_REQUESTS", default=not DEBUG)
_JSON_LOGS = os.environ.get("DJANGO_LOG_FORMAT", "text") == "json"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "json" if _JSON_LOGS else "text"}
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}
# (Security) django-axes logs every sign-in at INFO; failures and lockouts stay (WARNING).
LOGGING["loggers"] = {"axes": {"level": "WARNING"}}
# /metrics answers only these client addresses (config/observability.py).
CAMNANG_METRICS_ADDRESSES = [
    a.strip()
    for a in os.environ.get("CAMNANG_METRICS_ADDRESSES", "127.0.0.1,::1").split(",")
    if a.strip()
]
