"""Remote-help latency bench: N concurrent sessions on loopback against a real daphne server.

Each session has a partner socket (/ws/remote/partner/) and an admin console socket
(/ws/remote/admin/<id>/). Partners send DOM mutations; we time each one from the partner's send to
the admin's receipt (the full path: consumer -> event_record service (DB check + insert, masking)
-> notifier after commit -> channel layer -> console consumer -> socket).

    REDIS_URL=redis://127.0.0.1:6379/6 python bench/remote_bench.py [--sessions 100] [--servers 1]

Each partner first sends its page snapshot and then one change per --interval; the first --warmup
seconds (every snapshot at once) are not counted. With --servers 2 the partner and admin sockets of a session sit on different daphne processes,
so every change crosses the Redis channel layer. Without DATABASE_URL the bench uses a
throw-away SQLite file; with it, it creates its rows there and deletes them afterwards.
Last line: `remote_bench: p95_ms=<x> sessions=<n>`.
"""
from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import random
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TIMELINE: list[tuple[float, float]] = []  # (sent at, latency ms), for --timeline
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
if not os.environ.get("DATABASE_URL"):
    os.environ.setdefault("BOZOR_VAR_DIR", tempfile.mkdtemp(prefix="remote-bench-"))


# ---- a minimal asyncio WebSocket client (RFC 6455: text frames, masking, ping/pong, close) ----
class WS:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    @classmethod
    async def connect(cls, port: int, path: str, cookie: str) -> "WS":
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        key = base64.b64encode(os.urandom(16)).decode()
        writer.write((f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
                      f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
                      f"Origin: http://127.0.0.1:{port}\r\nCookie: {cookie}\r\n\r\n").encode())
        head = await reader.readuntil(b"\r\n\r\n")
        if b" 101 " not in head.split(b"\r\n", 1)[0]:
            raise ConnectionError(head.decode(errors="replace"))
        return cls(reader, writer)

    def _frame(self, opcode: int, payload: bytes) -> bytes:
        n, mask = len(payload), os.urandom(4)
        head = bytes([0x80 | opcode])
        if n < 126:
            head += bytes([0x80 | n])
        elif n < 65536:
            head += bytes([0x80 | 126]) + struct.pack(">H", n)
        else:
            head += bytes([0x80 | 127]) + struct.pack(">Q", n)
        return head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))

    async def send(self, obj: dict) -> None:
        self.writer.write(self._frame(0x1, json.dumps(obj).encode()))
        await self.writer.drain()

    async def recv(self) -> dict | None:
        while True:
            b1, b2 = await self.reader.readexactly(2)
            n = b2 & 0x7F
            if n == 126:
                n = struct.unpack(">H", await self.reader.readexactly(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", await self.reader.readexactly(8))[0]
            payload = await self.reader.readexactly(n)
            opcode = b1 & 0x0F
            if opcode == 0x8:
                return None
            if opcode == 0x9:
                self.writer.write(self._frame(0xA, payload))
                continue
            if opcode == 0x1:
                return json.loads(payload)

    def close(self) -> None:
        self.writer.close()


# ---- setup: rows, cookies, servers ----
def setup_django():
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def make_sessions(n: int, tag: str) -> tuple[str, list[tuple[int, str]], list[int]]:
    from django.test import Client

    from partners.models import Partner, User
    from remote.services import session_approve, session_request

    def cookie(user) -> str:
        client = Client()
        client.force_login(user)
        return f"sessionid={client.cookies['sessionid'].value}"

    admin = User.objects.create_user(email=f"{tag}-admin@bench.test", password="x", is_staff=True)
    out, partners = [], []
    for i in range(n):
        partner = Partner.objects.create(legal_name=f"{tag} partner {i}", status="active")
        owner = User.objects.create_user(email=f"{tag}-{i}@bench.test", password="x", partner=partner)
        session = session_request(admin=admin, partner=partner, reason="bench", level="view", minutes=30)
        session_approve(session=session, user=owner)
        out.append((session.pk, cookie(owner)))
        partners.append(partner.pk)
    return cookie(admin), out, partners + [admin.pk]


def cleanup(ids: list[int]) -> None:
    from partners.models import AuditEvent, Partner, User
    from remote.models import RemoteSession

    partner_ids, admin_id = ids[:-1], ids[-1]
    RemoteSession.objects.filter(partner_id__in=partner_ids).delete()
    AuditEvent.objects.filter(partner_id__in=partner_ids).delete()
    Partner.objects.filter(pk__in=partner_ids).delete()
    User.objects.filter(pk=admin_id).delete()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_servers(count: int) -> tuple[list[subprocess.Popen], list[int]]:
    procs, ports = [], []
    daphne = str(Path(sys.executable).with_name("daphne"))
    for _ in range(count):
        port = free_port()
        log = open(Path(tempfile.gettempdir()) / f"remote-bench-daphne-{port}.log", "wb")
        procs.append(subprocess.Popen([daphne, "-b", "127.0.0.1", "-p", str(port), "config.asgi:application"],
                                      cwd=ROOT, env={**os.environ, "LOG_LEVEL": "WARNING"},
                                      stdout=log, stderr=subprocess.STDOUT))
        ports.append(port)
    for port in ports:
        deadline = time.time() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if time.time() > deadline:
                    raise RuntimeError("daphne did not start")
                time.sleep(0.1)
    return procs, ports


# ---- the run ----
async def one_session(idx: int, session_id: int, partner_cookie: str, admin_cookie: str, ports: list[int],
                      args, latencies: list[float], errors: list[str], start: asyncio.Event,
                      gate: asyncio.Semaphore, ready: list[int]) -> None:
    sent: dict[int, float] = {}
    try:
        async with gate:  # ramp up: a connection storm is not what this bench measures
            partner = await WS.connect(ports[idx % len(ports)], "/ws/remote/partner/", partner_cookie)
            admin = await WS.connect(ports[(idx + 1) % len(ports)], f"/ws/remote/admin/{session_id}/", admin_cookie)
            await partner.recv()  # hello
            await admin.recv()
    except Exception as exc:  # noqa: BLE001 - report, do not hide
        errors.append(f"connect {idx}: {exc!r}")
        return
    finally:
        ready.append(idx)

    async def reader() -> None:
        while True:
            msg = await admin.recv()
            if msg is None:
                return
            mark = (msg.get("data") or {}).get("bench")
            if msg.get("kind") == "mutation" and mark and mark[0] == idx and mark[1] in sent:
                at = sent.pop(mark[1])
                ms = (time.perf_counter() - at) * 1000
                TIMELINE.append((at, ms))
                if at >= measure_from:
                    latencies.append(ms)

    measure_from = float("inf")
    task = asyncio.create_task(reader())
    await start.wait()
    measure_from = time.perf_counter() + args.warmup
    await partner.send({"type": "mirror", "kind": "snapshot", "data": {"url": "/bench/", "title": "bench", "root": {
        "id": 1, "t": "html", "a": {}, "c": [{"id": 2, "t": "body", "a": {}, "c": [{"id": 3, "x": "0"}]}]}}})
    await asyncio.sleep(random.random() * args.interval)
    deadline = time.perf_counter() + args.warmup + args.duration
    seq = 0
    while time.perf_counter() < deadline:
        seq += 1
        sent[seq] = time.perf_counter()
        await partner.send({"type": "mirror", "kind": "mutation",
                            "data": {"texts": [{"id": 3, "x": f"typed {seq}"}], "bench": [idx, seq]}})
        await asyncio.sleep(args.interval)
    await asyncio.sleep(5)  # let the last ones arrive
    lost = len(sent)
    if lost:
        errors.append(f"session {idx}: {lost} change(s) never reached the admin")
    task.cancel()
    partner.close()
    admin.close()


async def run(args, admin_cookie: str, sessions: list[tuple[int, str]], ports: list[int]) -> tuple[list, list]:
    latencies: list[float] = []
    errors: list[str] = []
    start, gate, ready = asyncio.Event(), asyncio.Semaphore(5), []
    tasks = [asyncio.create_task(one_session(i, sid, cookie, admin_cookie, ports, args, latencies, errors, start,
                                             gate, ready)) for i, (sid, cookie) in enumerate(sessions)]
    while len(ready) < len(sessions):  # every socket connected before the clock starts
        await asyncio.sleep(0.05)
    start.set()
    await asyncio.gather(*tasks)
    return latencies, errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=100)
    parser.add_argument("--servers", type=int, default=1, help="daphne processes (needs REDIS_URL if > 1)")
    parser.add_argument("--duration", type=float, default=10.0, help="measured seconds each partner keeps typing")
    parser.add_argument("--interval", type=float, default=1.0, help="seconds between a partner's changes")
    parser.add_argument("--warmup", type=float, default=2.0,
                        help="seconds after the start (100 page snapshots at once) not counted in the figures")
    parser.add_argument("--timeline", action="store_true", help="print p95 per second of the run")
    args = parser.parse_args()
    if args.servers > 1 and not os.environ.get("REDIS_URL"):
        parser.error("--servers > 1 needs REDIS_URL (the in-memory layer does not cross processes)")
    setup_django()
    tag = f"rb{int(time.time())}"
    admin_cookie, sessions, ids = make_sessions(args.sessions, tag)
    procs, ports = start_servers(args.servers)
    try:
        latencies, errors = asyncio.run(run(args, admin_cookie, sessions, ports))
    finally:
        for p in procs:
            p.terminate()
            try:
                p.wait(timeout=5)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        if os.environ.get("DATABASE_URL"):
            cleanup(ids)
    if args.timeline and TIMELINE:
        t0 = min(t for t, _ in TIMELINE)
        for sec in range(int(max(t for t, _ in TIMELINE) - t0) + 1):
            window = sorted(ms for t, ms in TIMELINE if sec <= t - t0 < sec + 1)
            if window:
                print(f"t={sec:>3}s n={len(window):>4} p95_ms={window[int(len(window) * 0.95) - 1]:.0f}")
    layer = "redis" if os.environ.get("REDIS_URL") else "in-memory"
    for line in errors[:10]:
        print("error:", line)
    if not latencies:
        print("remote_bench: p95_ms=nan sessions=0")
        sys.exit(1)
    q = statistics.quantiles(latencies, n=100)
    print(f"layer={layer} servers={args.servers} db={os.environ.get('DATABASE_URL', 'sqlite').split(':')[0]} "
          f"changes={len(latencies)} errors={len(errors)} "
          f"p50_ms={q[49]:.1f} p95_ms={q[94]:.1f} p99_ms={q[98]:.1f} max_ms={max(latencies):.1f}")
    connected = args.sessions - sum(1 for e in errors if e.startswith("connect"))
    print(f"remote_bench: p95_ms={q[94]:.1f} sessions={connected}")


if __name__ == "__main__":
    main()
