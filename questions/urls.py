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
    path("hoi-dap/", views.faq_list, name="faq"),
    path("hoi-dap/<int:pk>/", views.faq_detail, name="faq-detail"),
    path("giai-dap-truc-tuyen/", views.session_list, name="sessions"),
    path("giai-dap-truc-tuyen/<int:pk>/", views.session_detail, name="session"),
    path("giai-dap-truc-tuyen/tai-lieu/<int:pk>/", views.session_material, name="material"),
]
