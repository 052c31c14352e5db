from django.urls import path

from onboarding.views import steps_connect, steps_finish, wizard

app_name = "onboarding"
urlpatterns = [
    path("", wizard.start, name="start"),
    path("connection/status/", steps_connect.connection_status, name="connection-status"),
    path("test-run/status/", steps_finish.test_run_status, name="test-run-status"),
    path("<slug:slug>/", wizard.step, name="step"),
]
