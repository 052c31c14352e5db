"""Clients bench: 10,000 stock and 10,000 price updates per marketplace against the local sandboxes.

Serves the sandbox emulators in-process on 127.0.0.1 (free port, fresh SQLite in a temp dir unless
DATABASE_URL is set), runs the sandbox at `--scale` (vendor periods divided by it) and pushes N
stock updates through each API client. Prints, per marketplace, requests made vs the minimum
(ceil(N / vendor batch)) and elapsed vs the bound (`bounds.serial_bound`): the shortest time one
sender could take, where call j cannot start before the vendor's published limits allow it (for
any window alignment) and it and every later call still take their time on the wire.

    python bench/clients_bench.py [--items 10000] [--scale 10] [--price-scale 1000]

Then the same N price updates per marketplace (at --price-scale: Uzum takes one price per call,
so 10,000 calls at its real 2 rps would take 83 minutes); for prices it prints requests vs the
minimum (ceil(N / vendor price batch)) and the 429/420 refusals met (must be 0).

Last line: `clients_bench: worst_elapsed_vs_bound=<x.xx> extra_requests=<n>`.
"""
from __future__ import annotations

import argparse
import logging
import math
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

VENDORS = {"wb": ("wildberries", "marketplace", 1000), "ozon": ("ozon", "stocks", 100),
           "ym": ("yandex_market", "stocks", 2000), "uzum": ("uzum", "token", 1000)}
PRICE_BATCH = {"wb": 1000, "ozon": 1000, "ym": 500, "uzum": 1}


class WireTime(logging.Handler):
    """Every client call's duration in seconds, in order (from the HTTP base's structured log)."""

    def __init__(self):
        super().__init__()
        self.calls: list[float] = []

    def emit(self, record):
        self.calls.append(getattr(record, "marketplace", {}).get("ms", 0.0) / 1000)


def refusals(url: str, sandbox_account: int) -> list[dict]:
    """Every 429/420 the sandbox answered this account (the request log, page by page)."""
    import requests
    rows, after = [], 0
    while True:
        page = requests.get(f"{url}/_sandbox/log", params={"account": sandbox_account, "after": after, "limit": 1000},
                            timeout=30).json()["requests"]
        rows += [r for r in page if r["status"] in (420, 429)]
        if len(page) < 1000:
            return rows
        after = page[-1]["seq"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--scale", type=float, default=10.0)
    parser.add_argument("--price-scale", type=float, default=1000.0)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        os.environ["BOZOR_VAR_DIR"] = tempfile.mkdtemp(prefix="clients-bench-")
    os.environ.setdefault("SANDBOX_ENABLED", "true")

    import django
    django.setup()
    import requests
    from django.core.management import call_command

    from marketplaces.clients.selector import client_for_account
    from marketplaces.clients.types import PriceUpdate, StockUpdate
    from marketplaces.models import MarketplaceAccount
    from marketplaces.sandbox import clock
    from marketplaces.sandbox.models import SandboxAccount
    from marketplaces.sandbox.services import cards_bulk_create
    from partners.models import Partner

    call_command("migrate", verbosity=0)

    from bounds import serial_bound  # bench/ is on sys.path: it holds the script
    from wsgi_thread import wsgi_serve
    server, url = wsgi_serve()
    clock.time_scale_set(scale=args.scale)
    wire = WireTime()
    logging.getLogger("marketplaces.http").addHandler(wire)
    logging.getLogger("marketplaces.http").setLevel(logging.INFO)
    logging.getLogger("marketplaces.http").propagate = False

    worst, extra, accounts = 0.0, 0, {}
    print(f"{'marketplace':<14}{'requests':>9}{'minimum':>9}{'elapsed_s':>11}{'limit_s':>9}{'wire_s':>8}"
          f"{'bound_s':>9}{'ratio':>7}")
    for vendor, (marketplace, group, batch) in VENDORS.items():
        data = requests.post(f"{url}/_sandbox/accounts", json={"vendor": vendor, "seed": 7}, timeout=30).json()
        cards = cards_bulk_create(account=SandboxAccount.objects.get(pk=data["id"]), n=args.items)
        ids = {k: data[k] for k in ("client_id", "business_id", "campaign_id", "shop_id") if data.get(k)}
        partner = Partner.objects.create(legal_name=f"Bench {vendor} {time.time_ns()}", status=Partner.Status.ACTIVE)
        account = MarketplaceAccount.objects.create(
            partner=partner, marketplace=marketplace, is_sandbox=True, vendor_ids=ids,
            credentials={k: v for k, v in data["credentials"].items() if k in ("token", "client_id", "api_key")},
            base_url=f"{url}/sandbox/{vendor}")
        warehouse = str((data.get("warehouses") or [""])[0])
        items = [StockUpdate(sku=c.offer_id, quantity=i % 97, warehouse_id=warehouse, vendor_id=str(c.sku_id),
                             barcode=c.barcode) for i, c in enumerate(cards)]
        client = client_for_account(account, time_scale=args.scale, purpose="bench")
        wire.calls = []
        started = time.monotonic()
        result = client.stocks_update(items)
        elapsed = time.monotonic() - started
        minimum = math.ceil(args.items / batch)
        cost = batch if vendor == "ym" else 1  # YM counts items, the others requests
        limit_s = client.pacer.bound(group, minimum, cost_each=cost)
        bound = serial_bound(client.pacer, group, wire.calls[:minimum], cost)
        ratio = elapsed / bound if bound else 1.0
        refused = refusals(url, data["id"])
        if not result.ok or refused:
            print(f"{marketplace}: {len(result.failed)} failed items, {len(refused)} refusals (429/420)")
        worst, extra = max(worst, ratio), extra + client.requests_made - minimum
        print(f"{marketplace:<14}{client.requests_made:>9}{minimum:>9}{elapsed:>11.2f}{limit_s:>9.2f}"
              f"{sum(wire.calls):>8.2f}{bound:>9.2f}{ratio:>7.2f}")
        accounts[vendor] = (account, data["id"], cards)

    clock.time_scale_set(scale=args.price_scale)
    print(f"prices (scale {args.price_scale:g}):")
    print(f"{'marketplace':<14}{'requests':>9}{'minimum':>9}{'elapsed_s':>11}{'refused':>9}")
    for vendor, (account, sandbox_id, cards) in accounts.items():
        client = client_for_account(account, time_scale=args.price_scale, purpose="bench")
        before = len(refusals(url, sandbox_id))
        started = time.monotonic()
        result = client.prices_update([PriceUpdate(sku=c.offer_id, price=1000 + i, vendor_id=str(c.ext_id),
                                                   sku_id=str(c.sku_id)) for i, c in enumerate(cards)])
        elapsed = time.monotonic() - started
        minimum, refused = math.ceil(args.items / PRICE_BATCH[vendor]), len(refusals(url, sandbox_id)) - before
        if not result.ok:
            print(f"{VENDORS[vendor][0]}: {len(result.failed)} failed price items")
        extra += client.requests_made - minimum
        print(f"{VENDORS[vendor][0]:<14}{client.requests_made:>9}{minimum:>9}{elapsed:>11.2f}{refused:>9}")
    server.shutdown()
    print(f"clients_bench: worst_elapsed_vs_bound={worst:.2f} extra_requests={extra}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
