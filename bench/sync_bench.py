"""Sync bench: how fast a stock change reaches all four sandbox marketplaces, and a full sync of
10,000 SKUs against the vendors' rate-limit bound.

1. Propagation (the real path): a real `manage.py qcluster` subprocess; the bench changes one
   SKU's available stock for a partner with four sandbox accounts (intents written in one
   transaction, push jobs enqueued after commit) and times until every sandbox holds the new
   value. p50/p95 over `--changes` changes (a fresh SKU each, so Ozon's 30 s per-pair limit is
   not what is measured). Runs on whatever the environment selects: the embedded default
   (SQLite + ORM broker) with no variables, PostgreSQL + Redis with DATABASE_URL and REDIS_URL.
2. Full sync: our full stock state (`account_reconcile(full=True)`) of `--skus` SKUs pushed by the
   dispatcher to the four accounts at once (one process each, as four workers would), elapsed vs
   the bound: per vendor the shortest time one sender could take for the minimum number of calls
   (ceil(SKUs / vendor batch)) given the vendor's published limit and the time each call took on
   the wire (call j cannot start before the limit allows it, then it and all later calls still
   take their wire time: `serial_bound`); the four run in parallel, so the bound is the largest.

Serves each vendor's sandbox in its own process (`manage.py sandbox`) on 127.0.0.1 (fresh SQLite in a temp dir unless DATABASE_URL is set;
then that database is migrated and used). Sandbox time scale `--scale` for propagation (vendor
periods / scale) and `--full-scale` (default 1: the real published limits) for the full sync.

    python bench/sync_bench.py [--changes 200] [--skus 10000] [--scale 10] [--full-scale 1]

Last line: `sync_bench: propagation_p95_s=<x> full_sync_vs_bound=<x.xx>`.
"""
from __future__ import annotations

import argparse
import logging
import math
import multiprocessing
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

VENDORS = {"wb": ("wildberries", "marketplace", 1000), "ozon": ("ozon", "stocks", 100),
           "ym": ("yandex_market", "stocks", 2000), "uzum": ("uzum", "token", 1000)}


