"""Step 3 forms: API keys per marketplace (recommended) or the Uzum seller portal login.

Secrets are never written back into the page (PasswordInput without render_value): after an
error the partner pastes the key again, and the page says so. Ids and logins are kept."""
from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from marketplaces.models import Marketplace

SECRET_WIDGET = forms.PasswordInput(render_value=False, attrs={"autocomplete": "off", "spellcheck": "false"})
DIGITS = re.compile(r"^\d{1,12}$")
UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")

WHERE_TO_FIND = {
    Marketplace.UZUM: _("Uzum seller cabinet → Settings → API keys → “Create token”. The shop id is the number "
                        "next to your shop's name in “My shops”."),
    Marketplace.WILDBERRIES: _("Wildberries seller cabinet → Profile → Settings → Access to API → “Create token”; "
                               "tick Content, Prices, Marketplace and Feedbacks."),
    Marketplace.YANDEX_MARKET: _("Yandex Market partner cabinet → Settings → API and modules → “Create token”. "
                                 "The business id and the campaign (shop) id are shown on the same page."),
    Marketplace.OZON: _("Ozon seller cabinet → Settings → Seller API → “Generate key” (role Admin). "
                        "The Client-Id is shown above the key list."),
}


def _digits(label):
    def check(value: str) -> str:
        value = value.strip()
        if not DIGITS.match(value):
            raise forms.ValidationError(_("%(f)s is a number, digits only, for example 1234567.") % {"f": label})
        return value
    return check


class ApiKeysForm(forms.Form):
    """Built per marketplace: the fields the marketplace's API needs."""

    def __init__(self, *args, marketplace: str, **kwargs):
        super().__init__(*args, prefix=marketplace, **kwargs)
        self.marketplace = marketplace
        secret = {"widget": SECRET_WIDGET, "strip": True}
        if marketplace == Marketplace.WILDBERRIES:
            self.fields["token"] = forms.CharField(label=_("API token"), **secret)
        elif marketplace == Marketplace.OZON:
            self.fields["client_id"] = forms.CharField(label=_("Client-Id"), max_length=12)
            self.fields["api_key"] = forms.CharField(label=_("API key"), **secret)
        elif marketplace == Marketplace.YANDEX_MARKET:
            self.fields["api_key"] = forms.CharField(label=_("API key"), **secret)
            self.fields["business_id"] = forms.CharField(label=_("Business id"), max_length=12)
            self.fields["campaign_id"] = forms.CharField(label=_("Campaign (shop) id"), max_length=12)
        else:
            self.fields["token"] = forms.CharField(label=_("API token"), **secret)
            self.fields["shop_id"] = forms.CharField(label=_("Shop id"), max_length=12)
            # Uzum's API creates no cards: with the portal login as well, new cards go through the
            # seller portal (and stock falls back to it when the API is down).
            self.fields["portal_login"] = forms.CharField(
                label=_("Seller portal login (optional)"), required=False, max_length=120,
                help_text=_("Uzum's API cannot create product cards. Add the phone or e-mail you sign in to the "
                            "seller cabinet with, and Bozor creates new cards there for you."))
            self.fields["portal_password"] = forms.CharField(label=_("Seller portal password (optional)"),
                                                             required=False, widget=SECRET_WIDGET, strip=False)
            self.fields["portal_totp_secret"] = forms.CharField(
                label=_("Authenticator key (optional)"), required=False, max_length=64, widget=SECRET_WIDGET,
                help_text=_("If the portal asks for 2FA codes: with this key Bozor signs in without asking you."))

    def clean(self):
        data = super().clean()
        for name in ("client_id", "business_id", "campaign_id", "shop_id"):
            if data.get(name) is not None and name in self.fields:
                try:
                    data[name] = _digits(self.fields[name].label)(data[name])
                except forms.ValidationError as exc:
                    self.add_error(name, exc)
        token = data.get("token") or ""
        if token and self.marketplace == Marketplace.WILDBERRIES and token.count(".") != 2:
            self.add_error("token", _("This is not a Wildberries token: it is one long line with two dots in it. "
                                      "Copy it again from Access to API."))
        if token and self.marketplace == Marketplace.UZUM and len(token) < 20:
            self.add_error("token", _("This token is too short. Copy the whole token from the Uzum cabinet."))
        if self.marketplace == Marketplace.UZUM and bool(data.get("portal_login")) != bool(data.get("portal_password")):
            missing = "portal_password" if data.get("portal_login") else "portal_login"
            self.add_error(missing, _("Give both the seller portal login and its password, or leave both empty."))
        key = data.get("api_key") or ""
        if key and self.marketplace == Marketplace.OZON and not UUID.match(key):
            self.add_error("api_key", _("An Ozon API key looks like 8-4-4-4-12 letters and digits "
                                        "(e.g. 1f2e3d4c-…). Copy it again."))
        if key and self.marketplace == Marketplace.YANDEX_MARKET and not key.startswith("ACMA:"):
            self.add_error("api_key", _("A Yandex Market API key starts with “ACMA:”. Copy the whole key again."))
        return data


class PortalLoginForm(forms.Form):
    """Option B (Uzum only): the seller portal's login, password and, when it asks, a 2FA code."""

    login = forms.CharField(label=_("Phone or e-mail"), max_length=120,
                            help_text=_("The one you use to sign in to the Uzum seller cabinet."))
    password = forms.CharField(label=_("Password"), widget=SECRET_WIDGET, strip=False)
    code = forms.CharField(label=_("2FA code"), required=False, max_length=9,
                           help_text=_("Only if the portal sends you a code: the 6 digits from SMS or your "
                                       "authenticator app."))
    totp_secret = forms.CharField(label=_("Authenticator key (optional)"), required=False, max_length=64,
                                  widget=SECRET_WIDGET,
                                  help_text=_("With it Bozor signs in by itself later without asking for codes."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="uzum-portal", **kwargs)

    def clean_code(self) -> str:
        code = re.sub(r"\s", "", self.cleaned_data["code"])
        if code and not re.fullmatch(r"\d{6}", code):
            raise forms.ValidationError(_("The code is 6 digits."))
        return code
