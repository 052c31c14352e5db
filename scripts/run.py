#!/usr/bin/env python3
"""Start the whole product on one machine: migrate, demo data, then web + worker together.

    python scripts/run.py            (what `make run` runs, after installing the venv)

- web:    daphne serving config.asgi (HTTP + WebSockets) on $BOZOR_HOST:$PORT (127.0.0.1:8000)
- worker: manage.py qcluster (django-q2)

The two run as children in their own sessions, so a Ctrl-C in the terminal reaches only this
supervisor, which forwards SIGINT/SIGTERM to both, waits for them, and kills what is left after
a grace period. If either child dies, the other is stopped and this script exits non-zero.
Settings come from the environment as usual (no variables = embedded default).
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GRACE_SECONDS = 15
# Management commands run before start when some app provides them (hook for the sync issue:
# periodic schedules declared in code are upserted by such a command).
STARTUP_COMMANDS_IF_PRESENT = ("schedules_upsert",)


def say(message: str) -> None:
    print(f"[run] {message}", flush=True)


# One Django process for all preparation steps (each start-up costs seconds on a small machine).
PREPARE = r"""
import io, sys, django
django.setup()
from django.core.management import CommandError, call_command, get_commands
base_url, optional = sys.argv[1], sys.argv[2:]
try:
    print("[run] applying migrations", flush=True)
    call_command("migrate", interactive=False, verbosity=0)
    for name in optional:
        if name in get_commands():
            print(f"[run] running {name}", flush=True)
            call_command(name)
    print("[run] loading demo data", flush=True)
    out = io.StringIO()
    call_command("demo_seed", base_url=base_url, stdout=out)
except CommandError as exc:
    sys.exit(f"[run] {exc}")
print("--demo-logins--", flush=True)
print(out.getvalue(), end="", flush=True)
"""
DEMO_MARK = "--demo-logins--"


def prepare(base_url: str) -> str:
    """Migrate, run the optional start-up commands, load demo data; returns demo_seed's output."""
    proc = subprocess.Popen([PYTHON, "-c", PREPARE, base_url, *STARTUP_COMMANDS_IF_PRESENT], cwd=BASE_DIR,
                            text=True, stdout=subprocess.PIPE)
    demo: list[str] | None = None
    for line in proc.stdout:  # stream progress; keep what follows the mark for the banner
        if demo is not None:
            demo.append(line)
        elif line.strip() == DEMO_MARK:
            demo = []
        else:
            print(line, end="", flush=True)
    if proc.wait() != 0 or demo is None:
        say(f"preparation failed with exit code {proc.returncode}; stopping.")
        sys.exit(proc.returncode or 1)
    return "".join(demo)


def start(name: str, cmd: list[str]) -> subprocess.Popen:
    proc = subprocess.Popen(cmd, cwd=BASE_DIR, start_new_session=True)
    say(f"{name} started (pid {proc.pid}): {' '.join(cmd[1:])}")
    return proc


def wait_healthy(url: str, procs: dict[str, subprocess.Popen], timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(p.poll() is not None for p in procs.values()):
            return False
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


def stop_all(procs: dict[str, subprocess.Popen], sig: int = signal.SIGTERM) -> None:
    for name, proc in procs.items():
        if proc.poll() is None:
            say(f"stopping {name} (pid {proc.pid})")
            proc.send_signal(sig)
    deadline = time.monotonic() + GRACE_SECONDS
    for proc in procs.values():
        try:
            proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            pass
    for name, proc in procs.items():
        # Kill the whole session (qcluster's worker processes too) if anything is left.
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            continue
        if proc.poll() is None:
            say(f"{name} did not stop within {GRACE_SECONDS}s; killed")
        proc.wait()


def main() -> int:
    host = os.environ.get("BOZOR_HOST", "127.0.0.1")
    port = os.environ.get("PORT", "8000")
    base_url = f"http://{host}:{port}"
    os.environ.setdefault("PUBLIC_BASE_URL", base_url)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    seed_output = prepare(base_url)

    stop_signal: list[int] = []

    def on_signal(signum, frame):  # noqa: ARG001
        stop_signal.append(signum)

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    procs = {
        "web": start("web", [PYTHON, "-m", "daphne", "-b", host, "-p", port, "config.asgi:application"]),
        "worker": start("worker", [PYTHON, "manage.py", "qcluster"]),
    }
    if wait_healthy(f"{base_url}/healthz", procs):
        banner(base_url, seed_output)
    code = 0
    while not stop_signal:
        dead = [name for name, p in procs.items() if p.poll() is not None]
        if dead:
            say(f"{', '.join(dead)} exited (code {procs[dead[0]].returncode}); stopping the rest")
            code = 1
            break
        time.sleep(0.2)
    stop_all(procs, signal.SIGINT if stop_signal and stop_signal[0] == signal.SIGINT else signal.SIGTERM)
    say("all stopped")
    return code


def banner(base_url: str, seed_output: str) -> None:
    lines = [
        "",
        "=" * 72,
        f"  Bozor is running at {base_url}/",
        f"    admin          {base_url}/admin/",
        f"    API docs       {base_url}/api/docs/",
        f"    sandbox        {base_url}/sandbox/",
        f"    health         {base_url}/healthz   {base_url}/readyz",
        "  Logins (demo passwords, embedded default only):",
        *["  " + line.rstrip() for line in seed_output.splitlines() if line.strip()],
        "  Press Ctrl-C to stop web and worker.",
        "=" * 72,
        "",
    ]
    print("\n".join(lines), flush=True)


if __name__ == "__main__":
    sys.exit(main())
