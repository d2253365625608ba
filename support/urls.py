from django.urls import path

from support import views

app_name = "support"

urlpatterns = [
    path("ho-tro-dia-phuong/", views.overview, name="overview"),
    path("ho-tro-dia-phuong/tong-quan.csv", views.overview_csv, name="overview-csv"),
    path("ho-tro-dia-phuong/ban-in/", views.overview_print, name="overview-print"),
    path("ho-tro-dia-phuong/cua-toi/", views.my_progress, name="mine"),
    path("ho-tro-dia-phuong/<slug:slug>/", views.province_page, name="province"),
    path(
        "ho-tro-dia-phuong/<slug:slug>/viec-can-lam/<int:pk>/<slug:step>/",
        views.follow_up_action,
        name="follow-up-action",
    ),
    path("ho-tro-dia-phuong/<slug:slug>/kien-nghi/", views.concern_create, name="concern-create"),
    path(
        "ho-tro-dia-phuong/<slug:slug>/kien-nghi/<int:pk>/dong/",
        views.concern_close,
        name="concern-close",
    ),
    path("ho-tro-dia-phuong/<slug:slug>/tap-huan/", views.roster_upload, name="roster"),
    path(
        "ho-tro-dia-phuong/<slug:slug>/muc-thanh-thao/",
        views.proficiency_update,
        name="proficiency",
    ),
    # A procedure's self-check, under the procedure's own address.
    path("thu-tuc/<slug:slug>/lam-thu/", views.practice_page, name="practice"),
]
