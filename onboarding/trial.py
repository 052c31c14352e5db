"""Step 7, the test run: AI (the configured provider, offline by default) writes a card for one of
the partner's products (or a sample product), the card is uploaded to a marketplace the partner
connected, read back, and both versions are kept for the page to show side by side."""
from __future__ import annotations

import time
from dataclasses import asdict, dataclass
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _

from content.providers import provider_get
from content.providers.base import ProductData
from content.services.cards import cards_preview, product_data
from content.services.costs import ai_settings_for
from marketplaces.clients import errors
from marketplaces.clients.selector import client_for_account
from marketplaces.clients.types import ProductCard
from marketplaces.models import Marketplace, MarketplaceAccount
from marketplaces.services.cards_read import READABLE, card_read_back
from onboarding.models import OnboardingJob

STEPS = ("generate", "upload", "read_back")
PREFERENCE = (Marketplace.WILDBERRIES, Marketplace.YANDEX_MARKET)
CATEGORY = {Marketplace.WILDBERRIES: 2001, Marketplace.YANDEX_MARKET: 15678123}
SAMPLE = ProductData(sku="SAMPLE-PIYOLA", title="Rishton ceramic tea bowl (piyola), hand-painted, 250 ml",
                     description="Hand-painted ceramic piyola from Rishton masters. Blue cobalt pattern.",
                     category="Home / Tableware", brand="Rishton", attributes={"material": "ceramic", "volume_ml": 250},
                     weight_g=300, dimensions_mm=(110, 110, 70))


@dataclass
class Step:
    name: str
    status: str = "waiting"
    message: str = ""
    hint: str = ""
    duration_ms: float = 0.0


def target_account(*, partner, state, create: bool = False) -> MarketplaceAccount | None:
    """Where the sample card goes. Sandbox mode: the partner's own sandbox account whose cards can be
    read back. Live mode, or no such marketplace chosen: a Wildberries sandbox account kept only for
    test runs (disabled, so the sync never touches it): a sample card never goes to a live store.
    None when there is no sandbox (production without SANDBOX_ENABLED): the card is only shown."""
    from onboarding.accounts import onboarding_accounts, sandbox_mode

    if sandbox_mode(state):
        usable = {a.marketplace: a for a in onboarding_accounts(partner=partner, state=state)
                  if a.marketplace in READABLE and a.auth_mode == MarketplaceAccount.AuthMode.API_KEYS}
        found = next((usable[m] for m in PREFERENCE if m in usable), None)
        if found is not None:
            return found
    spare = MarketplaceAccount.objects.filter(partner=partner, marketplace=Marketplace.WILDBERRIES,
                                              is_sandbox=True).first()
    if spare is not None or not create or not settings.SANDBOX_ENABLED:
        return spare
    return _spare_sandbox_create(partner)


def _spare_sandbox_create(partner) -> MarketplaceAccount:
    from marketplaces.sandbox.services import account_create as sandbox_account_create
    from marketplaces.services.accounts import account_create, account_update
    from onboarding.accounts import base_url_for

    _sandbox, creds = sandbox_account_create(vendor="wb", name=f"{partner.legal_name} (test run)", seed=partner.pk)
    account = account_create(partner=partner, marketplace=Marketplace.WILDBERRIES, credentials={"token": creds["token"]},
                             base_url=base_url_for(marketplace=Marketplace.WILDBERRIES, sandbox=True), is_sandbox=True)
    return account_update(account=account, status=MarketplaceAccount.Status.DISABLED)


def _product(partner) -> ProductData:
    product = partner.products.order_by("pk").first()
    return product_data(product) if product else SAMPLE


def trial_run(*, job: OnboardingJob) -> OnboardingJob:
    from onboarding.jobs import job_finish, job_progress_save
    from onboarding.services import onboarding_state_get

    partner = job.partner
    steps = [Step(n) for n in STEPS]
    result: dict = {}
    account = target_account(partner=partner, state=onboarding_state_get(partner=partner), create=True)
    data = _product(partner)
    sku = f"BOZOR-TRY-{job.pk}"

    def generate() -> str:
        language = ai_settings_for(partner=partner).language
        card, problems = cards_preview(products=[data], marketplace=account.marketplace if account else "wildberries",
                                       language=language, provider=provider_get())[0]
        result.update(product={"sku": data.sku, "title": data.title, "sample": data is SAMPLE},
                      generated={"title": card.title, "description": card.description,
                                 "attributes": card.attributes, "keywords": card.keywords}, problems=problems)
        return _("AI wrote a card for “%(t)s”.") % {"t": data.title}

    def upload() -> str:
        gen = result["generated"]
        card = ProductCard(sku=sku, title=gen["title"], description=gen["description"], brand=data.brand or "Bozor",
                           category_id=CATEGORY[account.marketplace], price=Decimal("49000"),
                           weight_g=data.weight_g or 300, length_mm=data.dimensions_mm[0] or 100,
                           width_mm=data.dimensions_mm[1] or 100, height_mm=data.dimensions_mm[2] or 100,
                           images=["https://cdn.example/bozor-sample.jpg"])
        outcome = client_for_account(account, purpose="onboarding_test_run").cards_upsert([card])
        if not outcome.ok:
            raise errors.Rejected("; ".join(f"{i.code}: {i.message}" for i in outcome.failed))
        result["marketplace"] = account.get_marketplace_display()
        return _("Uploaded to %(m)s as %(s)s.") % {"m": account.get_marketplace_display(), "s": sku}

    def read_back() -> str:
        stored = card_read_back(account=account, sku=sku)
        if stored is None:
            raise errors.ContractChanged(_("The card was accepted but is not in the card list."))
        result["read_back"] = stored
        same = stored["title"] == result["generated"]["title"]
        result["same_title"] = same
        if not same:
            raise errors.Rejected(_("The marketplace changed the title to “%(t)s”.") % {"t": stored["title"]})
        return _("Read back from %(m)s: the card matches.") % {"m": account.get_marketplace_display()}

    actions = {"generate": generate, "upload": upload, "read_back": read_back}
    for step in steps:
        if account is None and step.name != "generate":
            step.status, step.message = "skipped", _("No sandbox marketplace here to upload to; the card is only shown.")
            continue
        started, step.status = time.monotonic(), "running"
        job_progress_save(job=job, steps=[asdict(s) for s in steps])
        try:
            step.message, step.status = actions[step.name](), "ok"
        except errors.MarketplaceError as exc:
            step.status, step.message = "failed", exc.message or str(exc)
            step.hint = _("Check the connection in step 4 and retry the test run.")
        except Exception as exc:  # noqa: BLE001 - the partner sees a plain failure; the log has the details
            step.status, step.message = "failed", _("The AI step failed: %(e)s") % {"e": type(exc).__name__}
            step.hint = _("Retry; if it fails again, contact support.")
        step.duration_ms = round((time.monotonic() - started) * 1000, 1)
        if step.status == "failed":
            break
    ok = all(s.status in ("ok", "skipped") for s in steps) and steps[0].status == "ok"
    return job_finish(job=job, ok=ok, steps=[asdict(s) for s in steps], result=result)
