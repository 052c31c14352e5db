"""Step 7, the test run: AI (the configured provider, offline by default) writes a card for one of
the partner's products (or a sample product), the card is uploaded to a marketplace the partner
connected, read back, and both versions are kept for the page to show side by side."""
from __future__ import annotations

import time
from dataclasses import asdict, dataclass
from decimal import Decimal

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


def target_account(*, partner, accounts: list[MarketplaceAccount]) -> MarketplaceAccount | None:
    """The connected account the sample card goes to: one whose cards can be read back."""
    usable = {a.marketplace: a for a in accounts if a.marketplace in READABLE
              and a.auth_mode == MarketplaceAccount.AuthMode.API_KEYS}
    return next((usable[m] for m in PREFERENCE if m in usable), None)


def _product(partner) -> ProductData:
    product = partner.products.order_by("pk").first()
    return product_data(product) if product else SAMPLE


def trial_run(*, job: OnboardingJob) -> OnboardingJob:
    from onboarding.accounts import onboarding_accounts
    from onboarding.jobs import job_finish, job_progress_save
    from onboarding.services import onboarding_state_get

    partner = job.partner
    steps = [Step(n) for n in STEPS]
    result: dict = {}
    account = target_account(partner=partner, accounts=onboarding_accounts(
        partner=partner, state=onboarding_state_get(partner=partner)))
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
            step.status, step.message = "skipped", _("No connected Wildberries or Yandex Market account to upload to.")
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
