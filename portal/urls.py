from django.urls import path

from portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("thu-tuc/<slug:slug>/", views.procedure_detail, name="procedure"),
    path("linh-vuc/<slug:slug>/", views.field_detail, name="field"),
    path("cap/<slug:slug>/", views.level_detail, name="level"),
    path("van-ban/<slug:slug>/", views.document_detail, name="document"),
    path("tinh/<slug:slug>/", views.province_detail, name="province"),
]
