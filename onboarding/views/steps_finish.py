"""Step 7 (test run, polled with HTMX) and step 9 (go live)."""
from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _, gettext_lazy

from onboarding import golive, jobs, services
from onboarding.models import OnboardingJob
from onboarding.trial import target_account

TRIAL_LABELS = {"generate": gettext_lazy("AI writes the card"), "upload": gettext_lazy("Upload to the marketplace"),
                "read_back": gettext_lazy("Read back and compare")}


def _views():
    from onboarding.views import wizard

    return wizard


def _trial_ctx(partner, state) -> dict:
    job = jobs.job_latest(partner=partner, kind=OnboardingJob.Kind.TEST_RUN)
    running = job is not None and job.status in jobs.OPEN
    steps = [{**s, "label": TRIAL_LABELS.get(s["name"], s["name"])} for s in (job.steps if job else [])]
    target = target_account(partner=partner, state=state)
    return {"job": job, "running": running, "steps": steps, "target": target,
            "sandbox_available": settings.SANDBOX_ENABLED,
            "ok": bool(job and job.status == OnboardingJob.Status.DONE and job.ok), "result": job.result if job else {}}


def test_run(request, state, current):
    partner, step_error = request.user.partner, ""
    if request.method == "POST":
        if request.POST.get("action") == "run":
            jobs.trial_start(partner=partner)
            return redirect(request.path)
        if _trial_ctx(partner, state)["ok"]:
            services.step_complete(state=state, number=current.number, actor=request.user)
            return _views().advance(state, current)
        step_error = _("Run the test and let it pass before you continue.")
    return _views().render_step(request, state, current, "onboarding/steps/_test_run.html",
                                {**_trial_ctx(partner, state), "step_error": step_error},
                                status=400 if step_error else 200)


@login_required
def test_run_status(request):
    partner, state = _views().partner_state(request)
    return render(request, "onboarding/steps/_test_run_status.html", _trial_ctx(partner, state))


def go_live(request, state, current):
    partner, step_error = request.user.partner, ""
    if request.method == "POST":
        try:
            golive.partner_go_live(partner=partner, state=state, actor=request.user)
        except ValidationError as exc:
            step_error = " ".join(exc.messages)
            services.step_error_record(state=state, number=current.number, message=step_error)
        except ImportError:
            step_error = _("Your store could not be started right now; nothing was changed. Try again in a minute.")
            services.step_error_record(state=state, number=current.number, message="schedules unavailable")
        else:
            messages.success(request, _("Your store is live. Orders and stock now sync on schedule."))
            return redirect("dashboard")
    checklist = golive.go_live_checklist(partner=partner, state=state)
    items = [{"item": c, "fix_url": reverse("onboarding:step", args=[c.fix_step])} for c in checklist]
    return _views().render_step(request, state, current, "onboarding/steps/_go_live.html",
                                {"items": items, "all_ok": all(c.ok for c in checklist), "step_error": step_error},
                                status=400 if step_error else 200)
