"""Periodic jobs, declared in code; `manage.py schedules_upsert` writes them to django-q2."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Periodic:
    name: str
    func: str
    minutes: int


SCHEDULES: list[Periodic] = [
    Periodic(name="healing.knowledge_demote", func="healing.tasks.knowledge_demote_task", minutes=60),
]
