from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

admin.site.site_header = _("Cẩm nang: quản trị nội dung")
admin.site.site_title = _("Cẩm nang")
admin.site.index_title = _("Quản trị cẩm nang nghiệp vụ")

urlpatterns = [
    # The language switch only sets a display preference, so its form carries no CSRF token: reader
    # pages then hold no per-visit secret and their ETags let a revisit cost a 304.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("quan-tri/", admin.site.urls),
    path("", include("accounts.urls")),
    path("", include("questions.urls")),
    path("", include("support.urls")),
    path("", include("portal.urls")),
]
