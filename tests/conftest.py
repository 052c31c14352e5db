"""Helpers for tests that run Bozor in subprocesses (settings, health, run command)."""
from __future__ import annotations

import os
import socket
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
# Variables of the test run that must not leak into a subprocess that tests another set-up.
_SCRUBBED = ("DJANGO_SETTINGS_MODULE", "DJANGO_ENV", "DATABASE_URL", "REDIS_URL", "Q_SYNC", "SENTRY_DSN",
             "DJANGO_SECRET_KEY", "FIELD_ENCRYPTION_KEYS", "ALLOWED_HOSTS", "PORT", "PUBLIC_BASE_URL")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def clean_env(var_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a fresh shell: embedded default in `var_dir`, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if k not in _SCRUBBED}
    env.update(DJANGO_SETTINGS_MODULE="config.settings", BOZOR_VAR_DIR=str(var_dir), PYTHONUNBUFFERED="1")
    env.update(extra)
    return env


@pytest.fixture
def port() -> int:
    return free_port()
