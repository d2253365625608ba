from django.contrib.sitemaps import views as sitemap_views
from django.urls import path
from django.views.generic import RedirectView

from portal.feeds import FieldChangesFeed, MajorChangesFeed, ProvinceChangesFeed
from portal.sitemaps import SITEMAPS
from portal.views import (
    api,
    api_docs,
    changes,
    faq,
    home,
    listings,
    open_data,
    printing,
    procedures,
    search,
)

app_name = "portal"

urlpatterns = [
    path("", home.home, name="home"),
    path("tiep-can/", home.accessibility, name="accessibility"),
    # A procedure, its guidance's history and word diffs
    path("thu-tuc/<slug:slug>/", procedures.procedure_detail, name="procedure"),
    path("thu-tuc/<slug:slug>/lich-su/", procedures.procedure_history, name="history"),
    path("thu-tuc/<slug:slug>/phan-hoi/", procedures.procedure_feedback, name="feedback"),
    path("thu-tuc/<slug:slug>/so-sanh/", procedures.revision_compare, name="compare"),
    path("thu-tuc/<slug:slug>/ban-in/", printing.print_procedure, name="print-procedure"),
    path(
        "thu-tuc/<slug:slug>/cam-nang.pdf",
        printing.print_procedure,
        {"pdf": True},
        name="pdf-procedure",
    ),
    # Listings
    path("linh-vuc/<slug:slug>/", listings.field_detail, name="field"),
    path("cap/<slug:slug>/", listings.level_detail, name="level"),
    path("van-ban/<slug:slug>/", listings.document_detail, name="document"),
    path("tinh/<slug:slug>/", listings.province_detail, name="province"),
    path("chon-tinh/", listings.province_choose, name="choose-province"),
    # Changes, feeds and editions
    path("cap-nhat/", changes.recent_changes, name="changes"),
    path("cap-nhat/atom/", MajorChangesFeed(), name="feed"),
    path("cap-nhat/linh-vuc/<slug:slug>/atom/", FieldChangesFeed(), name="feed-field"),
    path("cap-nhat/tinh/<slug:slug>/atom/", ProvinceChangesFeed(), name="feed-province"),
    path("an-ban/<slug:slug>/", changes.edition_detail, name="edition"),
    path("an-ban/<slug:slug>/thay-doi/", changes.edition_since, name="edition-since"),
    # Print views and PDFs
    path("ban-in/", printing.print_handbook, name="print-handbook"),
    path("cam-nang.pdf", printing.print_handbook, {"pdf": True}, name="pdf-handbook"),
    path("linh-vuc/<slug:slug>/ban-in/", printing.print_field, name="print-field"),
    path(
        "linh-vuc/<slug:slug>/cam-nang.pdf", printing.print_field, {"pdf": True}, name="pdf-field"
    ),
    path("cap/<slug:slug>/ban-in/", printing.print_level, name="print-level"),
    path("cap/<slug:slug>/cam-nang.pdf", printing.print_level, {"pdf": True}, name="pdf-level"),
    path("an-ban/<slug:slug>/ban-in/", printing.print_edition, name="print-edition"),
    path(
        "an-ban/<slug:slug>/cam-nang.pdf",
        printing.print_edition,
        {"pdf": True},
        name="pdf-edition",
    ),
    # The edition's first print page, kept for its bookmarks.
    path(
        "an-ban/<slug:slug>/in/",
        RedirectView.as_view(
            pattern_name="portal:print-edition", permanent=True, query_string=True
        ),
        name="print-edition-moved",
    ),
    # Search
    path("tim-kiem/", search.results, name="search"),
    # Public questions and answers, online sessions
    path("hoi-dap/", faq.faq_list, name="faq"),
    path("hoi-dap/<int:pk>/", faq.faq_detail, name="faq-detail"),
    path("giai-dap-truc-tuyen/", faq.session_list, name="sessions"),
    path("giai-dap-truc-tuyen/<int:pk>/", faq.session_detail, name="session"),
    path("giai-dap-truc-tuyen/tai-lieu/<int:pk>/", faq.session_material, name="material"),
    # Open data: the files built by build_exports
    path("du-lieu/", open_data.open_data, name="open-data"),
    path("du-lieu/<str:name>", open_data.open_data_file, name="open-data-file"),
    # The JSON API
    path("api/procedures", api.procedure_list_api, name="api-procedures"),
    path("api/procedures/<str:code>", api.procedure_api, name="api-procedure"),
    path("api/search", api.api_search, name="api-search"),
    path("api/suggest", api.api_suggest, name="api-suggest"),
    path("api/schema", api_docs.api_schema, name="api-schema"),
    path("api/docs", api_docs.api_docs, name="api-docs"),
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
