from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Vietnamese unless the reader chose another language with the switch (its cookie).

    The browser's Accept-Language is not followed: officials' browsers often ask for English
    while everything the portal holds is Vietnamese, so English is opt-in.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _name in settings.LANGUAGES}
        translation.activate(chosen if chosen in supported else settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()


def vary_on_reader_cookies(get_response):
    """HTML pages show the reader's language and province, both kept in cookies, so a cache must
    keep one copy per cookie: ``Vary: Cookie``."""

    def middleware(request):
        response = get_response(request)
        if response.get("Content-Type", "").startswith("text/html"):
            patch_vary_headers(response, ("Cookie",))
        return response

    return middleware
