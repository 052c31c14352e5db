"""The run command: scripts/run.py (what `make run` runs after the venv step) brings up web +
worker on the embedded default, both healthy, the worker really processes a task, and SIGINT
stops everything."""
from __future__ import annotations

import os
import re
import signal
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from urllib.parse import urlsplit

import pytest

from tests.conftest import BASE_DIR, PYTHON, clean_env, free_port

pytestmark = pytest.mark.slow


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()
    except OSError:
        return 0, b""


def _wait_for(url: str, proc: subprocess.Popen, log, timeout: float = 120) -> bytes:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, f"run.py exited early:\n{log.read_text()}"
        status, body = _get(url)
        if status == 200:
            return body
        time.sleep(0.3)
    pytest.fail(f"{url} never answered 200:\n{log.read_text()}")


def _wait_for_text(log, text: str, proc: subprocess.Popen, timeout: float = 30) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        output = log.read_text()
        if text in output:
            return output
        assert proc.poll() is None, f"run.py exited early:\n{output}"
        time.sleep(0.2)
    pytest.fail(f"{text!r} never printed:\n{log.read_text()}")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _shell(env: dict[str, str], code: str) -> str:
    done = subprocess.run([PYTHON, "manage.py", "shell", "-c", code], cwd=BASE_DIR, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


@pytest.fixture(params=["embedded", "postgres-redis"])
def run_env(request, tmp_path):
    """The embedded default always; PostgreSQL + Redis too when the run has them (as in CI), on a
    throw-away database so the demo data never lands in anyone's database."""
    port = free_port()
    if request.param == "embedded":
        yield clean_env(tmp_path / "var", PORT=str(port))
        return
    database_url, redis_url = os.environ.get("DATABASE_URL", ""), os.environ.get("REDIS_URL", "")
    if not database_url.startswith("postgres") or not redis_url:
        pytest.skip("DATABASE_URL (PostgreSQL) and REDIS_URL not set: embedded default only")
    import psycopg

    name = f"bozor_ops_run_{uuid.uuid4().hex[:10]}"
    server = urlsplit(database_url)._replace(path="/postgres").geturl()
    with psycopg.connect(server, autocommit=True, connect_timeout=10) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield clean_env(tmp_path / "var", PORT=str(port), REDIS_URL=redis_url,
                        DATABASE_URL=urlsplit(database_url)._replace(path=f"/{name}").geturl())
    finally:
        with psycopg.connect(server, autocommit=True, connect_timeout=10) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_run_starts_web_and_worker_and_stops_on_sigint(tmp_path, run_env):
    env = run_env
    port = int(env["PORT"])
    log = tmp_path / "run.log"
    with log.open("w") as out:
        proc = subprocess.Popen([PYTHON, "scripts/run.py"], cwd=BASE_DIR, env=env, stdout=out,
                                stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        assert b'"status": "ok"' in _wait_for(f"{base}/healthz", proc, log)
        ready = _wait_for(f"{base}/readyz", proc, log, timeout=30)
        assert b'"database": "ok"' in ready and b'"broker": "ok"' in ready
        output = _wait_for_text(log, "Press Ctrl-C", proc)  # the banner comes right after run.py's own check
        pids = {name: int(pid) for name, pid in re.findall(r"\[run\] (web|worker) started \(pid (\d+)\)", output)}
        assert set(pids) == {"web", "worker"}
        assert all(_alive(pid) for pid in pids.values())
        # The banner prints the logins and where to go.
        assert "demo@bozor.local" in output and "admin@bozor.local" in output
        assert f"{base}/admin/" in output and f"{base}/api/docs/" in output

        # A task enqueued through the broker (ORM, or Redis) is picked up by the running worker.
        task_id = _shell(env, "from django_q.tasks import async_task; print(async_task('math.floor', 2.5))")
        result = _shell(env, f"from django_q.tasks import result; print(result({task_id!r}, wait=30000))")
        assert result == "2", log.read_text()
        assert _alive(pids["worker"])
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
        try:
            code = proc.wait(timeout=45)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise
    assert code == 0, log.read_text()
    output = log.read_text()
    assert "[run] all stopped" in output
    assert not any(_alive(pid) for pid in pids.values())
    assert _get(f"{base}/healthz")[0] == 0  # nothing listens any more


def test_run_exits_nonzero_when_a_child_dies(tmp_path):
    port = free_port()
    env = clean_env(tmp_path / "var", PORT=str(port))
    log = tmp_path / "run.log"
    with log.open("w") as out:
        proc = subprocess.Popen([PYTHON, "scripts/run.py"], cwd=BASE_DIR, env=env, stdout=out,
                                stderr=subprocess.STDOUT)
    try:
        _wait_for(f"http://127.0.0.1:{port}/healthz", proc, log)
        web_pid = int(re.search(r"\[run\] web started \(pid (\d+)\)", log.read_text()).group(1))
        os.kill(web_pid, signal.SIGKILL)
        code = proc.wait(timeout=45)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    output = log.read_text()
    assert code == 1, output
    assert "web exited" in output and "[run] all stopped" in output
    worker_pid = int(re.search(r"\[run\] worker started \(pid (\d+)\)", output).group(1))
    assert not _alive(worker_pid)
