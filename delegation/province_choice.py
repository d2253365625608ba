"""The reader's province: chosen once, remembered in a cookie, no login needed.

Other apps read it with ``selected_province(request)`` (or, where a shared link may name a
province with ``?tinh=``, ``handbook.reading.reader_province``); only the chooser view
(portal) writes it.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from delegation.models import Province

COOKIE_NAME = settings.CAMNANG_PROVINCE_COOKIE
COOKIE_MAX_AGE = 365 * 24 * 60 * 60
_CACHE_ATTRIBUTE = "_camnang_selected_province"


def selected_province(request: HttpRequest) -> Province | None:
    """The province this reader chose (its cookie), or None; one query per request."""
    if not hasattr(request, _CACHE_ATTRIBUTE):
        slug = request.COOKIES.get(COOKIE_NAME, "")
        province = Province.objects.filter(slug=slug).first() if slug else None
        setattr(request, _CACHE_ATTRIBUTE, province)
    return getattr(request, _CACHE_ATTRIBUTE)


def remember_province(response: HttpResponse, province: Province | None) -> None:
    """Store ``province`` in the reader's cookie, or forget the choice when it is None."""
    if province is None:
        response.delete_cookie(COOKIE_NAME, samesite="Lax")
        return
    response.set_cookie(
        COOKIE_NAME,
        province.slug,
        max_age=COOKIE_MAX_AGE,
        secure=not settings.DEBUG and settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
