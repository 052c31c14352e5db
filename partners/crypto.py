"""AES-256-GCM key ring for encrypted model fields.

Stored form: ``enc1:<kid>:<urlsafe-b64(nonce || ciphertext+tag)>``. The first key of
FIELD_ENCRYPTION_KEYS encrypts, every key decrypts. The column's identity
(``app_label.model.field``) is the associated data, so a value copied into another column fails.
"""
from __future__ import annotations

import base64
import binascii
import os
from dataclasses import dataclass
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

PREFIX = "enc1"
NONCE_BYTES = 12  # 96-bit random nonce per value


class EncryptionError(Exception):
    """Base for key ring problems. Never carries plaintext or key material."""


class KeyRingInvalid(EncryptionError):
    pass


class DecryptionFailed(EncryptionError):
    pass


@dataclass(frozen=True)
class KeyRing:
    keys: dict[str, AESGCM]
    primary: str

    def encrypt(self, plaintext: str, *, aad: str) -> str:
        nonce = os.urandom(NONCE_BYTES)
        sealed = self.keys[self.primary].encrypt(nonce, plaintext.encode(), aad.encode())
        return f"{PREFIX}:{self.primary}:{base64.urlsafe_b64encode(nonce + sealed).decode()}"

    def decrypt(self, token: str, *, aad: str) -> str:
        kid, blob = token_parts(token)
        key = self.keys.get(kid)
        if key is None:
            raise DecryptionFailed(f"value for {aad} was encrypted with unknown key id {kid!r}")
        try:
            raw = base64.urlsafe_b64decode(blob.encode())
            return key.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], aad.encode()).decode()
        except (InvalidTag, binascii.Error, ValueError) as exc:
            raise DecryptionFailed(
                f"value for {aad} failed authentication (wrong key, tampered, or copied from another column)"
            ) from exc


def token_parts(token: str) -> tuple[str, str]:
    parts = token.split(":", 2)
    if len(parts) != 3 or parts[0] != PREFIX:
        raise DecryptionFailed("stored value is not an encrypted token")
    return parts[1], parts[2]


def token_key_id(token: str) -> str:
    return token_parts(token)[0]


@lru_cache(maxsize=8)
def _parse(spec: str) -> KeyRing:
    keys: dict[str, AESGCM] = {}
    order: list[str] = []
    for entry in filter(None, (item.strip() for item in spec.split(","))):
        kid, sep, b64 = entry.partition(":")
        if not sep or not kid:
            raise KeyRingInvalid("each FIELD_ENCRYPTION_KEYS entry must be '<key id>:<base64 32-byte key>'")
        try:
            raw = base64.urlsafe_b64decode(b64 + "=" * (-len(b64) % 4))
        except (binascii.Error, ValueError) as exc:
            raise KeyRingInvalid(f"key {kid!r} is not valid base64") from exc
        if len(raw) != 32:
            raise KeyRingInvalid(f"key {kid!r} must be 32 bytes (AES-256), got {len(raw)}")
        if kid in keys:
            raise KeyRingInvalid(f"key id {kid!r} appears twice")
        keys[kid] = AESGCM(raw)
        order.append(kid)
    if not order:
        raise KeyRingInvalid("FIELD_ENCRYPTION_KEYS is empty")
    return KeyRing(keys=keys, primary=order[0])


def key_ring() -> KeyRing:
    return _parse(settings.FIELD_ENCRYPTION_KEYS)
