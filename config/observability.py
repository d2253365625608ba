"""Operations (issue 13): the health check, one log line per request, who may read the metrics.

``/healthz`` answers JSON: the database (a query), the cache (a write and a read) and the
migrations (none left to apply); 200 when all hold, 503 with the failing check otherwise, so a
load balancer takes a broken app server out of rotation.

``RequestLogMiddleware`` gives each request an id (nginx's ``X-Request-ID`` when it sent one,
else a new one), returns it in the answer's ``X-Request-ID`` and writes one log record per
request with path, status, duration and the user's role; ``DJANGO_LOG_FORMAT=json`` makes every
record a JSON line (python-json-logger) for journald and log shippers.

``/metrics`` is django-prometheus's exporter, answered only to ``CAMNANG_METRICS_ADDRESSES``
(local by default; nginx refuses it from outside too).
"""

import logging
import re
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden, JsonResponse
from django.views.decorators.cache import never_cache
from django_prometheus.exports import ExportToDjangoView

from config.addresses import client_address

logger = logging.getLogger("camnang.requests")
REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def _check_database() -> str:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
    return "ok"


def _check_cache() -> str:
    probe = uuid.uuid4().hex
    cache.set("camnang:healthz", probe, timeout=30)
    if cache.get("camnang:healthz") != probe:
        raise RuntimeError("the value written was not read back")
    return "ok"


def _check_migrations() -> str:
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        raise RuntimeError(f"{len(pending)} migrations not applied")
    return "ok"


CHECKS = {"database": _check_database, "cache": _check_cache, "migrations": _check_migrations}


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    results: dict[str, str] = {}
    healthy = True
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except Exception as error:
            healthy = False
            results[name] = f"error: {type(error).__name__}: {error}"[:300]
            logger.error("health check %s failed", name, exc_info=True)
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": results}, status=200 if healthy else 503
    )


def metrics(request: HttpRequest) -> HttpResponse:
    if client_address(request) not in settings.CAMNANG_METRICS_ADDRESSES:
        return HttpResponseForbidden("metrics are for the monitoring host only\n")
    return ExportToDjangoView(request)


def _role(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    # Only look at a user the request already resolved: an anonymous reader costs no query.
    if user is None or not getattr(request, "_cached_user", None) or not user.is_authenticated:
        return "anonymous"
    if user.is_superuser:
        return "superuser"
    names = sorted(group.name for group in user.groups.all())
    return ",".join(names) or "staff"


class RequestLogMiddleware:
    """One log record per request, with its id (see the module)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = given if REQUEST_ID.match(given) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        started = time.perf_counter()
        response = self.get_response(request)
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        response["X-Request-ID"] = request_id
        if settings.CAMNANG_LOG_REQUESTS:
            logger.info(
                "%s %s %s %.1fms",
                request.method,
                request.path,
                response.status_code,
                duration_ms,
                extra={
                    "request_id": request_id,
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": duration_ms,
                    "role": _role(request),
                    "cache": response.get("X-Cache", ""),
                },
            )
        return response
