"""Public sync services other apps call (the onboarding wizard's go-live step)."""
from __future__ import annotations

from marketplaces.sync.jobs import partner_schedules_start

__all__ = ["partner_schedules_start"]
