"""Sandbox writes: accounts with vendor-shaped credentials, cards, async settling, faults,
bulk stock writes and state reset. The order/review generator is in generator.py."""
from __future__ import annotations

import base64
import hashlib
import json
import secrets
import time
import uuid
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from marketplaces.sandbox.clock import later
from marketplaces.sandbox.limits import limits_reset
from marketplaces.sandbox.models import (
    SandboxAccount,
    SandboxCard,
    SandboxFault,
    SandboxRequestLog,
    SandboxSetting,
    SandboxStock,
    SandboxTask,
    SandboxWarehouse,
    Vendor,
)

ASYNC_SECONDS = 5.0  # documented seconds before a card / import / price task settles (time-scaled)
WB_CATEGORY_BITS = {"content": 1, "analytics": 2, "prices": 3, "marketplace": 4, "statistics": 5,
                    "promotion": 6, "feedbacks": 7}
# Vendor id spaces: ext id = base + row pk, so ids look like the vendor's and never collide.
ID_BASE = {
    "wb": {"ext": 100_000_000, "sku": 500_000_000, "order": 4_000_000_000, "wh": 600_000},
    "ozon": {"ext": 1_000_000, "sku": 2_000_000_000, "order": 30_000_000, "wh": 22_142_605_386_000},
    "ym": {"ext": 0, "sku": 100_000_000_000, "order": 60_000_000, "wh": 70_000},
    "uzum": {"ext": 3_000_000, "sku": 11_000_000, "order": 80_000_000, "wh": 9_000},
}


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _wb_token(*, token_type: str, categories: list[str]) -> tuple[str, str]:
    # WB API token: a JWT whose payload says the token kind (`acc`) and categories (`s` bitmask).
    sid = str(uuid.uuid4())
    bits = sum(1 << (WB_CATEGORY_BITS[c] - 1) for c in categories)
    payload = {"acc": 1 if token_type == "base" else 3, "ent": 1, "exp": int(time.time()) + 180 * 86400,
               "id": str(uuid.uuid4()), "iid": secrets.randbelow(10**8), "oid": secrets.randbelow(10**7),
               "s": bits, "sid": sid, "t": False, "uid": secrets.randbelow(10**8)}
    header = {"alg": "ES256", "kid": "sandbox", "typ": "JWT"}
    token = ".".join([_b64(json.dumps(header).encode()), _b64(json.dumps(payload).encode()),
                      _b64(secrets.token_bytes(64))])
    return token, sid


@transaction.atomic
def account_create(*, vendor: str, name: str = "", token_type: str = "personal", seed: int = 1,
                   categories: list[str] | None = None, demo_cards: int = 0) -> tuple[SandboxAccount, dict]:
    """Create an account; returns it and its credentials in the vendor's form (shown once)."""
    if vendor not in Vendor.values:
        raise ValueError(f"unknown vendor {vendor!r}")
    account = SandboxAccount(vendor=vendor, name=name or f"{vendor} sandbox", token_type=token_type, seed=seed)
    if vendor == Vendor.WB:
        cats = categories or ["content", "prices", "marketplace", "statistics", "feedbacks"]
        secret, account.seller_uuid = _wb_token(token_type=token_type, categories=cats)
        account.scopes = cats
        creds = {"token": secret}
    elif vendor == Vendor.OZON:
        secret, account.client_id = str(uuid.uuid4()), str(100_000 + secrets.randbelow(9_000_000))
        creds = {"client_id": account.client_id, "api_key": secret}
    elif vendor == Vendor.YM:
        secret = f"ACMA:{_b64(secrets.token_bytes(30))}:{secrets.token_hex(4)}"
        account.business_id, account.campaign_id = 1_000_000 + secrets.randbelow(10**7), 20_000_000 + secrets.randbelow(10**7)
        account.scopes = categories or ["all-methods"]
        creds = {"api_key": secret, "business_id": account.business_id, "campaign_id": account.campaign_id}
    else:
        secret, account.shop_id = _b64(secrets.token_bytes(33)), 100_000 + secrets.randbelow(900_000)
        creds = {"token": secret, "shop_id": account.shop_id}
    account.secret_hash = secret_hash(secret)
    account.save()
    _seed_warehouses(account)
    for n in range(demo_cards):
        demo_card_create(account=account, n=n + 1)
    return account, creds


