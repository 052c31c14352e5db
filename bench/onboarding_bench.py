"""Onboarding bench: how long a new partner waits on the system in the wizard.

Runs the embedded default as `make run` does, in a temp dir: a fresh SQLite database, the whole
app (wizard + sandbox marketplaces under /sandbox/) on a threaded server on 127.0.0.1, and a real
django-q2 worker (`manage.py qcluster`, ORM broker) for the connection test and the test run.
SANDBOX_TIME_SCALE stays at its default 1.0, so the sandboxes settle cards as slowly as documented.

A scripted partner signs up and goes through the nine steps like a browser would (form posts, and
for steps 4 and 7 the same status polls the HTMX page makes, every 0.5 s here). Only the automated
part is timed: from sending an answer until the next page is ready, plus, for steps 4 and 7, from
arriving until every check is green. Human time (reading, typing) is not counted.

    python bench/onboarding_bench.py [--marketplaces wildberries,yandex_market,ozon] [--sync] [--think 0]

`--sync` runs the jobs inline in the web process instead of the worker (no broker latency).
Last line: `onboarding_bench: system_wait_s=<x>` (target < 20 on the embedded default).
"""
from __future__ import annotations

import argparse
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
POLL_S = 0.5
JOB_TIMEOUT_S = 120


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Partner:
    """A requests session that behaves like the browser: CSRF token, form posts, status polls."""

    def __init__(self, base: str, think: float = 0.0):
        import requests

        self.base, self.http, self.think = base, requests.Session(), think
        self.waits: list[tuple[str, float]] = []

    def _csrf(self) -> str:
        return self.http.cookies.get("csrftoken", "")

    def get(self, path: str):
        return self.http.get(self.base + path, timeout=60)

    def post(self, path: str, data: dict, *, label: str, expect_next: str | None = None):
        time.sleep(self.think)  # the partner reading and typing: human time, not counted
        started = time.monotonic()
        resp = self.http.post(self.base + path, data={**data, "csrfmiddlewaretoken": self._csrf()},
                              headers={"Referer": self.base + path}, timeout=120)
        self.waits.append((label, time.monotonic() - started))
        if expect_next and not resp.url.endswith(expect_next):
            raise SystemExit(f"{label}: expected to land on {expect_next}, got {resp.url} ({resp.status_code})\n"
                             + re.sub(r"\s+", " ", resp.text)[:2000])
        return resp

    def wait_until(self, path: str, pattern: str, *, label: str, started: float) -> None:
        deadline = started + JOB_TIMEOUT_S
        while time.monotonic() < deadline:
            html = self.get(path).text
            if re.search(pattern, html):
                self.waits.append((label, time.monotonic() - started))
                return
            if 'data-status="failed"' in html:
                log = self.http.get(f"{self.base}/_sandbox/log", params={"limit": 100}, timeout=30).json()["requests"]
                for row in log:
                    print(f"    sandbox log: {row.get('at') or row.get('time')} {row.get('vendor')} {row.get('method')} "
                          f"{row.get('path')} -> {row.get('status')}")
                raise SystemExit(f"{label}: a check failed\n" + re.sub(r"\s+", " ", html)[:3000])
            time.sleep(POLL_S)
        raise SystemExit(f"{label}: not done after {JOB_TIMEOUT_S} s")


