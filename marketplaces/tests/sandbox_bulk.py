"""Test helper: put many ready cards into a sandbox account in a few queries (the control API
creates them one by one, too slow for 10,000)."""
from __future__ import annotations

from marketplaces.sandbox.models import SandboxAccount, SandboxCard, SandboxStock
from marketplaces.sandbox.services import ID_BASE


def cards_bulk(account_id: int, n: int) -> list[SandboxCard]:
    account = SandboxAccount.objects.get(pk=account_id)
    base = ID_BASE[account.vendor]
    offset = 50_000_000 + account_id * 20_000  # ids far from the sandbox's own pk-based ids
    rows = SandboxCard.objects.bulk_create([
        SandboxCard(account=account, offer_id=f"BULK-{i:05d}", title=f"Bulk {i}", status=SandboxCard.Status.READY,
                    price=10000, ext_id=base["ext"] + offset + i, sku_id=base["sku"] + offset + i,
                    barcode=f"47{offset + i:011d}") for i in range(n)], batch_size=2000)
    if rows[0].pk is None:
        rows = list(SandboxCard.objects.filter(account=account, offer_id__startswith="BULK-").order_by("pk"))
    warehouses = list(account.warehouses.all()) or [None]
    SandboxStock.objects.bulk_create([SandboxStock(card=c, warehouse=w, amount=0) for c in rows for w in warehouses],
                                     batch_size=2000)
    return rows
