"""One sender per (account, kind): a lease row taken with a conditional UPDATE (atomic on
SQLite and PostgreSQL alike). It expires after `LEASE_TTL` unless renewed, and a holder whose
process is gone on this host (a SIGKILLed worker) is replaced at once instead of waiting."""
from __future__ import annotations

import os
import socket
import uuid
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from marketplaces.sync.models import PushLease

# Longer than a push job may run (Q_CLUSTER timeout 240 s): a live sender never loses its lease
# mid-batch (a pacing wait for Ozon's per-minute window can hold one batch ~60 s). A crashed
# sender on this host is replaced at once (dead pid); on another host after the TTL.
LEASE_TTL = timedelta(seconds=300)
HOST = socket.gethostname()


def holder_new() -> str:
    return f"{HOST}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _holder_dead(holder: str) -> bool:
    host, _, rest = holder.partition(":")
    pid = rest.partition(":")[0]
    if host != HOST or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def lease_acquire(*, account_id: int, kind: str, holder: str) -> bool:
    try:
        with transaction.atomic():
            PushLease.objects.get_or_create(account_id=account_id, kind=kind)
    except IntegrityError:
        pass  # created concurrently
    now = timezone.now()
    rows = PushLease.objects.filter(account_id=account_id, kind=kind)
    if rows.filter(Q(holder="") | Q(expires_at__lt=now) | Q(holder=holder)).update(
            holder=holder, expires_at=now + LEASE_TTL):
        return True
    current = rows.values_list("holder", flat=True).first() or ""
    if current and _holder_dead(current):
        return bool(rows.filter(holder=current).update(holder=holder, expires_at=now + LEASE_TTL))
    return False


def lease_renew(*, account_id: int, kind: str, holder: str) -> bool:
    return bool(PushLease.objects.filter(account_id=account_id, kind=kind, holder=holder).update(
        expires_at=timezone.now() + LEASE_TTL))


def lease_release(*, account_id: int, kind: str, holder: str) -> None:
    PushLease.objects.filter(account_id=account_id, kind=kind, holder=holder).update(holder="", expires_at=None)
