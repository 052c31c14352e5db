"""Fault injection: which faults fire for a call (scripted counts, seeded probabilities), and
the transport-level faults (latency, hang, connection reset)."""
from __future__ import annotations

import gc
import os
import random
import socket
import struct
import sys
import time

from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse

from marketplaces.sandbox.models import SandboxAccount, SandboxFault

Kind = SandboxFault.Kind


def faults_triggered(*, account: SandboxAccount | None, vendor: str, group: str) -> list[SandboxFault]:
    scope = Q(account__isnull=True) | (Q(account=account) if account else Q(pk__in=[]))
    live = Q(remaining__isnull=True) | Q(remaining__gt=0)
    candidates = SandboxFault.objects.filter(scope, live, vendor__in=[vendor, ""], group__in=[group, "*"])
    return [f for f in candidates.order_by("id") if _fires(f.pk)]


def _fires(pk: int) -> SandboxFault | None:
    # Row lock so scripted counts ("next 3 calls") and the seeded draw sequence stay exact
    # when several server threads or processes evaluate the same fault.
    with transaction.atomic():
        fault = SandboxFault.objects.select_for_update().filter(pk=pk).first()
        if fault is None or (fault.remaining is not None and fault.remaining <= 0):
            return None
        fault.calls += 1
        hit = True
        if fault.probability is not None:
            hit = random.Random(f"{fault.seed}:{fault.calls}").random() < fault.probability
        if hit and fault.remaining is not None:
            fault.remaining -= 1
        fault.save(update_fields=["calls", "remaining"])
    return fault if hit else None


def transport_delay(faults: list[SandboxFault]) -> None:
    """Latency adds `ms`; a hang sleeps `seconds` (default 30) so the client times out first."""
    for fault in faults:
        if fault.kind == Kind.LATENCY:
            time.sleep(float(fault.params.get("ms", 1000)) / 1000)
        elif fault.kind == Kind.HANG:
            time.sleep(float(fault.params.get("seconds", 30)))


def connection_reset(request: HttpRequest) -> HttpResponse:
    """Drop the client's TCP connection with a RST.

    Under the threaded WSGI servers (runserver, live_server, `manage.py sandbox`) the socket
    is reachable through wsgi.input: SO_LINGER=0 and replacing its descriptor with one end of a
    dead socketpair closes the TCP socket abruptly (RST) while the server thread keeps a valid
    descriptor; its later write fails with EPIPE, which Django's server logs quietly.
    Under daphne the view has no socket: the Twisted request serving this client (matched by the
    ASGI scope's client address) is aborted from the reactor thread, which also sends a RST.
    Elsewhere: a Content-Length larger than the body, so the client sees a truncated response.
    """
    if _daphne_abort(request):
        response = HttpResponse(b"", status=502)
        response.sandbox_reset = True
        return response
    sock = _wsgi_socket(request)
    if sock is not None:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        left, right = socket.socketpair()
        os.dup2(left.fileno(), sock.fileno())
        left.close()
        right.close()
        response = HttpResponse(b"", status=502)  # never reaches the client
        response.sandbox_reset = True
        return response
    response = HttpResponse(b'{"', content_type="application/json")
    response["Content-Length"] = "4096"
    response["Connection"] = "close"
    response.sandbox_reset = True
    return response


def tcp_nodelay(request: HttpRequest) -> None:
    """The threaded WSGI dev servers write headers and body separately; with Nagle on, a
    keep-alive client waits ~40 ms (delayed ACK) for every response. Disable it per connection."""
    sock = _wsgi_socket(request)
    if sock is not None:
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:
            pass


def _daphne_abort(request: HttpRequest) -> bool:
    scope = getattr(request, "scope", None)
    if not scope or "daphne.http_protocol" not in sys.modules or not scope.get("client"):
        return False
    from daphne.http_protocol import WebRequest
    from twisted.internet import reactor

    client = list(scope["client"])
    # A fault is rare and deliberate, so a scan of live objects is an acceptable price here.
    for obj in gc.get_objects():
        if isinstance(obj, WebRequest) and list(obj.client_addr or []) == client and not obj.finished:
            reactor.callFromThread(obj.channel.transport.abortConnection)
            return True
    return False


def _wsgi_socket(request: HttpRequest) -> socket.socket | None:
    stream = request.META.get("wsgi.input")
    read = getattr(stream, "_read", None)  # django LimitedStream keeps the bound read of the rfile
    rfile = getattr(read, "__self__", stream)
    sock = getattr(getattr(rfile, "raw", None), "_sock", None)
    return sock if isinstance(sock, socket.socket) else None


def rename_field(data, *, old: str | None, new: str | None):
    """Schema drift: rename `old` to `new` everywhere in the body (default: the first top key)."""
    if isinstance(data, dict) and old is None and data:
        old = next(iter(data))
    if old is None:
        return data
    new = new or f"{old}V2"

    def walk(node):
        if isinstance(node, dict):
            return {(new if k == old else k): walk(v) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    return walk(data)
