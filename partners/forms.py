"""Forms of the partner pages. They parse and check input; services do the writing."""
from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from partners.models import Product, User, Warehouse



class SignupForm(forms.Form):
    company_name = forms.CharField(label=_("Company name"), max_length=200,
                                   widget=forms.TextInput(attrs={"autocomplete": "organization"}))
    email = forms.EmailField(label=_("Email"), max_length=254,
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    password1 = forms.CharField(label=_("Password"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(label=_("Password again"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
            self.add_error("password2", _("The two passwords differ. Type the same password twice."))
        return data


class LoginForm(AuthenticationForm):
    """Email login that ignores letter case (sign-up stores emails lower-cased)."""

    def clean(self):
        email = (self.cleaned_data.get("username") or "").strip()
        stored = User.objects.filter(email__iexact=email).values_list("email", flat=True).first()
        if stored:
            self.cleaned_data["username"] = stored
        return super().clean()


class WarehouseForm(forms.ModelForm):
    class Meta:
        model = Warehouse
        fields = ["name", "location", "capacity_kg", "storage_type"]


class ProductForm(forms.ModelForm):
    attributes = forms.JSONField(label=_("Attributes (JSON object)"), required=False, initial=dict,
                                 widget=forms.Textarea(attrs={"rows": 3}))
    images = forms.JSONField(label=_("Image URLs (JSON list)"), required=False, initial=list,
                             widget=forms.Textarea(attrs={"rows": 2}))

    class Meta:
        model = Product
        fields = ["sku", "title", "description", "brand", "category", "barcode", "price", "cost", "currency",
                  "weight_g", "length_mm", "width_mm", "height_mm", "attributes", "images"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def clean_attributes(self):
        value = self.cleaned_data.get("attributes")
        if value in (None, ""):
            return {}
        if not isinstance(value, dict):
            raise ValidationError(_('Attributes must be a JSON object, for example {"color": "red"}.'))
        return value

    def clean_images(self):
        value = self.cleaned_data.get("images")
        if value in (None, ""):
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValidationError(_('Images must be a JSON list of URLs, for example ["https://…/1.jpg"].'))
        return value


class StockForm(forms.Form):
    warehouse = forms.IntegerField(widget=forms.HiddenInput)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=0, max_value=2_147_483_647)


class CsvImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file"), widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}))


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's ValidationError next to the matching fields (others on top of the form)."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.message_dict.items():
        form.add_error(name if name in form.fields else None, errors)
