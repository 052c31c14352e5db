"""Seeded generator that gives the sandbox life: new orders and reviews over time.
`activity_generate_all` is the periodic-job entry point (also `manage.py sandbox_generate`)."""
from __future__ import annotations

import hashlib
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from marketplaces.sandbox.models import (
    SandboxAccount,
    SandboxCard,
    SandboxOrder,
    SandboxRequestLog,
    SandboxReview,
    SandboxSetting,
    Vendor,
)
from marketplaces.sandbox.services import ID_BASE

INITIAL_ORDER_STATUS = {"wb": ("new", ""), "ozon": ("awaiting_packaging", ""),
                        "ym": ("PROCESSING", "STARTED"), "uzum": ("CREATED", "")}
_NAMES = ["Aziz", "Dilnoza", "Bekzod", "Madina", "Olga", "Sardor", "Nodira", "Timur"]
_TEXTS = ["Great quality, fast delivery", "As described", "Packaging was damaged", "Does not fit",
          "Excellent, will buy again", "Colour differs from the photo"]


@transaction.atomic
def activity_generate(*, account: SandboxAccount, steps: int = 1) -> dict:
    """Seeded generator: each step may add an order and/or a review for a ready card.
    The same seed, step counter and catalogue always give the same events."""
    key = f"tick:{account.pk}"
    row, _ = SandboxSetting.objects.select_for_update().get_or_create(key=key, defaults={"value": 0})
    cards = list(account.cards.filter(status=SandboxCard.Status.READY).order_by("pk"))
    made = {"orders": 0, "reviews": 0}
    for _ in range(steps):
        row.value = int(row.value) + 1
        rng = random.Random(f"{account.seed}:{row.value}")
        if not cards:
            continue
        if rng.random() < 0.6:
            order_create(account=account, card=rng.choice(cards), quantity=rng.randint(1, 3))
            made["orders"] += 1
        if rng.random() < 0.3:
            review_create(account=account, card=rng.choice(cards), rating=rng.randint(1, 5),
                          text=rng.choice(_TEXTS), author=rng.choice(_NAMES))
            made["reviews"] += 1
    row.save(update_fields=["value"])
    return made


def order_create(*, account: SandboxAccount, card: SandboxCard, quantity: int = 1) -> SandboxOrder:
    status, substatus = INITIAL_ORDER_STATUS[account.vendor]
    wh = account.warehouses.order_by("pk").first()
    order = SandboxOrder.objects.create(account=account, ext_id=0, status=status, substatus=substatus,
                                        card=card, warehouse=wh, quantity=quantity,
                                        price=card.price or Decimal("1000"), created_at=timezone.now())
    order.ext_id = ID_BASE[account.vendor]["order"] + order.pk
    order.number = f"{order.ext_id:08d}-0001-1" if account.vendor == Vendor.OZON else ""
    order.save(update_fields=["ext_id", "number"])
    return order


def review_create(*, account: SandboxAccount, card: SandboxCard, rating: int, text: str, author: str) -> SandboxReview:
    review = SandboxReview.objects.create(account=account, ext_id="", card=card, rating=rating, text=text,
                                          author=author, created_at=timezone.now())
    # YM feedbackId is an integer; WB/Ozon use opaque strings (20 chars like WB's ids).
    review.ext_id = (str(900_000 + review.pk) if account.vendor == Vendor.YM
                     else hashlib.sha1(f"{account.seed}:{review.pk}".encode()).hexdigest()[:20])
    review.save(update_fields=["ext_id"])
    return review


LOG_KEEP = 100_000  # request-log rows kept; older ones are pruned by the periodic generator


def request_log_prune(*, keep: int = LOG_KEEP) -> int:
    edge = next(iter(SandboxRequestLog.objects.order_by("-id").values_list("id", flat=True)[keep: keep + 1]), None)
    return SandboxRequestLog.objects.filter(id__lte=edge).delete()[0] if edge else 0


def activity_generate_all(*, steps: int = 1) -> int:
    """Periodic-job entry point: one generator step for every sandbox account (and log pruning)."""
    request_log_prune()
    accounts = list(SandboxAccount.objects.all())
    for account in accounts:
        activity_generate(account=account, steps=steps)
    return len(accounts)
