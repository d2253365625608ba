from django.urls import path

from handbook import views
from handbook.feeds import FieldChangesFeed, MajorChangesFeed, ProvinceChangesFeed

app_name = "handbook"

urlpatterns = [
    path("thu-tuc/<slug:slug>/lich-su/", views.procedure_history, name="history"),
    path("thu-tuc/<slug:slug>/so-sanh/", views.revision_compare, name="compare"),
    path("cap-nhat/", views.recent_changes, name="changes"),
    path("cap-nhat/atom/", MajorChangesFeed(), name="feed"),
    path("cap-nhat/linh-vuc/<slug:slug>/atom/", FieldChangesFeed(), name="feed-field"),
    path("cap-nhat/tinh/<slug:slug>/atom/", ProvinceChangesFeed(), name="feed-province"),
    path("an-ban/<slug:slug>/", views.edition_detail, name="edition"),
    path("an-ban/<slug:slug>/thay-doi/", views.edition_since, name="edition-since"),
    path("an-ban/<slug:slug>/in/", views.edition_print, name="edition-print"),
]
