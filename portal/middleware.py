from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseBadRequest
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from portal.params import ParameterError, reader_query, refuse_control_characters
from portal.responses import bad_request, json_response


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


def body_limit(get_response):
    """A request body larger than the portal takes is a 413 before a byte of it is read: no
    anonymous page takes a file, so a reader's body is capped at DATA_UPLOAD_MAX_MEMORY_SIZE; a
    signed-in official's (attachments) at CAMNANG_MAX_BODY_BYTES."""

    def middleware(request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return HttpResponseBadRequest(_("Content-Length không hợp lệ."))
        signed_in = settings.SESSION_COOKIE_NAME in request.COOKIES
        cap = settings.CAMNANG_MAX_BODY_BYTES if signed_in else settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if length > cap:
            return HttpResponse(
                _("Nội dung gửi lên quá lớn (tối đa %(mb).1f MB).") % {"mb": cap / 1048576},
                status=413,
                content_type="text/plain; charset=utf-8",
            )
        return get_response(request)

    return middleware


class DatabaseUnavailableMiddleware:
    """The database down (or refusing connections) is a 503 with ``Retry-After``, JSON under
    ``/api/``: a reader is told to come back, not shown a crash."""

    RETRY_AFTER = 30

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError) or not _unreachable(
            exception
        ):
            return None
        message = _("Cơ sở dữ liệu tạm thời không truy cập được; hãy thử lại sau ít phút.")
        response: HttpResponse
        if request.path.startswith("/api/"):
            response = json_response({"error": message}, status=503)
        else:
            try:
                response = render(request, "portal/bad_request.html", {"message": message})
                response.status_code = 503
            except DatabaseError:  # the page itself needs the database (its context)
                response = HttpResponse(message, status=503, content_type="text/plain")
        response["Retry-After"] = str(self.RETRY_AFTER)
        return response


def _unreachable(exception) -> bool:
    """A connection failure, not an error of the query (a bad query is a bug: a 500)."""
    if isinstance(exception, InterfaceError):
        return True
    text = str(exception).lower()
    return any(
        words in text
        for words in (
            "connection",
            "could not connect",
            "server closed",
            "terminating",
            "unable to open database",
            "the database system is",
        )
    )


# The read-only JSON API is public data: any site may read it from a browser (issue 15). Only
# these paths and methods, so no signed-in page or admin answer is ever shared cross-origin.
CORS_PATH_PREFIX = "/api/"
CORS_METHODS = ("GET", "HEAD", "OPTIONS")


def api_cors(get_response):
    """``Access-Control-Allow-Origin: *`` on GET/HEAD/OPTIONS under ``/api/``; a preflight
    OPTIONS there is answered directly (no credentials are ever allowed)."""

    def middleware(request):
        shared = request.path.startswith(CORS_PATH_PREFIX) and request.method in CORS_METHODS
        if shared and request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = ", ".join(CORS_METHODS)
            response["Access-Control-Allow-Headers"] = "Accept, Accept-Language, If-None-Match"
            response["Access-Control-Max-Age"] = "86400"
        else:
            response = get_response(request)
        if shared:
            response["Access-Control-Allow-Origin"] = "*"
        return response

    return middleware
