"""Connection test for Option B (Uzum seller portal login): the same four checks as the API test,
made through the portal client (headless Chromium). The 2FA code the partner typed in step 3 is
kept a few minutes in the cache only and used for this one sign-in."""
from __future__ import annotations

import socket
import time
from collections.abc import Callable
from urllib.parse import urlparse

from django.core.cache import cache
from django.utils.translation import gettext as _

from marketplaces.clients import errors
from marketplaces.clients.selector import client_for_account
from marketplaces.models import MarketplaceAccount
from marketplaces.services.accounts import account_check_record
from marketplaces.services.connection import STEPS, ConnectionTestReport, StepResult
from onboarding.accounts import portal_code_key


def _explain(exc: Exception) -> tuple[str, str]:
    if isinstance(exc, errors.CaptchaRequired):
        return _("The Uzum portal asks for a captcha."), _("Sign in once in the Uzum cabinet yourself, then retry.")
    if isinstance(exc, errors.AuthRejected):
        if "2FA" in str(exc):
            return _("The Uzum portal asks for a 2FA code."), _("Go back to Credentials, type the 6-digit code "
                                                                "the portal sent you (or your authenticator key) "
                                                                "and retry.")
        return _("The Uzum portal refused the login or password."), _("Check them in Credentials and retry.")
    if isinstance(exc, errors.ContractChanged) and "'otp'" in str(exc):
        return _("The Uzum portal did not accept the 2FA code."), _("Codes change every few seconds: type the "
                                                                     "current one in Credentials and retry.")
    if isinstance(exc, OSError):
        return _("We could not reach the Uzum portal."), _("Check the internet connection and retry.")
    return _("The Uzum portal did not behave as expected."), _("Retry in a minute; if it persists, contact support.")


def portal_check_run(*, account: MarketplaceAccount,
                     on_step: Callable[[ConnectionTestReport], None] | None = None) -> ConnectionTestReport:
    report = ConnectionTestReport(account_id=account.pk, steps=[StepResult(name=n) for n in STEPS])
    code = cache.get(portal_code_key(account.pk)) or ""
    # No code typed: no provider, so the client stops at the 2FA page with a clear AuthRejected.
    client = client_for_account(account, purpose="connection_test", code_provider=(lambda: code) if code else None)

    def reach() -> str:
        url = urlparse(account.base_url)
        with socket.create_connection((url.hostname, url.port or (443 if url.scheme == "https" else 80)), timeout=5):
            return _("%(h)s is reachable.") % {"h": url.netloc}

    actions = {
        "network": reach,
        "authentication": lambda: (client.connection_check(), _("Signed in to the seller portal."))[1],
        "data_fetch": lambda: _("The product list opened."),
        "upload_test": lambda: _("Cards go through the portal; the test run uploads one."),
    }
    try:
        for step in report.steps:
            started, step.status = time.monotonic(), "running"
            if on_step:
                on_step(report)
            try:
                step.message, step.status = str(actions[step.name]()), "ok"
            except (errors.MarketplaceError, OSError) as exc:
                step.status, step.error_kind = "failed", getattr(exc, "kind", "network")
                step.message, step.hint = (str(x) for x in _explain(exc))
            step.duration_ms = round((time.monotonic() - started) * 1000, 1)
            if on_step:
                on_step(report)
            if step.status == "failed":
                break
    finally:
        client.close()
        cache.delete(portal_code_key(account.pk))
    report.ok = all(s.status == "ok" for s in report.steps)
    account_check_record(account=account, ok=report.ok)
    return report
