"""Per-address limits on the costly requests (django-ratelimit, counted in Django's cache, so
shared by every process when the cache is Redis): search, the JSON API, PDFs and the question
form. Over the limit the answer is a 429 with ``Retry-After`` (JSON under ``/api/``).

Which requests count, and how many each address may make, are settings
(``CAMNANG_RATE_LIMITS``: group -> "N/period"); ``RATELIMIT_ENABLE`` turns them all off.
"""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django_ratelimit.core import get_usage

from portal.responses import json_response

# (namespace, URL name) -> (the group it counts in, the methods that count).
LIMITED = {
    ("portal", "search"): ("search", ("GET", "HEAD")),
    ("portal", "api-search"): ("search", ("GET", "HEAD")),
    ("portal", "api-suggest"): ("suggest", ("GET", "HEAD")),
    ("portal", "api-procedure"): ("api", ("GET", "HEAD")),
    ("portal", "api-procedures"): ("api", ("GET", "HEAD")),
    ("portal", "pdf-handbook"): ("pdf", ("GET", "HEAD")),
    ("portal", "pdf-field"): ("pdf", ("GET", "HEAD")),
    ("portal", "pdf-level"): ("pdf", ("GET", "HEAD")),
    ("portal", "pdf-edition"): ("pdf", ("GET", "HEAD")),
    ("portal", "pdf-procedure"): ("pdf", ("GET", "HEAD")),
    ("portal", "feedback"): ("feedback", ("POST",)),
    ("questions", "create"): ("questions", ("POST",)),
    ("questions", "action"): ("questions", ("POST",)),
}


def too_many_requests(request, retry_after: int):
    message = _(
        "Bạn đã gửi quá nhiều yêu cầu loại này trong thời gian ngắn. Hãy thử lại sau "
        "%(seconds)d giây."
    ) % {"seconds": retry_after}
    match = request.resolver_match
    response: HttpResponse
    if match is not None and (match.url_name or "").startswith("api-"):
        response = json_response({"error": message}, status=429)
    else:
        response = render(request, "portal/bad_request.html", {"message": message}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


class RateLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(settings, "RATELIMIT_ENABLE", True):
            return None
        match = request.resolver_match
        limited = LIMITED.get((match.namespace, match.url_name))
        if limited is None or request.method not in limited[1]:
            return None
        group = limited[0]
        rate = settings.CAMNANG_RATE_LIMITS.get(group)
        if not rate:
            return None
        usage = get_usage(
            request,
            group=f"camnang-{group}",
            key="config.addresses.ratelimit_key",
            rate=rate,
            method=limited[1],
            increment=True,
        )
        if usage is None or not usage["should_limit"]:
            return None
        return too_many_requests(request, max(1, usage["time_left"]))
