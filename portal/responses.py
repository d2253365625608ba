"""The two kinds of answer the portal gives besides a page: JSON, and a 400 that says why."""

from django.http import JsonResponse
from django.shortcuts import render


def json_response(data: dict, *, status: int = 200) -> JsonResponse:
    """``data`` as UTF-8 JSON (Vietnamese stays readable, not escaped)."""
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def bad_request(request, message: str):
    """A 400 with ``message``: ``{"error": message}`` for the JSON API (its URL names start with
    ``api-``), the reader's error page otherwise."""
    match = request.resolver_match
    if match is not None and match.url_name and match.url_name.startswith("api-"):
        return json_response({"error": str(message)}, status=400)
    return render(request, "portal/bad_request.html", {"message": message}, status=400)
