"""/healthz and /readyz, including real outages: a throw-away Redis and PostgreSQL are started,
checked, then stopped (or frozen) under a running Django process that keeps answering."""
from __future__ import annotations

import glob
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from partners.health import run_checks
from tests.conftest import BASE_DIR, PYTHON, clean_env, free_port

# A long-lived Django process: each line on stdin -> one GET /readyz -> one JSON line on stdout.
PROBE = """
import json, sys, time, django
django.setup()
from django.test import Client
client = Client()
print("ready", flush=True)
for _ in sys.stdin:
    started = time.monotonic()
    response = client.get("/readyz")
    print(json.dumps({"status": response.status_code, "body": response.json(),
                      "elapsed": time.monotonic() - started}), flush=True)
"""


class Probe:
    def __init__(self, env: dict[str, str]):
        self.proc = subprocess.Popen([PYTHON, "-c", PROBE], cwd=BASE_DIR, env=env, text=True,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        assert self.proc.stdout.readline().strip() == "ready"

    def readyz(self) -> dict:
        self.proc.stdin.write("\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        assert line, "probe process died"
        return json.loads(line)

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=20)


@pytest.mark.django_db
def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db(transaction=True)
def test_readyz_all_checks_ok(client):
    response = client.get("/readyz")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"] == {"database": "ok", "cache": "ok", "broker": "ok", "channel_layer": "ok"}


def test_run_checks_bounds_a_hanging_check_and_reports_errors_by_type():
    def hangs():
        time.sleep(30)

    def fails():
        raise ConnectionRefusedError("password=hunter2 must never be shown")

    started = time.monotonic()
    results = run_checks({"stuck": hangs, "down": fails, "fine": lambda: None}, timeout=0.5)
    assert time.monotonic() - started < 3
    assert results == {"stuck": "timeout", "down": "error: ConnectionRefusedError", "fine": "ok"}


def _redis_up(port: int) -> subprocess.Popen:
    proc = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                             "--appendonly", "no", "--daemonize", "no"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True, text=True).stdout.strip() == "PONG":
            return proc
        time.sleep(0.1)
    proc.kill()
    pytest.fail("throw-away redis-server did not start")


def _assert_down(result: dict, names: set[str]) -> None:
    assert result["status"] == 503, result
    assert result["body"]["status"] == "unavailable"
    assert names <= set(result["body"]["failed"]), result
    assert result["elapsed"] < 10, f"readyz took {result['elapsed']:.1f}s"


@pytest.mark.skipif(not shutil.which("redis-server") or not shutil.which("redis-cli"),
                    reason="redis-server/redis-cli not installed (apt-get install redis-server)")
def test_readyz_names_redis_when_it_hangs_and_when_it_is_stopped(tmp_path):
    port = free_port()
    redis = _redis_up(port)
    probe = Probe(clean_env(tmp_path / "var", REDIS_URL=f"redis://127.0.0.1:{port}/0", READYZ_TIMEOUT="2"))
    try:
        first = probe.readyz()
        assert first["status"] == 200, first
        assert set(first["body"]["checks"].values()) == {"ok"}

        redis.send_signal(signal.SIGSTOP)  # stuck, not gone: connections open but nothing answers
        _assert_down(probe.readyz(), {"cache", "broker", "channel_layer"})

        redis.send_signal(signal.SIGCONT)
        recovered = probe.readyz()
        assert recovered["status"] == 200, recovered

        redis.kill()
        redis.wait(timeout=10)
        down = probe.readyz()
        _assert_down(down, {"cache", "broker", "channel_layer"})
        assert down["body"]["checks"]["database"] == "ok"
    finally:
        if redis.poll() is None:
            redis.send_signal(signal.SIGCONT)
            redis.kill()
        probe.close()


def _pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def _as_postgres(cmd: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return cmd
    return ["runuser", "-u", "postgres", "--", *cmd]


@pytest.mark.skipif(_pg_bin() is None, reason="PostgreSQL server binaries (initdb, pg_ctl) not installed")
def test_readyz_names_database_when_postgresql_is_stopped(tmp_path):
    pg_bin, port = _pg_bin(), free_port()
    # Not under tmp_path: its parents are private to root, and the cluster runs as postgres.
    data = Path(tempfile.mkdtemp(prefix="bozor-pg-"))
    if os.geteuid() == 0:
        shutil.chown(data, "postgres", "postgres")
    pg_ctl = [str(pg_bin / "pg_ctl"), "-D", str(data / "db"), "-s"]
    try:
        subprocess.run(_as_postgres([str(pg_bin / "initdb"), "-D", str(data / "db"), "-A", "trust", "-U", "postgres",
                                     "--no-sync", "-E", "UTF8"]), check=True, capture_output=True, timeout=120)
        subprocess.run(_as_postgres([*pg_ctl, "-l", str(data / "log"), "-w", "-o",
                                     f"-c listen_addresses=127.0.0.1 -p {port} -k {data} -c fsync=off", "start"]),
                       check=True, timeout=60)
        env = clean_env(tmp_path / "var", DATABASE_URL=f"postgres://postgres@127.0.0.1:{port}/postgres",
                        READYZ_TIMEOUT="3")
        # The ORM broker's queue table must exist for its check to pass.
        migrate = subprocess.run([PYTHON, "manage.py", "migrate", "django_q", "-v", "0"], cwd=BASE_DIR, env=env,
                                 capture_output=True, text=True, timeout=120)
        assert migrate.returncode == 0, migrate.stderr
        probe = Probe(env)
        try:
            first = probe.readyz()
            assert first["status"] == 200, first
            subprocess.run(_as_postgres([*pg_ctl, "-m", "immediate", "-w", "stop"]), check=True, timeout=60)
            down = probe.readyz()
            _assert_down(down, {"database"})
            assert down["body"]["checks"]["cache"] == "ok"
            assert down["body"]["checks"]["channel_layer"] == "ok"
        finally:
            probe.close()
    finally:
        subprocess.run(_as_postgres([*pg_ctl, "-m", "immediate", "stop"]), capture_output=True, timeout=60)
        shutil.rmtree(data, ignore_errors=True)
