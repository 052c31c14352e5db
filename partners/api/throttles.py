from rest_framework.settings import api_settings
from rest_framework.throttling import UserRateThrottle


class BulkUpsertThrottle(UserRateThrottle):
    """Per-user limit on bulk upserts (each call may write 1,000 products), on top of the
    general per-user rate. Rate: REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["bulk_upsert"]."""

    scope = "bulk_upsert"

    def get_rate(self) -> str | None:
        # Read at request time, not at import (DRF's THROTTLE_RATES is bound once), so a changed
        # setting takes effect without a restart of the class.
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
