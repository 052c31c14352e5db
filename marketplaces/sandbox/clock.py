"""Sandbox time scale: documented periods are divided by the scale (100 => a 1-minute window
lasts 0.6 s), so tests run limits and async delays fast while keeping the vendors' ratios.
The runtime value (control API) lives in the DB, cached briefly so every process agrees."""
from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

_CACHE_KEY = "sandbox:time_scale"


def time_scale_get() -> float:
    value = cache.get(_CACHE_KEY)
    if value is None:
        from marketplaces.sandbox.models import SandboxSetting

        row = SandboxSetting.objects.filter(key="time_scale").first()
        value = float(row.value) if row else float(getattr(settings, "SANDBOX_TIME_SCALE", 1.0))
        cache.set(_CACHE_KEY, value, 2)
    return value


def time_scale_set(*, scale: float | None) -> float:
    """Set the runtime scale; None returns to settings.SANDBOX_TIME_SCALE."""
    from marketplaces.sandbox.models import SandboxSetting

    if scale is None:
        SandboxSetting.objects.filter(key="time_scale").delete()
    else:
        SandboxSetting.objects.update_or_create(key="time_scale", defaults={"value": float(scale)})
    cache.delete(_CACHE_KEY)
    return time_scale_get()


def scaled(seconds: float) -> float:
    """Real seconds that a documented vendor period lasts in the sandbox."""
    return seconds / max(time_scale_get(), 1e-6)


def later(seconds: float) -> datetime:
    return timezone.now() + timedelta(seconds=scaled(seconds))
