"""The typed error tree every marketplace client raises (STYLE §5). Messages never hold a credential."""
from __future__ import annotations

from dataclasses import dataclass


class MarketplaceError(Exception):
    retryable = False
    user_fixable = False
    kind = "unknown"

    def __init__(self, message: str = "", *, status: int | None = None, group: str = "", vendor_code: str = ""):
        super().__init__(message or self.__class__.__name__)
        self.message, self.status, self.group, self.vendor_code = message, status, group, vendor_code


class AuthRejected(MarketplaceError):
    user_fixable = True
    kind = "auth"


@dataclass
class ItemError:
    key: str
    code: str
    message: str


class Rejected(MarketplaceError):
    user_fixable = True
    kind = "validation"

    def __init__(self, message: str = "", *, items: list[ItemError] | None = None, **kwargs):
        super().__init__(message, **kwargs)
        self.items = items or []


class NotFound(Rejected):
    kind = "not_found"


class RateLimited(MarketplaceError):
    retryable = True
    kind = "rate_limit"

    def __init__(self, message: str = "", *, retry_after: float = 1.0, **kwargs):
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class Unavailable(MarketplaceError):
    retryable = True
    kind = "unavailable"


class Timeout(Unavailable):
    kind = "timeout"


class NetworkError(Unavailable):
    kind = "network"


class Maintenance(Unavailable):
    kind = "maintenance"


class ContractChanged(MarketplaceError):
    kind = "contract"


class NotSupported(MarketplaceError):
    kind = "not_supported"


class CaptchaRequired(MarketplaceError):
    user_fixable = True
    kind = "captcha"

    def __init__(self, message: str = "", *, screenshot: str = "", **kwargs):
        super().__init__(message, **kwargs)
        self.screenshot = screenshot


class SessionExpired(MarketplaceError):
    retryable = True
    kind = "session_expired"


class SelectorNotFound(MarketplaceError):
    kind = "selector"

    def __init__(self, message: str = "", *, selector: str = "", screenshot: str = "", **kwargs):
        super().__init__(message, **kwargs)
        self.selector, self.screenshot = selector, screenshot