def _seed_warehouses(account: SandboxAccount) -> None:
    if account.vendor == Vendor.UZUM:
        return  # Uzum has no seller warehouses in its API: one FBS stock per SKU
    names = {"wb": ["Tashkent FBS"], "ozon": ["Tashkent rFBS", "Samarkand rFBS"], "ym": ["Main FBS"]}
    for i, name in enumerate(names[account.vendor]):
        wh = SandboxWarehouse.objects.create(account=account, ext_id=0, name=name)
        wh.ext_id = ID_BASE[account.vendor]["wh"] + wh.pk
        wh.data = {"officeId": 100 + i, "cargoType": 1, "deliveryType": 1}
        wh.save(update_fields=["ext_id", "data"])


def card_ids_assign(card: SandboxCard) -> None:
    base = ID_BASE[card.account.vendor]
    card.ext_id = card.ext_id or base["ext"] + card.pk
    card.sku_id = card.sku_id or base["sku"] + card.pk
    card.barcode = card.barcode or f"46{card.pk:011d}"


def demo_card_create(*, account: SandboxAccount, n: int) -> SandboxCard:
    card = SandboxCard.objects.create(account=account, offer_id=f"DEMO-{n:03d}", title=f"Demo product {n}",
                                      price=Decimal(10_000 * n), status=SandboxCard.Status.READY)
    card_ids_assign(card)
    card.save()
    for wh in account.warehouses.all() or [None]:
        SandboxStock.objects.create(card=card, warehouse=wh, amount=10)
    return card


def cards_bulk_create(*, account: SandboxAccount, n: int) -> list[SandboxCard]:
    """`n` ready cards with stock 0 in every warehouse, in a few queries (load tests and benches:
    the one-by-one seed is too slow for 10,000)."""
    base = ID_BASE[account.vendor]
    offset = 50_000_000 + account.pk * 20_000  # ids far from the sandbox's own pk-based ids
    start = SandboxCard.objects.filter(account=account, offer_id__startswith="BULK-").count()
    with transaction.atomic():
        rows = SandboxCard.objects.bulk_create([
            SandboxCard(account=account, offer_id=f"BULK-{i:05d}", title=f"Bulk {i}", status=SandboxCard.Status.READY,
                        price=10000, ext_id=base["ext"] + offset + i, sku_id=base["sku"] + offset + i,
                        barcode=f"47{offset + i:011d}") for i in range(start, start + n)], batch_size=2000)
        if rows and rows[0].pk is None:
            rows = list(SandboxCard.objects.filter(account=account, offer_id__startswith="BULK-").order_by("pk")[start:])
        warehouses = list(account.warehouses.all()) or [None]
        SandboxStock.objects.bulk_create([SandboxStock(card=c, warehouse=w, amount=0) for c in rows for w in warehouses],
                                         batch_size=2000)
    return rows


def cards_settle(*, account: SandboxAccount) -> None:
    """Finish asynchronous card processing whose time has come (pending -> ready / failed)."""
    due = account.cards.filter(status=SandboxCard.Status.PENDING, ready_at__lte=timezone.now())
    for card in due:
        card.status = SandboxCard.Status.FAILED if card.errors else SandboxCard.Status.READY
        card.save(update_fields=["status", "updated_at"])


def task_create(*, account: SandboxAccount, kind: str, payload: dict, result: dict) -> SandboxTask:
    task = SandboxTask.objects.create(account=account, kind=kind, ext_id=0, payload=payload, result=result,
                                      ready_at=later(ASYNC_SECONDS))
    task.ext_id = {"ozon_import": 170_000_000, "wb_prices": 1_000}.get(kind, 1) + task.pk
    task.save(update_fields=["ext_id"])
    return task


def task_done(task: SandboxTask) -> bool:
    return task.ready_at <= timezone.now()


@transaction.atomic
def sandbox_reset(*, vendor: str | None = None) -> None:
    """Forget accounts and their state (one vendor or all), faults, limiters and the log."""
    accounts = SandboxAccount.objects.all()
    if vendor:
        accounts = accounts.filter(vendor=vendor)
        SandboxFault.objects.filter(vendor=vendor).delete()
    else:
        SandboxFault.objects.all().delete()
        SandboxRequestLog.objects.all().delete()
        SandboxSetting.objects.exclude(key="time_scale").delete()
    accounts.delete()
    limits_reset()


