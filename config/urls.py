from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from config.observability import healthz, metrics

# admin.site is config.admin_site.CamnangAdminSite (config.apps.CamnangAdminConfig).
urlpatterns = [
    # The language switch only sets a display preference, so its form carries no CSRF token: reader
    # pages then hold no per-visit secret and their ETags let a revisit cost a 304.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("quan-tri/", admin.site.urls),
    # Operations (config/observability.py): the load balancer's check and Prometheus's scrape.
    path("healthz", healthz, name="healthz"),
    path("metrics", metrics, name="metrics"),
    path("", include("accounts.urls")),
    path("", include("questions.urls")),
    path("", include("support.urls")),
    path("", include("portal.urls")),
]

# Errors under /api/ are JSON; elsewhere the site's pages (portal/views/errors.py).
handler400 = "portal.views.errors.bad_request"
handler403 = "portal.views.errors.permission_denied"
handler404 = "portal.views.errors.page_not_found"
handler500 = "portal.views.errors.server_error"
