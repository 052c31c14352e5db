"""Step 3 (credentials) and step 4 (live connection test, polled with HTMX)."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _, gettext_lazy

from marketplaces.models import Marketplace, MarketplaceAccount
from marketplaces.services.accounts import AccountInvalid, credentials_masked
from onboarding import accounts as acc_services, jobs, services
from onboarding.forms_credentials import WHERE_TO_FIND, ApiKeysForm, PortalLoginForm
from onboarding.models import OnboardingJob

CHECK_LABELS = {"network": gettext_lazy("Network"), "authentication": gettext_lazy("Authentication"),
                "data_fetch": gettext_lazy("Data fetch"), "upload_test": gettext_lazy("Upload test")}
PORTAL = MarketplaceAccount.AuthMode.PORTAL


def _views():
    from onboarding.views import wizard  # late import: wizard imports this module

    return wizard


def _cards(request, state, bound: dict | None = None) -> list[dict]:
    """One card per chosen marketplace: saved (masked) or a form; `bound` = the form just posted."""
    partner, bound = request.user.partner, bound or {}
    saved = {a.marketplace: a for a in acc_services.onboarding_accounts(partner=partner, state=state)}
    editing = request.GET.get("edit", "")
    cards = []
    for m in acc_services.chosen_marketplaces(state):
        account = saved.get(m)
        cards.append({
            "marketplace": m, "label": Marketplace(m).label, "where": WHERE_TO_FIND[m], "account": account,
            "masked": credentials_masked(account) if account else {},
            "show_form": account is None or editing == m or m in bound,
            "form": bound.get(m) if isinstance(bound.get(m), ApiKeysForm) else ApiKeysForm(marketplace=m),
            "portal_form": (bound.get(m) if isinstance(bound.get(m), PortalLoginForm)
                            else PortalLoginForm(initial={"login": (account.credentials or {}).get("login", "")}
                                                 if account and account.auth_mode == PORTAL else None)),
            "portal_open": isinstance(bound.get(m), PortalLoginForm) or (account and account.auth_mode == PORTAL),
            "portal_offered": m == Marketplace.UZUM,
        })
    return cards


def credentials(request, state, current):
    partner, bound, step_error = request.user.partner, {}, ""
    if request.method == "POST":
        action, m = request.POST.get("action", ""), request.POST.get("marketplace", "")
        if action == "continue":
            if len(acc_services.onboarding_accounts(partner=partner, state=state)) == len(
                    acc_services.chosen_marketplaces(state)):
                services.step_complete(state=state, number=current.number, actor=request.user)
                return _views().advance(state, current)
            step_error = _("Add the keys for every marketplace you chose, or go back and untick it.")
        elif m not in acc_services.chosen_marketplaces(state):
            raise Http404
        elif action == "sandbox":
            acc_services.sandbox_keys_create(partner=partner, state=state, marketplace=m, actor=request.user)
            return redirect(request.path)
        else:
            portal = action == "save_portal" and m == Marketplace.UZUM
            form = PortalLoginForm(request.POST) if portal else ApiKeysForm(request.POST, marketplace=m)
            if form.is_valid():
                try:
                    acc_services.credentials_save(partner=partner, state=state, marketplace=m,
                                                  mode=PORTAL if portal else MarketplaceAccount.AuthMode.API_KEYS,
                                                  data=form.cleaned_data, actor=request.user)
                    return redirect(request.path)
                except AccountInvalid as exc:
                    for field, message in exc.errors.items():
                        form.add_error(field if field in form.fields else None, message)
            bound[m] = form
            services.step_error_record(state=state, number=current.number,
                                       message=_("%(m)s credentials have errors.") % {"m": Marketplace(m).label})
    ctx = {"cards": _cards(request, state, bound), "step_error": step_error,
           "sandbox": acc_services.sandbox_mode(state)}
    return _views().render_step(request, state, current, "onboarding/steps/_credentials.html", ctx,
                                status=400 if bound or step_error else 200)


def _connection_rows(partner, state) -> list[dict]:
    rows = []
    for account in acc_services.onboarding_accounts(partner=partner, state=state):
        job = jobs.job_latest(partner=partner, kind=OnboardingJob.Kind.CONNECTION, account=account)
        running = job is not None and job.status in jobs.OPEN
        steps = [{**s, "label": CHECK_LABELS.get(s["name"], s["name"]),
                  "status": "waiting" if running and s["status"] == "skipped" else s["status"]}
                 for s in (job.steps if job else [])]
        rows.append({"account": account, "job": job, "running": running, "steps": steps,
                     "ok": bool(job and job.status == OnboardingJob.Status.DONE and job.ok)})
    return rows


def _connection_ctx(partner, state) -> dict:
    rows = _connection_rows(partner, state)
    return {"rows": rows, "any_running": any(r["running"] for r in rows),
            "all_ok": bool(rows) and all(r["ok"] for r in rows)}


def connection(request, state, current):
    partner, step_error = request.user.partner, ""
    accounts = acc_services.onboarding_accounts(partner=partner, state=state)
    if request.method == "POST":
        if request.POST.get("action") == "retry":
            account = get_object_or_404(MarketplaceAccount, pk=request.POST.get("account"), partner=partner)
            jobs.checks_start(partner=partner, accounts=[account], force=True)
            return redirect(request.path)
        if _connection_ctx(partner, state)["all_ok"]:
            services.step_complete(state=state, number=current.number, actor=request.user)
            return _views().advance(state, current)
        step_error = _("Every marketplace must pass all four checks before you continue. Use “Retry” after fixing.")
    else:
        jobs.checks_start(partner=partner, accounts=accounts)  # automatic: checks start on arrival
    return _views().render_step(request, state, current, "onboarding/steps/_connection.html",
                                {**_connection_ctx(partner, state), "step_error": step_error},
                                status=400 if step_error else 200)


@login_required
def connection_status(request):
    """HTMX poll target: the live progress block only."""
    partner, state = _views().partner_state(request)
    return render(request, "onboarding/steps/_connection_status.html", _connection_ctx(partner, state))
