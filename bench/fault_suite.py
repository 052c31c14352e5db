"""Fault suite: 1,000 stock operations against the four sandbox marketplaces under a seeded mix of
every injected fault kind, pushed through the real dispatcher and healing core.

Serves the sandbox emulators in-process on 127.0.0.1 (free port, fresh SQLite in a temp dir unless
DATABASE_URL is set; sandbox time scale 1000). Each operation changes one SKU's stock on one
account (a fresh SKU each time, so outcomes are attributable), after scripting a fault for that
account's next N calls (`/_sandbox/faults`, count N). The dispatcher records the failure, healing
decides, and a retry is a django-q2 Schedule row; the bench plays the scheduler and runs each due
retry at once (a virtual clock: the 1/2/4 s and 5/10 s delays are recorded on the Schedule, not
waited for, which the policy tests already pin).

Outcome per operation, from our rows and the sandbox's own state and request log:
- recovered: it failed with a recoverable class (timeout, network, server, rate limit,
  maintenance, expired session) and the marketplace ended with our value, no ticket;
- escalated: it failed with another class and ended failed with a ticket for a person;
- lost: the marketplace does not hold our value and no ticket says so;
- duplicated: a create repeated or an older value written after a newer one (request log).

    python bench/fault_suite.py [--ops 1000] [--seed 7]

Last line: `fault_suite: recovered=<pct> escalated=<pct> lost=<n> duplicated=<n>`.
"""
from __future__ import annotations

import argparse
import ast
import logging
import os
import random
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