def card_seed(*, account: SandboxAccount, offer_id: str, title: str = "", price=None, stock: int = 0) -> SandboxCard:
    """Control API: put a ready card straight into the catalogue (Uzum cards come from the portal)."""
    if not offer_id:
        raise ValueError("offer_id is required")
    card, _ = SandboxCard.objects.update_or_create(
        account=account, offer_id=offer_id,
        defaults={"title": title or offer_id, "price": Decimal(str(price)) if price is not None else None,
                  "status": SandboxCard.Status.READY})
    card_ids_assign(card)
    card.save()
    for wh in list(account.warehouses.all()) or [None]:
        SandboxStock.objects.update_or_create(card=card, warehouse=wh, defaults={"amount": stock})
    return card


FAULT_GROUPS = {"*", "auth", "cards", "media", "prices", "stocks", "warehouses", "orders", "reviews"}


def fault_set(*, account: SandboxAccount | None, vendor: str, group: str, kind: str, params: dict,
              count: int | None, probability: float | None, seed: int) -> SandboxFault:
    if count is not None and (not isinstance(count, int) or count < 1):
        raise ValueError("count must be a positive integer")
    if probability is not None and not 0 <= float(probability) <= 1:
        raise ValueError("probability must be within 0..1")
    if vendor and vendor not in Vendor.values:
        raise ValueError(f"vendor must be one of {Vendor.values}")
    if (group or "*") not in FAULT_GROUPS:
        raise ValueError(f"group must be one of {sorted(FAULT_GROUPS)}")
    return SandboxFault.objects.create(account=account, vendor=vendor, group=group or "*", kind=kind,
                                       params=params, remaining=count, probability=probability, seed=seed)


def faults_clear(*, account_id: str | None = None) -> int:
    qs = SandboxFault.objects.all()
    if account_id:
        qs = qs.filter(account_id=account_id)
    return qs.delete()[0]


def limit_drain_for(*, account: SandboxAccount, resource: str, remaining: int) -> list[str]:
    from marketplaces.sandbox.limits import limit_drain
    from marketplaces.sandbox.registry import vendor_limits

    pairs = vendor_limits(account, resource)
    for scope, spec in pairs:
        limit_drain(scope=scope, spec=spec, remaining=remaining)
    return [spec.name for _, spec in pairs]


def stocks_bulk_set(*, rows: list[tuple[SandboxCard, SandboxWarehouse | None, int]]) -> None:
    """Set many stock amounts in a few queries (a 1000-item WB call must not cost 2000 queries).
    Later rows for the same (card, warehouse) win, as they would one by one."""
    wanted = {(card.pk, wh.pk if wh else None): (card, wh, amount) for card, wh, amount in rows}
    existing = {(s.card_id, s.warehouse_id): s for s in SandboxStock.objects.filter(card_id__in={k[0] for k in wanted})}
    changed, new = [], []
    for key, (card, wh, amount) in wanted.items():
        stock = existing.get(key)
        if stock is None:
            new.append(SandboxStock(card=card, warehouse=wh, amount=amount))
        elif stock.amount != amount:
            stock.amount, stock.updated_at = amount, timezone.now()  # bulk_update skips auto_now
            changed.append(stock)
    stock_amounts_update(changed)
    SandboxStock.objects.bulk_create(new) if new else None


def stock_amounts_update(stocks: list[SandboxStock], chunk: int = 500) -> None:
    """UPDATE ... FROM (VALUES ...) (PostgreSQL; SQLite >= 3.33): Django's bulk_update builds a
    CASE per row, 0.75 s of CPU for a 1000-item call, which a vendor would not spend."""
    from django.db import connection

    table = connection.ops.quote_name(SandboxStock._meta.db_table)
    now = timezone.now()
    for start in range(0, len(stocks), chunk):
        part = stocks[start:start + chunk]
        rows = ", ".join(["(%s, %s)"] * len(part))
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {table} SET amount = v.column2, updated_at = %s FROM (VALUES {rows}) AS v "
                           f"WHERE {table}.id = v.column1", [now, *(x for s in part for x in (s.pk, s.amount))])
