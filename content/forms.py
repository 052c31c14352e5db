from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from content.models import AISettings
from content.rules import MARKETPLACE_CHOICES


class AISettingsForm(forms.ModelForm):
    class Meta:
        model = AISettings
        fields = ["automation_level", "monthly_budget", "alert_threshold_pct", "refunds_allowed", "language"]
        widgets = {"automation_level": forms.RadioSelect}


class GenerateForm(forms.Form):
    product_ids = forms.TypedMultipleChoiceField(label=_("Products"), coerce=int, choices=[])
    marketplaces = forms.MultipleChoiceField(label=_("Marketplaces"), choices=MARKETPLACE_CHOICES,
                                             widget=forms.CheckboxSelectMultiple)
    with_images = forms.BooleanField(label=_("Also compose card images"), required=False)

    def __init__(self, *args, products=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product_ids"].choices = [(p.pk, f"{p.sku} · {p.title}") for p in products]


class DraftEditForm(forms.Form):
    title = forms.CharField(label=_("Title"), required=False, max_length=300)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 8}))
    keywords = forms.CharField(label=_("SEO keywords, comma-separated"), required=False)
    text = forms.CharField(label=_("Reply"), required=False, widget=forms.Textarea(attrs={"rows": 6}))

    def payload(self, kind: str) -> dict:
        data = self.cleaned_data
        if kind == "review_reply":
            return {"text": data["text"]}
        return {"title": data["title"], "description": data["description"],
                "keywords": [k.strip() for k in data["keywords"].split(",") if k.strip()]}