class WireTime(logging.Handler):
    """Every client call's duration per account, in order (the HTTP base's structured log)."""

    def __init__(self):
        super().__init__()
        self.calls: dict[str, list[float]] = defaultdict(list)
        self.starts: dict[str, list[float]] = defaultdict(list)

    def emit(self, record):
        fields = getattr(record, "marketplace", {})
        seconds = fields.get("ms", 0.0) / 1000
        self.calls[str(fields.get("account"))].append(seconds)
        self.starts[str(fields.get("account"))].append(time.monotonic() - seconds)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=200, help="0 skips the propagation part")
    parser.add_argument("--skus", type=int, default=10_000)
    parser.add_argument("--scale", type=float, default=10.0, help="sandbox time scale for propagation")
    parser.add_argument("--full-scale", type=float, default=1.0,
                        help="time scale for the full sync (1 = the vendors' real limits, which then bind)")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        os.environ["BOZOR_VAR_DIR"] = tempfile.mkdtemp(prefix="sync-bench-")
    os.environ.update(SANDBOX_ENABLED="true", SANDBOX_TIME_SCALE=str(args.scale), LOG_LEVEL="WARNING",
                      Q_SYNC="false")

    import django
    django.setup()
    import requests
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    for name in ("django.request", "django.server", "healing"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    from marketplaces.models import MarketplaceAccount
    from marketplaces.sync.models import Intent, VendorRef
    from partners.models import Partner, Product, StockLevel, Warehouse

    # The marketplaces are other systems: each vendor's sandbox runs in its own process (threaded
    # WSGI, `manage.py sandbox`), as four real vendors would, so their request handling shares
    # neither our GIL nor each other's. On the embedded default each has its own SQLite file (a
    # vendor's writes do not take our database's write lock); with DATABASE_URL they share the
    # server. The bench talks to them over HTTP only (control API), as to any vendor.
    http = requests.Session()
    servers, urls, envs = [], {}, {}
    for vendor in VENDORS:
        envs[vendor] = dict(os.environ)
        if not os.environ.get("DATABASE_URL"):
            envs[vendor]["BOZOR_VAR_DIR"] = tempfile.mkdtemp(prefix=f"sync-bench-{vendor}-")
    migrations = [subprocess.Popen([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                  for env in envs.values() if env.get("BOZOR_VAR_DIR") != os.environ.get("BOZOR_VAR_DIR")]
    for migration in migrations:
        assert migration.wait() == 0, "migrating a sandbox database failed"
    for vendor in VENDORS:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        servers.append(subprocess.Popen([sys.executable, "manage.py", "sandbox", "--port", str(port)], cwd=ROOT,
                                        env=envs[vendor], start_new_session=True, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL))
        urls[vendor] = f"http://127.0.0.1:{port}"
    for url in urls.values():
        for _ in range(200):
            try:
                http.get(f"{url}/sandbox/", timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.1)

    def time_scale(scale: float) -> None:
        for url in urls.values():
            http.post(f"{url}/_sandbox/time-scale", json={"scale": scale}, timeout=10).raise_for_status()

    time_scale(args.scale)

    def partner_with_accounts(n_skus: int, label: str):
        partner = Partner.objects.create(legal_name=f"Sync bench {label} {time.time_ns()}",
                                         status=Partner.Status.ACTIVE)
        accounts = {}
        for vendor, (marketplace, _, _) in VENDORS.items():
            url = urls[vendor]
            data = http.post(f"{url}/_sandbox/accounts", json={"vendor": vendor, "seed": 7}, timeout=30).json()
            cards = http.post(f"{url}/_sandbox/accounts/{data['id']}/cards/bulk", json={"count": n_skus},
                              timeout=120).json()["cards"]
            ids = {k: data[k] for k in ("client_id", "business_id", "campaign_id", "shop_id") if data.get(k)}
            ids["warehouse_ids"] = data.get("warehouses") or []
            ours = MarketplaceAccount.objects.create(
                partner=partner, marketplace=marketplace, is_sandbox=True, vendor_ids=ids, base_url=f"{url}/sandbox/{vendor}",
                status=MarketplaceAccount.Status.OK,
                credentials={k: v for k, v in data["credentials"].items() if k in ("token", "client_id", "api_key")})
            VendorRef.objects.bulk_create([VendorRef(account=ours, sku=c["offer_id"], vendor_id=str(c["ext_id"]),
                                                     sku_id=str(c["sku_id"]), barcode=c["barcode"]) for c in cards],
                                          batch_size=2000)
            accounts[vendor] = (ours, data["id"])
        return partner, accounts, [c["offer_id"] for c in cards]

    def stocks_read(vendor: str, sandbox_id: int, offer_ids: list[str] | None = None) -> dict[str, int]:
        """Units per offer id in the account's first warehouse, read from the vendor's sandbox."""
        resp = http.get(f"{urls[vendor]}/_sandbox/accounts/{sandbox_id}/stocks",
                        params={"offer_id": offer_ids} if offer_ids else None, timeout=60)
        resp.raise_for_status()
        return resp.json()["stocks"]

    # --- 1. propagation through a real qcluster ---------------------------------------------------
    p95 = float("nan")
    if args.changes:
        p95 = propagation(args, partner_with_accounts, stocks_read)

    # --- 2. full sync of N SKUs to all four ------------------------------------------------------
    from django.conf import settings
    settings.SANDBOX_TIME_SCALE = args.full_scale  # our clients pace at the same scale as the sandbox
    time_scale(args.full_scale)
    partner, accounts, skus = partner_with_accounts(args.skus, "full")
    warehouse = Warehouse.objects.create(partner=partner, name="Main")
    products = Product.objects.bulk_create([Product(partner=partner, sku=s, title=s, price=1000) for s in skus],
                                           batch_size=2000)
    if products[0].pk is None:
        products = list(Product.objects.filter(partner=partner))
    StockLevel.objects.bulk_create([StockLevel(product=p, warehouse=warehouse, quantity=(i % 89) + 1)
                                    for i, p in enumerate(products)], batch_size=2000)
    from marketplaces.clients.selector import client_for_account
    for ours, _ in accounts.values():  # warm workers: the client modules are imported before the clock starts
        client_for_account(ours, purpose="bench")
    started = time.monotonic()
    phases: dict[int, tuple[float, float]] = {}
    calls_of: dict[int, list[float]] = {}   # each call's wire time, per account
    starts_of: dict[int, list[float]] = {}  # each call's start (monotonic, shared by the processes)
    from django.db import connections
    connections.close_all()  # each account's sender is its own process (a worker), not a thread
    fork = multiprocessing.get_context("fork")
    results = fork.SimpleQueue()
    workers = [fork.Process(target=account_sync, args=(ours.pk, results)) for ours, _ in accounts.values()]
    for worker in workers:
        worker.start()
    for _ in workers:
        pk, t0, push_s, calls, starts = results.get()
        phases[pk], calls_of[pk], starts_of[pk] = (t0, push_s), calls, starts
    for worker in workers:
        worker.join()
    retried = retries_play([ours.pk for ours, _ in accounts.values()])
    elapsed = time.monotonic() - started
    from bounds import serial_bound  # bench/ is on sys.path: it holds the script
    bounds = {}
    for vendor, (ours, sandbox_id) in accounts.items():
        _, group, batch = VENDORS[vendor]
        minimum = math.ceil(args.skus / batch)
        pacer, cost = client_for_account(ours, purpose="bench").pacer, batch if vendor == "ym" else 1
        limit_s, calls = pacer.bound(group, minimum, cost_each=cost), calls_of[ours.pk]
        bounds[vendor] = serial_bound(pacer, group, calls[:minimum], cost)  # extra calls are ours to pay for
        have = stocks_read(vendor, sandbox_id)
        ok = all(have.get(s) == (i % 89) + 1 for i, s in enumerate(skus))
        _, push_s = phases.get(ours.pk, (0.0, float("nan")))
        print(f"full sync {vendor:<5} calls={len(calls)} (minimum {minimum}) limit_bound={limit_s:7.2f}s "
              f"wire={sum(calls):6.2f}s serial_bound={bounds[vendor]:7.2f}s reconcile_and_push_s={push_s:6.2f} "
              f"values_match={ok}")
        starts = [t - started for t in starts_of[ours.pk]]
        if len(starts) > 1:
            print(f"           first_call_at={starts[0]:.2f}s last_call_at={starts[-1]:.2f}s "
                  f"gaps(ms) first={_gaps(starts[:6])} last={_gaps(starts[-6:])}")
    pending = Intent.objects.filter(account__partner=partner, kind="stock", status="pending").count()
    bound = max(bounds.values())
    print(f"full sync of {args.skus} SKUs to four marketplaces: elapsed={elapsed:.2f}s bound={bound:.2f}s "
          f"pending_left={pending} scheduled_retries_run={retried}")
    for server in servers:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)
    print(f"sync_bench: propagation_p95_s={p95:.3f} full_sync_vs_bound={elapsed / bound:.2f}")
    return 0


def propagation(args, partner_with_accounts, stocks_read) -> float:
    """Changes through the real path (after-commit enqueue, a real qcluster); returns p95 in seconds."""
    from django.db import transaction

    from marketplaces.sync.outbox import intents_record_for_partner

    partner, accounts, skus = partner_with_accounts(args.changes + 5, "propagation")
    worker = subprocess.Popen([sys.executable, "manage.py", "qcluster"], cwd=ROOT, start_new_session=True,
                              env={**os.environ, "Q_WORKERS": "4"}, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    latencies = []
    try:
        for n, sku in enumerate(skus):
            value = 500 + n
            with transaction.atomic():
                intents_record_for_partner(partner_id=partner.pk, kind="stock", key=sku,
                                           payload={"sku": sku, "available": value})
            started = time.monotonic()
            pending = set(accounts)
            while pending and time.monotonic() - started < 60:
                pending = {v for v in pending if stocks_read(v, accounts[v][1], [sku]).get(sku) != value}
                if pending:
                    time.sleep(0.005)
            if pending:
                print(f"change {n}: {sorted(pending)} did not get {value} within 60 s")
            if n >= 5:  # the first changes also wait for the cluster to start
                latencies.append(time.monotonic() - started)
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait(timeout=10)
    latencies.sort()
    p50 = statistics.median(latencies)
    p95 = latencies[max(0, math.ceil(0.95 * len(latencies)) - 1)]
    mode = "PostgreSQL + Redis" if os.environ.get("REDIS_URL") else "embedded (SQLite + ORM broker)"
    print(f"propagation to all four, {len(latencies)} changes, {mode}: p50={p50:.3f}s p95={p95:.3f}s "
          f"max={latencies[-1]:.3f}s")
    return p95

def account_sync(account_id: int, results) -> None:
    """One worker process per account: what the reconcile job and the push jobs its committed
    chunks enqueue do (one sender per account: the lease); sends back each call's wire time."""
    from django.db import close_old_connections

    from marketplaces.models import MarketplaceAccount
    from marketplaces.sync.dispatch import intents_push
    from marketplaces.sync.reconcile import account_reconcile
    from marketplaces.sync.models import Intent

    wire = WireTime()
    http_log = logging.getLogger("marketplaces.http")
    http_log.addHandler(wire)
    http_log.setLevel(logging.INFO)
    http_log.propagate = False
    ours = MarketplaceAccount.objects.get(pk=account_id)
    t0, written = time.monotonic(), threading.Event()

    def reconcile() -> None:
        try:
            account_reconcile(account=ours, full=True, kinds=("stock",))
        finally:
            written.set()
            close_old_connections()

    writer = threading.Thread(target=reconcile)
    writer.start()
    pending = Intent.objects.filter(account=ours, kind="stock", status="pending")
    while True:  # a push job runs when a chunk commits (here: when pending rows appear, a read)
        done = written.is_set()
        if pending.exists():
            intents_push(account_id=ours.pk, kind="stock")
        elif done:
            break
        else:
            time.sleep(0.02)
    writer.join()
    key = str(account_id)
    results.put((account_id, t0, time.monotonic() - t0, wire.calls[key], wire.starts[key]))
    close_old_connections()


def retries_play(account_ids: list[int]) -> int:
    """Play the django-q2 scheduler for push retries: run each when its next_run is due."""
    import ast

    from django.utils import timezone
    from django_q.models import Schedule

    from marketplaces.sync.tasks import intents_push_task
    ran = 0
    while True:
        due = Schedule.objects.filter(func="marketplaces.sync.tasks.intents_push_task").order_by("next_run")
        due = [s for s in due if int(ast.literal_eval(s.args)[0]) in account_ids]
        if not due:
            return ran
        wait = (due[0].next_run - timezone.now()).total_seconds()
        if wait > 0:
            time.sleep(wait)
        due[0].delete()
        intents_push_task(*ast.literal_eval(due[0].args))
        ran += 1


def _gaps(times: list[float]) -> str:
    return ",".join(str(round((b - a) * 1000)) for a, b in zip(times, times[1:]))


if __name__ == "__main__":
    sys.exit(main())
