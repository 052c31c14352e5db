"""Step 9: the go-live checklist and the switch that makes a partner ACTIVE and starts its schedules."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplaces.models import MarketplaceAccount
from onboarding.accounts import chosen_marketplaces, onboarding_accounts
from onboarding.jobs import job_latest
from onboarding.models import OnboardingJob, OnboardingState
from partners.models import Partner
from partners.services.audit import audit_record


@dataclass
class CheckItem:
    key: str
    label: str
    ok: bool
    detail: str
    fix_step: str  # slug of the step that fixes it


def go_live_checklist(*, partner: Partner, state: OnboardingState) -> list[CheckItem]:
    from content.models import AISettings
    from partners.selectors import warehouse_list

    accounts = onboarding_accounts(partner=partner, state=state)
    chosen = chosen_marketplaces(state)
    missing = [m for m in chosen if m not in {a.marketplace for a in accounts}]
    failing = [a.get_marketplace_display() for a in accounts if a.status != MarketplaceAccount.Status.OK]
    trial = job_latest(partner=partner, kind=OnboardingJob.Kind.TEST_RUN)
    has_ai = AISettings.objects.filter(partner=partner).exists() and state.is_completed(5)
    warehouses = warehouse_list(partner=partner).count()
    return [
        CheckItem("credentials", _("Credentials valid"), bool(chosen) and not missing and not failing,
                  _("Missing: %(m)s") % {"m": ", ".join(missing)} if missing else
                  (_("Rejected or not checked: %(m)s") % {"m": ", ".join(failing)} if failing else
                   _("%(n)d marketplace(s) connected") % {"n": len(accounts)}), "credentials"),
        CheckItem("connection", _("Connection test passed"), bool(accounts) and not failing and state.is_completed(4),
                  _("All checks green") if not failing and state.is_completed(4) else _("Run the connection test"),
                  "connection"),
        CheckItem("ai", _("AI configured"), has_ai, _("Automation level and budget set") if has_ai else
                  _("Choose the automation level and budget"), "ai"),
        CheckItem("warehouse", _("Warehouse set"), warehouses > 0,
                  _("%(n)d warehouse(s)") % {"n": warehouses} if warehouses else _("Add a warehouse"), "warehouse"),
        CheckItem("test_run", _("Test run passed"), bool(trial and trial.ok),
                  _("Sample card uploaded and read back") if trial and trial.ok else _("Run the test"), "test-run"),
    ]


def _schedules_start():
    """`partner_schedules_start` belongs to the sync app (written alongside); looked up lazily so the
    wizard imports even while that module is young. Known homes, most specific first."""
    import importlib

    for module in ("marketplaces.sync", "marketplaces.sync.jobs", "marketplaces.sync.schedules",
                   "marketplaces.sync.services"):
        try:
            func = getattr(importlib.import_module(module), "partner_schedules_start", None)
        except ImportError:
            continue
        if func is not None:
            return func
    raise ImportError("marketplaces.sync has no partner_schedules_start yet")


@transaction.atomic
def partner_go_live(*, partner: Partner, state: OnboardingState, actor: Any = None) -> Partner:
    from onboarding.services import step_complete

    not_green = [c.label for c in go_live_checklist(partner=partner, state=state) if not c.ok]
    if not_green:
        raise ValidationError(_("Not ready yet: %(items)s.") % {"items": ", ".join(not_green)})
    partner = Partner.objects.select_for_update().get(pk=partner.pk)
    partner.status = Partner.Status.ACTIVE
    partner.save(update_fields=["status", "updated_at"])
    _schedules_start()(partner)
    state = step_complete(state=state, number=9, actor=actor)
    OnboardingState.objects.filter(pk=state.pk).update(finished_at=timezone.now())
    audit_record(action="partner.went_live", actor=actor, partner=partner, target=partner)
    return partner
