from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.http import HttpResponseBadRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers

from portal.params import ParameterError, reader_query, refuse_control_characters
from portal.responses import bad_request


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


class ReaderParametersMiddleware:
    """Reader and question pages read one set of parameter names (``portal.params``): the old
    names are renamed before any view or form reads the query, and a name or value holding a
    control character is refused with a 400 before it can reach the database."""

    NAMESPACES = {"portal", "questions"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        namespace = request.resolver_match.namespace
        if namespace not in self.NAMESPACES:
            return None
        try:
            query = reader_query(request.GET, namespace=namespace)
        except ParameterError as exc:
            return bad_request(request, str(exc))
        if list(query) != list(request.GET):
            # The page's own links (get_full_path, the "next" of the province chooser and the
            # login) then carry the new names too.
            request.GET = query
            request.META["QUERY_STRING"] = query.urlencode()
        return None


class AdminParametersMiddleware:
    """The admin's query strings under the portal's rules: a control character in a name or a
    value is a 400 (PostgreSQL refuses NUL in any text), and a parameter that names no field
    (``?_to_field=``, a list filter's lookup on a field that does not exist) or holds a value its
    field cannot take is a 400 with the reason, never a 500."""

    NAMESPACE = "admin"
    BAD_INPUT = (FieldDoesNotExist, ValidationError)

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def _is_admin(self, request) -> bool:
        match = getattr(request, "resolver_match", None)
        return match is not None and self.NAMESPACE in match.namespaces

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not self._is_admin(request):
            return None
        try:
            for name, values in request.GET.lists():
                refuse_control_characters(name, name=name)
                for value in values:
                    refuse_control_characters(value, name=name)
        except ParameterError as exc:
            return HttpResponseBadRequest(str(exc), content_type="text/plain; charset=utf-8")
        return None

    def process_exception(self, request, exception):
        if not self._is_admin(request) or not isinstance(exception, self.BAD_INPUT):
            return None
        reason = "; ".join(getattr(exception, "messages", None) or [str(exception)])
        return HttpResponseBadRequest(reason, content_type="text/plain; charset=utf-8")
