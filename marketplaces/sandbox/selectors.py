"""Sandbox reads for the control API and the admin (never secrets)."""
from __future__ import annotations

from marketplaces.sandbox.models import (SandboxAccount, SandboxCard, SandboxFault, SandboxRequestLog, SandboxStock,
                                         SandboxWarehouse)


def account_json(a: SandboxAccount) -> dict:
    return {"id": a.pk, "vendor": a.vendor, "name": a.name, "token_type": a.token_type, "seed": a.seed,
            "client_id": a.client_id or None, "business_id": a.business_id, "campaign_id": a.campaign_id,
            "shop_id": a.shop_id, "warehouses": [w.ext_id for w in a.warehouses.order_by("pk")]}


def accounts_list() -> list[dict]:
    return [account_json(a) for a in SandboxAccount.objects.order_by("pk")]


def card_json(c: SandboxCard) -> dict:
    return {"offer_id": c.offer_id, "ext_id": c.ext_id, "sku_id": c.sku_id, "barcode": c.barcode,
            "title": c.title, "status": c.status, "price": str(c.price) if c.price is not None else None}


def stocks_map(*, account_id: int, warehouse_ext_id: int | None = None, offer_ids: list[str] | None = None
               ) -> dict[str, int]:
    """offer id -> units in one warehouse (the account's first when not given; none for Uzum)."""
    rows = SandboxStock.objects.filter(card__account_id=account_id)
    if warehouse_ext_id is None:
        first = SandboxWarehouse.objects.filter(account_id=account_id).order_by("pk").first()
        warehouse_ext_id = first.ext_id if first else None
    if warehouse_ext_id is not None:
        rows = rows.filter(warehouse__ext_id=warehouse_ext_id)
    if offer_ids:
        rows = rows.filter(card__offer_id__in=offer_ids)
    return dict(rows.values_list("card__offer_id", "amount"))


def fault_json(f: SandboxFault) -> dict:
    return {"id": f.pk, "account": f.account_id, "vendor": f.vendor, "group": f.group, "kind": f.kind,
            "params": f.params, "remaining": f.remaining, "probability": f.probability, "seed": f.seed, "calls": f.calls}


def faults_list() -> list[dict]:
    return [fault_json(f) for f in SandboxFault.objects.order_by("pk")]


def log_list(*, account_id=None, vendor=None, group=None, after: int = 0, limit: int = 200) -> list[dict]:
    """Oldest first from `after` (a seq), so a reader can follow the log and replay write order."""
    qs = SandboxRequestLog.objects.filter(id__gt=after).order_by("id")
    if account_id:
        qs = qs.filter(account_id=account_id)
    if vendor:
        qs = qs.filter(vendor=vendor)
    if group:
        qs = qs.filter(group=group)
    return [{"seq": r.id, "time": r.created_at.isoformat(), "account": r.account_id, "vendor": r.vendor,
             "group": r.group, "method": r.method, "path": r.path, "status": r.status,
             "duration_ms": r.duration_ms, "fault": r.fault, "summary": r.summary} for r in qs[:limit]]
