from django.urls import path

from questions import views

app_name = "questions"

urlpatterns = [
    path("cau-hoi/", views.question_list, name="list"),
    path("cau-hoi/dat-cau-hoi/", views.question_create, name="create"),
    path("cau-hoi/thong-ke/", views.dashboard, name="dashboard"),
    path("cau-hoi/<int:pk>/", views.question_detail, name="detail"),
    path("cau-hoi/<int:pk>/tep-dinh-kem/", views.question_attachment, name="attachment"),
    path("cau-hoi/<int:pk>/<slug:action>/", views.question_action, name="action"),
]
