"""Sync's periodic jobs, declared in code and upserted by `manage.py schedules_upsert`."""
from __future__ import annotations

from healing.schedules import Periodic

SCHEDULES: list[Periodic] = [
    # catches pushes whose job was lost with a killed worker (the Redis broker does not redeliver)
    Periodic(name="sync.outbox_sweep", func="marketplaces.sync.tasks.outbox_sweep_task", minutes=1),
    # partners with their own "partner-<id>-pull" schedule are skipped
    Periodic(name="sync.pulls_all", func="marketplaces.sync.tasks.pulls_all_task", minutes=10),
    Periodic(name="sync.reconcile", func="marketplaces.sync.tasks.reconcile_all_task", minutes=360),
]
