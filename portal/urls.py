from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from portal import views
from portal.sitemaps import SITEMAPS

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("thu-tuc/<slug:slug>/", views.procedure_detail, name="procedure"),
    path("linh-vuc/<slug:slug>/", views.field_detail, name="field"),
    path("linh-vuc/<slug:slug>/ban-in/", views.print_field, name="print-field"),
    path("linh-vuc/<slug:slug>/cam-nang.pdf", views.print_field, {"pdf": True}, name="pdf-field"),
    path("cap/<slug:slug>/", views.level_detail, name="level"),
    path("cap/<slug:slug>/ban-in/", views.print_level, name="print-level"),
    path("cap/<slug:slug>/cam-nang.pdf", views.print_level, {"pdf": True}, name="pdf-level"),
    path("van-ban/<slug:slug>/", views.document_detail, name="document"),
    path("tinh/<slug:slug>/", views.province_detail, name="province"),
    path("chon-tinh/", views.province_choose, name="choose-province"),
    path("api/procedures/<str:code>", views.procedure_api, name="api-procedure"),
    path("ban-in/", views.print_handbook, name="print-handbook"),
    path("an-ban/<slug:slug>/ban-in/", views.print_edition, name="print-edition"),
    path("an-ban/<slug:slug>/cam-nang.pdf", views.print_edition, {"pdf": True}, name="pdf-edition"),
    path("cam-nang.pdf", views.print_handbook, {"pdf": True}, name="pdf-handbook"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "portal:sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
]
