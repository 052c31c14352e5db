"""The wizard shell: resume, gate, navigate, render a step inside the progress layout."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from onboarding import services
from onboarding.steps import BY_NUMBER, BY_SLUG, STEPS, TOTAL, minutes_left
from onboarding.views import steps_ai, steps_basic, steps_connect, steps_finish

HANDLERS = {
    "business": steps_basic.business,
    "marketplaces": steps_basic.marketplaces,
    "credentials": steps_connect.credentials,
    "connection": steps_connect.connection,
    "ai": steps_ai.ai,
    "warehouse": steps_basic.warehouse,
    "test-run": steps_finish.test_run,
    "training": steps_basic.training,
    "go-live": steps_finish.go_live,
}


def step_url(number: int) -> str:
    return reverse("onboarding:step", args=[BY_NUMBER[number].slug])


def _partner_or_404(request):
    if request.user.partner is None:
        raise Http404
    return request.user.partner


def partner_state(request):
    """The signed-in partner and its onboarding state (404 for users without a partner)."""
    partner = _partner_or_404(request)
    return partner, services.onboarding_state_get(partner=partner)


@login_required
def start(request):
    """Resume where the partner left off."""
    partner = _partner_or_404(request)
    if partner.status != partner.Status.ONBOARDING:
        return redirect("dashboard")
    state = services.onboarding_state_get(partner=partner)
    return redirect(step_url(state.current_step))


@login_required
def step(request, slug: str):
    partner = _partner_or_404(request)
    current = BY_SLUG.get(slug)
    if current is None:
        raise Http404
    state = services.onboarding_state_get(partner=partner)
    if current.number > state.current_step:
        return redirect(step_url(state.current_step))
    if request.method == "GET":
        services.step_enter(state=state, number=current.number)
    handler = HANDLERS.get(slug, steps_basic.not_ready)
    return handler(request, state, current)


def render_step(request, state, current, template: str, context: dict | None = None, status: int = 200) -> HttpResponse:
    nav = [{"step": s, "done": state.is_completed(s.number), "reachable": s.number <= state.current_step,
            "url": step_url(s.number)} for s in STEPS]
    ctx = {
        "state": state, "current": current, "total": TOTAL, "nav": nav,
        "progress_pct": round(100 * (current.number - 1) / TOTAL),
        "minutes_left": minutes_left(from_step=current.number),
        "prev_url": step_url(current.number - 1) if current.number > 1 else None,
        "next_url": step_url(current.number + 1) if current.number < state.current_step else None,
        "step_template": template,
        **(context or {}),
    }
    if status == 400 and getattr(request, "htmx", False):
        # htmx does not swap 4xx answers: a boosted form with errors must still show them (and keep
        # what was typed), so HTMX gets 200 with a marker header; plain posts get the honest 400.
        response = render(request, "onboarding/wizard.html", ctx)
        response["X-Form-Errors"] = "1"
        return response
    return render(request, "onboarding/wizard.html", ctx, status=status)


def advance(state, current) -> HttpResponse:
    return redirect(step_url(min(current.number + 1, TOTAL)))
