"""The rate-limit bound both client benches compare against (bench/ is on sys.path for them)."""
from __future__ import annotations


def serial_bound(pacer, group: str, call_s: list[float], cost_each: float) -> float:
    """The shortest time one sender (calls one after another, as a client sends a batch and the
    dispatcher sends per account) could take: call j cannot start before the vendor's limit allows
    it (`pacer.bound(group, j)`, from a full bucket, for any window alignment) and then it and every
    later call still take their time on the wire. j = 1 is the plain wire time; the last j is the
    limit's own bound plus the last call."""
    best, tail = 0.0, 0.0
    for j in range(len(call_s), 0, -1):
        tail += call_s[j - 1]
        best = max(best, pacer.bound(group, j, cost_each=cost_each) + tail)
    return best
