from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from partners.models import Partner
from remote.models import RemoteSession


class SessionRequestForm(forms.Form):
    partner = forms.ModelChoiceField(label=_("Partner"), queryset=Partner.objects.all())
    reason = forms.CharField(label=_("Reason (shown to the partner)"), max_length=500, widget=forms.Textarea(
        attrs={"rows": 3}))
    level = forms.ChoiceField(label=_("Permission level"), choices=RemoteSession.Level.choices, initial="view")
    minutes = forms.IntegerField(label=_("Duration, minutes"), min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The maximum is read per request, so staff changing REMOTE_MAX_MINUTES needs no code change.
        top = int(getattr(settings, "REMOTE_MAX_MINUTES", 120))
        minutes = self.fields["minutes"]
        minutes.initial = getattr(settings, "REMOTE_DEFAULT_MINUTES", 30)
        minutes.validators.append(MaxValueValidator(top))
        minutes.widget.attrs["max"] = top


class ApproveForm(forms.Form):
    level = forms.ChoiceField(label=_("Allow"), choices=RemoteSession.Level.choices, required=False)
