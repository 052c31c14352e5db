"""Sign-up. Login, logout and password reset are Django's auth views with our templates."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from partners.forms import SignupForm, add_service_errors
from partners.services.accounts import partner_signup
from partners.services.audit import client_ip


@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("dashboard")
    form = SignupForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = partner_signup(email=data["email"], password=data["password1"],
                                  company_name=data["company_name"], ip=client_ip(request))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome to Bozor! Let's set up your store."))
            return redirect("onboarding:start")
    return render(request, "registration/signup.html", {"form": form})
