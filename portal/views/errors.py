"""Error answers: JSON under ``/api/`` (``{"error": ...}``), the site's pages elsewhere."""

from django.utils.translation import gettext as _
from django.views import defaults

from portal.responses import json_response

API_PREFIX = "/api/"


def is_api(request) -> bool:
    return request.path.startswith(API_PREFIX)


def page_not_found(request, exception):
    if is_api(request):
        return json_response({"error": _("Không có địa chỉ này trong API.")}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if is_api(request):
        return json_response({"error": _("Lỗi máy chủ; hãy thử lại sau.")}, status=500)
    return defaults.server_error(request)


def bad_request(request, exception):
    if is_api(request):
        return json_response({"error": _("Yêu cầu không hợp lệ.")}, status=400)
    return defaults.bad_request(request, exception)


def permission_denied(request, exception):
    if is_api(request):
        return json_response({"error": _("Không có quyền truy cập.")}, status=403)
    return defaults.permission_denied(request, exception)
