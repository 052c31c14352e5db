"""Step 5: AI settings (automation level, monthly budget, alert threshold)."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from content.models import AISettings
from onboarding import services

LEVEL_HELP = {
    AISettings.Level.MINIMAL: _("You approve every card and every reply before anything is published."),
    AISettings.Level.BALANCED: _("AI prepares drafts; you review them in batches and approve with one click."),
    AISettings.Level.MAXIMUM: _("AI publishes cards and replies itself; you can review afterwards."),
}


class AISettingsForm(forms.ModelForm):
    class Meta:
        model = AISettings
        fields = ("automation_level", "monthly_budget", "alert_threshold_pct")
        widgets = {"automation_level": forms.RadioSelect}
        help_texts = {
            "monthly_budget": _("AI work stops for the month when this is spent; nothing is charged beyond it."),
            "alert_threshold_pct": _("We alert you in the app and by email when spending reaches this share."),
        }


def ai(request, state, current):
    from onboarding.views import wizard

    instance, _created = AISettings.objects.get_or_create(partner=request.user.partner)
    form = AISettingsForm(request.POST if request.method == "POST" else None, instance=instance)
    if request.method == "POST" and form.is_valid():
        form.save()
        services.step_complete(state=state, number=current.number, actor=request.user,
                               answers={"ai_level": form.cleaned_data["automation_level"]})
        return wizard.advance(state, current)
    return wizard.render_step(request, state, current, "onboarding/steps/_ai.html",
                              {"form": form, "level_help": LEVEL_HELP}, status=400 if form.errors else 200)
