"""Periodic jobs for remote help; `manage.py schedules_upsert` writes them to django-q2.
A safety net: connected consoles and partner pages expire their sessions on time themselves."""
from __future__ import annotations

from healing.schedules import Periodic

SCHEDULES: list[Periodic] = [
    Periodic(name="remote.session_expire_due", func="remote.tasks.session_expire_due_task", minutes=1),
]
