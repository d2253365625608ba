from django.urls import path

from search import views

app_name = "search"

urlpatterns = [
    path("tim-kiem/", views.results, name="results"),
    path("api/search", views.api_search, name="api-search"),
    path("api/suggest", views.api_suggest, name="api-suggest"),
]
