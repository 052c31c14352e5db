"""Provider choice: settings.AI_PROVIDER is "offline" (embedded default) or "openai"."""
from __future__ import annotations

from django.conf import settings

from content.providers.base import AIProvider
from content.providers.offline import OfflineProvider


def provider_get() -> AIProvider:
    if settings.AI_PROVIDER == "openai":
        from content.providers.openai_provider import OpenAIProvider

        return OpenAIProvider.from_settings()
    return OfflineProvider()
