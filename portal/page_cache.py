"""Reader pages and API answers cached whole, under the published content's version (issue 13).

A page is kept in Django's default cache (Redis in production) under its URL, the reader's
language and province (both cookies), the day (a handler depends on the date) and whether the
answer is gzipped, together with the *content version* it was made under: a token in the same
cache that every change to published content replaces. A change anywhere (a revision
published, withdrawn or scheduled and then published, an import, an admin edit) is a save or
delete of a model of a content app, and each one, once its transaction commits, replaces the
token; a page made under an older token is never served again (it is made anew and
overwritten). Nothing stale is served, and no page waits for a timeout. Every process reads the
token from the shared cache, so a publication through one app server is seen by all of them on
their next request.

A revisit whose ``If-None-Match`` names the cached page's ETag is answered 304 from the cache
alone: one cache round trip (the version and the page together), no database.

What is never cached: anything but GET and HEAD, a request carrying a session (a signed-in
official; the admin) or a pending message, paths outside the reader's (admin, sign-in, health,
metrics), and any answer that is not a plain 200 HTML or JSON page, sets a cookie, used the
CSRF token or a CSP nonce (both are per reader), or says ``private``/``no-store``.

The cache is on when ``CAMNANG_PAGE_CACHE_SECONDS`` is above 0, which it is by default only
when ``REDIS_URL`` is set: a per-process memory cache cannot see another process's changes.
"""

import logging
import secrets
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import cc_delim_re, get_conditional_response

logger = logging.getLogger(__name__)

VERSION_KEY = "camnang:content-version"
# The apps whose models readers see. Changes to other apps' models (sessions, sign-in attempts,
# support visits, page feedback counted in the ministry's dashboard) do not touch a reader page.
CONTENT_APPS = {"procedures", "delegation", "handbook", "questions", "search"}
NOT_CONTENT = {("handbook", "pagefeedback"), ("handbook", "historicalpagefeedback")}
# A reader page: anything under these prefixes is not (the admin, sign-in, operations).
# Static files are WhiteNoise's (already in memory, with their own ETags).
UNCACHED_PREFIXES = (
    "/quan-tri/",
    "/dang-nhap/",
    "/dang-xuat/",
    "/healthz",
    "/metrics",
    "/static/",
    "/media/",
)
CACHED_TYPES = ("text/html", "application/json")


def enabled() -> bool:
    return settings.CAMNANG_PAGE_CACHE_SECONDS > 0


def content_version() -> str:
    """The current token; a new one if the cache holds none (after a flush or an eviction)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        version = secrets.token_hex(8)
        # add(): two processes that both found none agree on the first one written.
        if not cache.add(VERSION_KEY, version, timeout=None):
            version = cache.get(VERSION_KEY) or version
    return version


def bump_content_version() -> None:
    """Published content changed: every cached page is out of date from now on."""
    try:
        cache.set(VERSION_KEY, secrets.token_hex(8), timeout=None)
    except Exception:
        # The cache down: pages are not served from it either (PageCacheMiddleware fails open),
        # but the change must not be lost for when it is back. Drop the whole cache then.
        logger.exception("page cache: could not replace the content version")


def _bump_after_commit(using: str) -> None:
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        bump_content_version()
        return
    # One replacement per transaction, however many rows it writes (an import writes thousands).
    # A rolled-back transaction drops its callbacks, and with them the pending one.
    pending = getattr(connection, "_camnang_pending_bump", None)
    if pending is not None and any(entry[1] is pending for entry in connection.run_on_commit):
        return

    def bump() -> None:
        connection._camnang_pending_bump = None
        bump_content_version()

    connection._camnang_pending_bump = bump
    transaction.on_commit(bump, using=using)


def _content_changed(sender, **kwargs) -> None:
    meta = sender._meta
    if meta.app_label not in CONTENT_APPS or (meta.app_label, meta.model_name) in NOT_CONTENT:
        return
    _bump_after_commit(kwargs.get("using") or DEFAULT_DB_ALIAS)


def connect_signals() -> None:
    """Called from PortalConfig.ready(): every content save or delete replaces the version."""
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_content_changed, dispatch_uid=f"camnang-page-cache-{id(signal)}")


def _cacheable_request(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if request.path.startswith(UNCACHED_PREFIXES):
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    return "HTTP_AUTHORIZATION" not in request.META


def _cacheable_response(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if not response.get("Content-Type", "").startswith(CACHED_TYPES):
        return False
    directives = {d.strip().lower() for d in cc_delim_re.split(response.get("Cache-Control", ""))}
    if directives & {"private", "no-store", "no-cache"}:
        return False
    # The CSRF token and the CSP nonce are each reader's own: a page holding them is not shared.
    per_reader = request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or getattr(
        request, "_csp_nonce", None
    )
    return not per_reader


def page_key(request: HttpRequest) -> str:
    gzip = "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "").lower()
    return ":".join(
        [
            "camnang:page",
            timezone.localdate().isoformat(),
            request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")[:8],
            request.COOKIES.get(settings.CAMNANG_PROVINCE_COOKIE, "")[:40],
            "gz" if gzip else "id",
            request.get_full_path()[:1500],
        ]
    )


class PageCacheMiddleware:
    """Serve a reader page from the cache, or cache what the view answered (see the module).

    It sits right below the HTTPS redirect and above the rest (CORS, CSP, WhiteNoise, GZip,
    ConditionalGet, sessions, the views), so a hit costs neither compression nor the database;
    the answer kept holds the headers those added, which are the same for every reader.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not enabled() or not _cacheable_request(request):
            return self.get_response(request)
        key = page_key(request)
        try:
            # One round trip: the current version and the page, kept with the version it was
            # made under; a page of an older version is a miss (and is overwritten).
            found = cache.get_many([VERSION_KEY, key])
            version = found.get(VERSION_KEY) or content_version()
        except Exception:
            # A cache outage must not refuse readers: the page is made as without a cache.
            logger.warning("page cache: cache unreachable, serving uncached", exc_info=True)
            return self.get_response(request)
        made_under, cached = found.get(key) or (None, None)
        if cached is not None and made_under == version:
            cached["X-Cache"] = "hit"
            # A revisit with the page's ETag: 304, straight from the cache.
            answer = get_conditional_response(request, etag=cached.get("ETag"), response=cached)
            return answer or cached
        response = self.get_response(request)
        if _cacheable_response(request, response):
            response["X-Cache"] = "miss"
            try:
                cache.set(key, (version, response), timeout=settings.CAMNANG_PAGE_CACHE_SECONDS)
            except Exception:
                logger.warning("page cache: could not store %s", request.path, exc_info=True)
        return response
