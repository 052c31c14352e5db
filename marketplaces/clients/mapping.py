"""Helpers shared by the pure mappers."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from marketplaces.clients.errors import ContractChanged


def need(body: Any, key: str) -> Any:
    """body[key], or ContractChanged naming the field (never a bare KeyError/TypeError)."""
    if not isinstance(body, dict) or key not in body:
        raise ContractChanged(f"field '{key}' is missing from the marketplace answer")
    return body[key]


def parse_time(value: Any) -> datetime | None:
    if value in (None, ""):
        return None
    if isinstance(value, (int, float)):
        return datetime.fromtimestamp(value / 1000, tz=timezone.utc)  # epoch milliseconds (Uzum)
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise ContractChanged(f"'{value}' is not a date-time") from None
