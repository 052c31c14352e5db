from django.urls import path

from onboarding.views import wizard

app_name = "onboarding"
urlpatterns = [
    path("", wizard.start, name="start"),
    path("<slug:slug>/", wizard.step, name="step"),
]
