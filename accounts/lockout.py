"""The answer to a sign-in while the account or the address is locked out (django-axes)."""

import math

from django.conf import settings
from django.shortcuts import render


def locked_out(request, response=None, credentials=None):
    """429 with the lockout page in Vietnamese and ``Retry-After`` (the cool-off time)."""
    cool_off = settings.AXES_COOLOFF_TIME
    seconds = int(cool_off.total_seconds()) if cool_off else None
    answer = render(
        request,
        "registration/locked_out.html",
        {
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "minutes": math.ceil(seconds / 60) if seconds else None,
        },
        status=429,
    )
    if seconds:
        answer["Retry-After"] = str(seconds)
    return answer
