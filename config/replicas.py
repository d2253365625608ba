"""PostgreSQL read replicas (issue 13): public reads go to a replica, the rest to the primary.

``DATABASE_REPLICA_URLS`` (comma-separated) adds one database alias per replica ("replica1",
"replica2", …). Replication (streaming, run by PostgreSQL) keeps them; Django only chooses
where each query goes:

- writes, migrations and every query outside a request (management commands, jobs) use the
  primary ("default");
- inside a request, reads use a replica only when ``ReadReplicaMiddleware`` allowed it: a GET or
  HEAD from a reader who carries no session (no signed-in official, no admin) and who has not
  written in the last ``CAMNANG_REPLICA_PIN_SECONDS`` (a write sets a short cookie so that
  whoever just saved something reads it back from the primary, whatever the replication lag).

Replicas are picked at random per request, so each app server spreads its reads over all.
"""

import random
from collections.abc import Callable
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS
from django.http import HttpRequest, HttpResponse

PIN_COOKIE = "camnang_primary"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
# The alias the current request may read from; None: the primary.
_read_alias: ContextVar[str | None] = ContextVar("camnang_read_alias", default=None)


def replica_aliases() -> list[str]:
    return list(settings.CAMNANG_READ_REPLICAS)


class ReplicaRouter:
    """Reads to the replica the request was given, writes and migrations to the primary."""

    def db_for_read(self, model, **hints) -> str:
        return _read_alias.get() or DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        # Every alias holds the same data: objects read from a replica may relate to others.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool:
        # Replicas receive the primary's schema through replication.
        return db == DEFAULT_DB_ALIAS


def may_read_from_replica(request: HttpRequest) -> bool:
    if request.method not in SAFE_METHODS or request.path.startswith("/quan-tri/"):
        return False
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and PIN_COOKIE not in cookies


class ReadReplicaMiddleware:
    """Gives a public read-only request a replica (see the module); pins writers to the primary."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        replicas = replica_aliases()
        alias = random.choice(replicas) if replicas and may_read_from_replica(request) else None
        token = _read_alias.set(alias)
        try:
            response = self.get_response(request)
        finally:
            _read_alias.reset(token)
        if replicas and request.method not in SAFE_METHODS:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.CAMNANG_REPLICA_PIN_SECONDS,
                secure=request.is_secure(),
                httponly=True,
                samesite="Lax",
            )
        return response
