from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Cẩm nang: quản trị nội dung")
admin.site.site_title = _("Cẩm nang")
admin.site.index_title = _("Quản trị cẩm nang nghiệp vụ")

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("quan-tri/", admin.site.urls),
    path("", include("accounts.urls")),
    path("", include("questions.urls")),
    path("", include("search.urls")),
    path("", include("handbook.urls")),
    path("", include("portal.urls")),
]