def drive(base: str, marketplaces: list[str], think: float) -> list[tuple[str, float]]:
    p = Partner(base, think)
    p.get("/accounts/signup/")
    p.post("/accounts/signup/", {"company_name": "Bench Savdo LLC", "email": "bench@savdo.test",
                                 "password1": "bench-kalit-2026!", "password2": "bench-kalit-2026!"},
           label="0 sign-up", expect_next="/onboarding/business/")
    p.post("/onboarding/business/", {"legal_name": "Bench Savdo LLC", "inn": "305123456", "address": "Tashkent",
                                     "phone": "+998 90 123 45 67", "email": "bench@savdo.test"},
           label="1 business info", expect_next="/onboarding/marketplaces/")
    p.post("/onboarding/marketplaces/", {"marketplaces": marketplaces, "sandbox_first": "on"},
           label="2 marketplaces", expect_next="/onboarding/credentials/")
    for m in marketplaces:
        p.post("/onboarding/credentials/", {"marketplace": m, "action": "sandbox"}, label=f"3 credentials ({m})")
    p.post("/onboarding/credentials/", {"action": "continue"}, label="3 credentials -> 4",
           expect_next="/onboarding/connection/")  # arriving starts the connection test
    started = time.monotonic()
    p.wait_until("/onboarding/connection/status/", r'data-all-ok="1"', label="4 connection test (all green)",
                 started=started)
    p.post("/onboarding/connection/", {"action": "continue"}, label="4 connection -> 5", expect_next="/onboarding/ai/")
    p.post("/onboarding/ai/", {"automation_level": "balanced", "monthly_budget": "20", "alert_threshold_pct": "80"},
           label="5 AI settings", expect_next="/onboarding/warehouse/")
    p.post("/onboarding/warehouse/", {"action": "add", "name": "Tashkent main", "location": "Yunusabad",
                                      "capacity_kg": "1000", "storage_type": "dry"}, label="6 warehouse (add)")
    p.post("/onboarding/warehouse/", {"action": "continue"}, label="6 warehouse -> 7",
           expect_next="/onboarding/test-run/")
    started = time.monotonic()  # the test run was started in the background at step 4; wait until it is green
    if 'data-testid="run-test">Run the test' in p.get("/onboarding/test-run/").text:
        p.post("/onboarding/test-run/", {"action": "run"}, label="7 test run (start)")
        started = time.monotonic()
    p.wait_until("/onboarding/test-run/status/", r'data-running="0" data-ok="1"', label="7 test run (read back)",
                 started=started)
    p.post("/onboarding/test-run/", {"action": "continue"}, label="7 test run -> 8",
           expect_next="/onboarding/training/")
    p.post("/onboarding/training/", {"skip": "1"}, label="8 training", expect_next="/onboarding/go-live/")
    p.post("/onboarding/go-live/", {"action": "go_live"}, label="9 go live", expect_next="/")
    return p.waits


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--marketplaces", default="uzum,wildberries,yandex_market,ozon")
    parser.add_argument("--sync", action="store_true", help="run jobs inline instead of in a qcluster worker")
    parser.add_argument("--think", type=float, default=0.0,
                        help="seconds of human time before each answer (not counted; default 0 = worst case: "
                             "the vendors' rate-limit buckets get no time to refill between steps)")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        os.environ["BOZOR_VAR_DIR"] = tempfile.mkdtemp(prefix="onboarding-bench-")
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    os.environ.update(SANDBOX_ENABLED="true", PUBLIC_BASE_URL=base, LOG_LEVEL=os.environ.get("LOG_LEVEL", "WARNING"))
    if args.sync:
        os.environ["Q_SYNC"] = "true"

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    from wsgi_thread import wsgi_serve  # bench/ is on sys.path: it holds the script
    server, _url = wsgi_serve(port)
    worker = None
    if not args.sync:
        worker = subprocess.Popen([sys.executable, "manage.py", "qcluster"], cwd=ROOT, env=dict(os.environ),
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(2.0)  # the cluster is up before the partner arrives, as under `make run`
    try:
        waits = drive(base, [m.strip() for m in args.marketplaces.split(",") if m.strip()], args.think)
    finally:
        if worker is not None:
            worker.terminate()
            try:
                worker.wait(timeout=15)
            except subprocess.TimeoutExpired:
                worker.kill()
        server.shutdown()
    mode = "inline jobs" if args.sync else "qcluster worker"
    print(f"onboarding bench: embedded default ({mode}), marketplaces {args.marketplaces}, "
          f"SANDBOX_TIME_SCALE=1.0, human time per answer {args.think:g} s (not counted)")
    for label, seconds in waits:
        print(f"  {label:<36} {seconds:6.2f} s")
    from onboarding.models import OnboardingJob

    for job in OnboardingJob.objects.order_by("pk"):
        where = job.account.get_marketplace_display() if job.account else "test run"
        steps = ", ".join(f"{s['name']} {s.get('duration_ms', 0) / 1000:.2f}" for s in job.steps)
        queued = (job.started_at - job.created_at).total_seconds() if job.started_at else 0
        print(f"  job {job.kind} ({where}): queued {queued:.2f} s; {steps}")
    total = sum(s for _, s in waits)
    print(f"onboarding_bench: system_wait_s={total:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
