"""Environment helpers: production requirements and the embedded default's local secrets."""
from __future__ import annotations

import base64
import os
import secrets
import warnings
from collections.abc import Mapping
from pathlib import Path

PRODUCTION_REQUIRED = ("DJANGO_SECRET_KEY", "FIELD_ENCRYPTION_KEYS", "DATABASE_URL", "ALLOWED_HOSTS")


class MissingProductionVariable(SystemExit):
    """Raised (as a clean exit) when production starts without a required variable."""


def require_production_variables(environ: Mapping[str, str]) -> None:
    missing = [name for name in PRODUCTION_REQUIRED if not environ.get(name, "").strip()]
    if missing:
        message = (
            "Bozor refuses to start with DJANGO_ENV=production: missing "
            + ", ".join(missing)
            + ". Set them in the environment (see README, Configuration)."
        )
        # SystemExit with a string prints it to stderr and exits with status 1.
        raise MissingProductionVariable(message)


def _read_or_create(path: Path, make: callable, what: str) -> str:
    if path.exists():
        return path.read_text().strip()
    value = make()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(value + "\n")
    warnings.warn(
        f"Generated a local {what} in {path} for the embedded default. "
        "Keep this file out of git; production must set the variable instead.",
        stacklevel=2,
    )
    return value


def local_secret_key(var_dir: Path) -> str:
    return _read_or_create(var_dir / "secret_key", lambda: secrets.token_urlsafe(50), "DJANGO_SECRET_KEY")


def new_field_key() -> str:
    """One key-ring entry: '<kid>:<urlsafe base64 of 32 random bytes>'."""
    kid = secrets.token_hex(4)
    return f"{kid}:{base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()}"


def local_field_keys(var_dir: Path) -> str:
    return _read_or_create(var_dir / "field_keys", new_field_key, "FIELD_ENCRYPTION_KEYS")
