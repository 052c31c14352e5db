from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from marketplaces.models import Marketplace
from onboarding.validators import inn_normalize, phone_normalize
from partners.models import Warehouse

MARKETPLACE_NOTES = {
    Marketplace.UZUM: _("Cards, prices, stock and FBS orders; cards through the seller portal."),
    Marketplace.WILDBERRIES: _("Cards, prices, stock per warehouse, orders and review replies."),
    Marketplace.YANDEX_MARKET: _("Offers, prices, stock, orders and review replies."),
    Marketplace.OZON: _("Product import, prices, stock, FBS postings and review replies."),
}


class BusinessInfoForm(forms.Form):
    legal_name = forms.CharField(label=_("Company name"), max_length=200)
    inn = forms.CharField(label=_("INN (tax number)"), max_length=20,
                          help_text=_("Uzbekistan: 9 digits. Russia: 10 or 12 digits."))
    address = forms.CharField(label=_("Address"), max_length=300)
    phone = forms.CharField(label=_("Phone"), max_length=30, help_text=_("For example +998 90 123 45 67."))
    email = forms.EmailField(label=_("Email"))

    def clean_inn(self) -> str:
        return inn_normalize(self.cleaned_data["inn"])

    def clean_phone(self) -> str:
        return phone_normalize(self.cleaned_data["phone"])


class MarketplacesForm(forms.Form):
    marketplaces = forms.MultipleChoiceField(
        label=_("Where do you sell?"), widget=forms.CheckboxSelectMultiple,
        choices=[(m.value, m.label) for m in (Marketplace.UZUM, Marketplace.WILDBERRIES, Marketplace.YANDEX_MARKET,
                                              Marketplace.OZON)],
        error_messages={"required": _("Choose at least one marketplace.")},
    )
    sandbox_first = forms.BooleanField(
        label=_("Try with a sandbox first"), required=False,
        help_text=_("Bozor connects to a safe test marketplace; switch to the real one any time."),
    )


class WarehouseForm(forms.ModelForm):
    class Meta:
        model = Warehouse
        fields = ("name", "location", "capacity_kg", "storage_type")
        labels = {"capacity_kg": _("Capacity, kg")}

    def __init__(self, *args, partner=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.partner = partner

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if self.partner and Warehouse.objects.filter(partner=self.partner, name__iexact=name).exists():
            raise ValidationError(_("You already have a warehouse with this name."))
        return name
