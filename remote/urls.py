from django.urls import path

from remote import views

app_name = "remote"
urlpatterns = [
    path("", views.session_list, name="session_list"),
    path("<int:pk>/", views.session_detail, name="session_detail"),
    path("<int:pk>/approve/", views.session_approve_view, name="session_approve"),
    path("<int:pk>/deny/", views.session_deny_view, name="session_deny"),
    path("<int:pk>/end/", views.session_end_view, name="session_end"),
]
