"""RFC 6238 TOTP (HMAC-SHA1, 30 s step, 6 digits) on the standard library, like authenticator apps."""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import struct
import time

STEP = 30
DIGITS = 6


def totp_secret_new() -> str:
    return base64.b32encode(secrets.token_bytes(20)).decode().rstrip("=")


def totp_code(*, secret: str, at: float | None = None) -> str:
    key = base64.b32decode(secret + "=" * (-len(secret) % 8), casefold=True)
    counter = int((time.time() if at is None else at) // STEP)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**DIGITS).zfill(DIGITS)


def totp_verify(*, secret: str, code: str, at: float | None = None, window: int = 1) -> bool:
    """Accept the current step and `window` steps either side (clock drift), compared in constant time."""
    now = time.time() if at is None else at
    return any(hmac.compare_digest(totp_code(secret=secret, at=now + i * STEP), code)
               for i in range(-window, window + 1))
