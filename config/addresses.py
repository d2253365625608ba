"""The client's address, one rule for the login lockout (django-axes) and the rate limits.

Without a proxy the address is the connection's (``REMOTE_ADDR``). Behind N trusted proxies
(``CAMNANG_TRUSTED_PROXIES=N``; each appends the address it received from to
``X-Forwarded-For``) it is the N-th address from the right: anything to its left was written by
the client and could be forged to escape a lockout.
"""

import ipaddress

from django.conf import settings


def _address(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_address(request) -> str | None:
    """The client's IP address, None when the request carries none (a request built in code)."""
    remote = _address(request.META.get("REMOTE_ADDR") or "")
    proxies = settings.CAMNANG_TRUSTED_PROXIES
    if proxies <= 0:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    if len(forwarded) < proxies:
        return remote
    return _address(forwarded[-proxies]) or remote


def ratelimit_key(group, request) -> str:
    """django-ratelimit's key: the client's address."""
    return client_address(request) or "unknown"
