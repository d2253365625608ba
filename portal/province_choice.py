"""The reader's province: chosen once, remembered in a cookie, no login needed.

Reader pages read it with ``selected_province(request)``, or with ``reader_province(request)``
where a shared link may name a province with ``?tinh=``; only the chooser view writes it.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from delegation.models import Province
from portal.params import cookie_slug, parse_province

COOKIE_NAME = settings.CAMNANG_PROVINCE_COOKIE
COOKIE_MAX_AGE = 365 * 24 * 60 * 60
_CACHE_ATTRIBUTE = "_camnang_selected_province"


def selected_province(request: HttpRequest) -> Province | None:
    """The province this reader chose (its cookie), or None; one query per request.

    A cookie that names no province, or is no slug at all, is ignored.
    """
    if not hasattr(request, _CACHE_ATTRIBUTE):
        slug = cookie_slug(request.COOKIES.get(COOKIE_NAME))
        province = Province.objects.filter(slug=slug).first() if slug else None
        setattr(request, _CACHE_ATTRIBUTE, province)
    return getattr(request, _CACHE_ATTRIBUTE)


def reader_province(request: HttpRequest) -> Province | None:
    """The province the reader chose: ``?tinh=`` first, else the cookie.

    ParameterError when ``?tinh=`` names no province; the cookie is never refused.
    """
    if "tinh" in request.GET:
        return parse_province(request.GET["tinh"])
    return selected_province(request)


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
