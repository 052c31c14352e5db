"""django-q2 entry points for healing (thin: load, call one service)."""
from __future__ import annotations

from healing.services import knowledge_demote_weak


def knowledge_demote_task() -> dict[str, int]:
    return knowledge_demote_weak()