VENDORS = ("wb", "ozon", "ym", "uzum")
MARKETPLACE = {"wb": "wildberries", "ozon": "ozon", "ym": "yandex_market", "uzum": "uzum"}
# kind -> (weight, params, calls it spoils); counts stay within what the policy heals by design
FAULTS = {
    "none": (10, {}, (0, 0)),
    "latency": (10, {"ms": 50}, (1, 2)),
    "hang": (8, {"seconds": 1}, (1, 2)),
    "reset": (12, {}, (1, 3)),
    "error_5xx": (14, {"status": 502}, (1, 3)),
    "rate_limit": (12, {"retry_after": 1}, (1, 6)),
    "maintenance": (12, {}, (1, 2)),
    "token_revoked": (11, {}, (1, 1)),
    "schema_drift": (11, {}, (1, 1)),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ops", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        os.environ["BOZOR_VAR_DIR"] = tempfile.mkdtemp(prefix="fault-suite-")
    os.environ.update(SANDBOX_ENABLED="true", Q_SYNC="true", SANDBOX_TIME_SCALE="1000", LOG_LEVEL="WARNING")

    import django
    django.setup()
    import requests
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    settings.SYNC_AUTOPUSH = False  # the bench drives each push itself
    settings.SYNC_CLIENT_TIMEOUT = (0.5, 0.5)  # a hung call times out fast
    for name in ("marketplaces", "django.request", "django.server", "healing"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    from healing.models import Ticket
    from healing.policies import RECOVERABLE, error_classify
    from marketplaces.models import MarketplaceAccount
    from marketplaces.sandbox import clock
    from marketplaces.sandbox.models import SandboxCard, SandboxRequestLog, SandboxStock
    from marketplaces.sync.models import Intent, Operation, VendorRef
    from marketplaces.sync.outbox import intent_record
    from marketplaces.sync.tasks import intents_push_task
    from marketplaces.sandbox.models import SandboxAccount
    from marketplaces.sandbox.services import cards_bulk_create
    from partners.models import Partner

    from wsgi_thread import wsgi_serve  # bench/ is on sys.path: it holds the script
    server, url = wsgi_serve()
    clock.time_scale_set(scale=1000)
    http = requests.Session()

    partner = Partner.objects.create(legal_name="Fault suite LLC", status=Partner.Status.ACTIVE)
    per_account = args.ops // len(VENDORS) + 1
    accounts = {}
    for vendor in VENDORS:
        data = http.post(f"{url}/_sandbox/accounts", json={"vendor": vendor, "seed": 7}, timeout=30).json()
        cards = cards_bulk_create(account=SandboxAccount.objects.get(pk=data["id"]), n=per_account)
        ids = {k: data[k] for k in ("client_id", "business_id", "campaign_id", "shop_id") if data.get(k)}
        ids["warehouse_ids"] = data.get("warehouses") or []
        ours = MarketplaceAccount.objects.create(
            partner=partner, marketplace=MARKETPLACE[vendor], is_sandbox=True, vendor_ids=ids,
            status=MarketplaceAccount.Status.OK, base_url=f"{url}/sandbox/{vendor}",
            credentials={k: v for k, v in data["credentials"].items() if k in ("token", "client_id", "api_key")})
        VendorRef.objects.bulk_create([VendorRef(account=ours, sku=c.offer_id, vendor_id=str(c.ext_id),
                                                 sku_id=str(c.sku_id), barcode=c.barcode) for c in cards])
        accounts[vendor] = (ours, data["id"], [c.offer_id for c in cards])
    cards_before = SandboxCard.objects.count()

    from django_q.models import Schedule

    def retries_run(account_id: int) -> None:
        for _ in range(50):
            due = list(Schedule.objects.filter(func="marketplaces.sync.tasks.intents_push_task",
                                               args__startswith=f"({account_id}, ").order_by("id"))
            if not due:
                return
            for schedule in due:
                schedule.delete()
                intents_push_task(*ast.literal_eval(schedule.args))

    rng = random.Random(args.seed)
    kinds, weights = list(FAULTS), [FAULTS[k][0] for k in FAULTS]
    ops = []  # (vendor, sku, value, fault kind, intent id)
    for n in range(args.ops):
        vendor = VENDORS[n % len(VENDORS)]
        ours, sandbox_id, skus = accounts[vendor]
        sku, value = skus[n // len(VENDORS)], 100 + n
        kind = rng.choices(kinds, weights)[0]
        if kind != "none":
            low, high = FAULTS[kind][2]
            http.post(f"{url}/_sandbox/faults", json={"account": sandbox_id, "group": "stocks", "kind": kind,
                                                      "params": FAULTS[kind][1], "count": rng.randint(low, high)},
                      timeout=10).raise_for_status()
        intent = intent_record(account=ours, kind="stock", key=sku, payload={"sku": sku, "available": value})
        intents_push_task(ours.pk, "stock", None, f"fault-suite-{n}")
        retries_run(ours.pk)
        http.delete(f"{url}/_sandbox/faults", params={"account": sandbox_id}, timeout=10)  # leftovers
        ops.append((vendor, sku, value, kind, intent.pk))

    # --- outcomes ---------------------------------------------------------------------------
    tickets = set(Ticket.objects.values_list("signature", flat=True))
    from healing.models import ErrorEvent
    rows = Counter()
    by_kind: dict[str, Counter] = defaultdict(Counter)
    for vendor, sku, value, kind, intent_id in ops:
        ours, sandbox_id, _ = accounts[vendor]
        intent = Intent.objects.get(pk=intent_id)
        op = Operation.objects.filter(pk=intent.operation_id).first()
        failed_attempt = op.attempts.filter(ok=False).order_by("number").first() if op else None
        stock = SandboxStock.objects.filter(card__account_id=sandbox_id, card__offer_id=sku)
        wh = (ours.vendor_ids or {}).get("warehouse_ids")
        have = (stock.filter(warehouse__ext_id=wh[0]) if wh else stock).values_list("amount", flat=True).first()
        delivered = intent.status == "sent" and have == value
        event = ErrorEvent.objects.filter(pk=(op.detail or {}).get("event_id")).first() if op else None
        ticketed = intent.status == "failed" and event is not None and event.signature in tickets
        if failed_attempt is None:
            outcome = "clean" if delivered else "lost"
        else:
            cls = error_classify(kind=failed_attempt.error_kind, http_status=failed_attempt.http_status)
            if cls in RECOVERABLE:
                outcome = "recovered" if delivered else ("escalated_recoverable" if ticketed else "lost")
            else:
                outcome = "escalated" if ticketed else ("delivered_anyway" if delivered else "lost")
        rows[outcome] += 1
        by_kind[kind][outcome] += 1

    duplicated = SandboxCard.objects.count() - cards_before
    for _, sandbox_id, _ in accounts.values():
        newest: dict[str, int] = {}
        for summary in SandboxRequestLog.objects.filter(account_id=sandbox_id).order_by("id").values_list(
                "summary", flat=True):
            for key, amount in ((summary or {}).get("stocks") or {}).items():
                if amount < newest.get(key, -1):
                    duplicated += 1
                newest[key] = max(amount, newest.get(key, -1))
    server.shutdown()

    outcomes = ["clean", "recovered", "escalated_recoverable", "escalated", "delivered_anyway", "lost"]
    print(f"{'fault':<14}" + "".join(f"{o:>22}" for o in outcomes))
    for kind in kinds:
        print(f"{kind:<14}" + "".join(f"{by_kind[kind][o]:>22}" for o in outcomes))
    recoverable = rows["recovered"] + rows["escalated_recoverable"]
    other = rows["escalated"] + rows["delivered_anyway"]
    lost = rows["lost"]
    rec_pct = 100.0 * rows["recovered"] / recoverable if recoverable else 100.0
    esc_pct = 100.0 * rows["escalated"] / other if other else 100.0
    print(f"operations={len(ops)} recoverable_faults={recoverable} other_faults={other} "
          f"tickets={Ticket.objects.count()}")
    print(f"fault_suite: recovered={rec_pct:.1f} escalated={esc_pct:.1f} lost={lost} duplicated={duplicated}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
