"""One interface for every AI provider, neutral dataclasses, and one error tree.

Services speak only these types; they never import `openai`. The error tree follows the project
style: `retryable` says a later attempt may work, `user_fixable` says the partner (or the operator
configuring keys) can fix it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol


@dataclass(frozen=True)
class Usage:
    input_tokens: int = 0
    output_tokens: int = 0
    images: int = 0


@dataclass(frozen=True)
class ProductData:
    """What a provider may know about a product (never the partner's secrets)."""
    sku: str
    title: str
    description: str = ""
    category: str = ""
    brand: str = ""
    attributes: dict[str, Any] = field(default_factory=dict)
    weight_g: int = 0
    dimensions_mm: tuple[int, int, int] = (0, 0, 0)


@dataclass(frozen=True)
class CardRequest:
    product: ProductData
    marketplace: str
    language: str
    required_attributes: tuple[str, ...] = ()
    fix_messages: tuple[str, ...] = ()   # validator's messages from a rejected attempt


@dataclass
class Card:
    title: str
    description: str
    attributes: dict[str, Any]
    keywords: list[str]

    def as_dict(self) -> dict[str, Any]:
        return {"title": self.title, "description": self.description, "attributes": self.attributes,
                "keywords": self.keywords}


@dataclass(frozen=True)
class CardResult:
    card: Card
    model: str
    usage: Usage


@dataclass(frozen=True)
class ReplyRequest:
    text: str
    rating: int | None
    language: str
    product_title: str
    refunds_allowed: bool
    sentiment: str
    topics: tuple[str, ...]
    author: str = ""
    fix_messages: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReplyResult:
    text: str
    model: str
    usage: Usage


@dataclass(frozen=True)
class ImageRequest:
    prompt: str
    size: tuple[int, int]


@dataclass(frozen=True)
class ImageResult:
    data: bytes          # PNG or JPEG bytes, any size: the compositor fits them
    model: str
    usage: Usage


class AIError(Exception):
    retryable = False
    user_fixable = False
    code = "ai_error"


class AIAuthFailed(AIError):
    """401/403: the key is missing, wrong or revoked."""
    user_fixable = True
    code = "ai_auth_failed"


class AIRateLimited(AIError):
    retryable = True
    code = "ai_rate_limited"

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class AITimeout(AIError):
    retryable = True
    code = "ai_timeout"


class AIUnavailable(AIError):
    """Connection refused/reset or a 5xx from the provider."""
    retryable = True
    code = "ai_unavailable"


class AIBadOutput(AIError):
    """The provider answered, but not with the JSON shape we asked for."""
    retryable = True
    code = "ai_bad_output"


class AIProvider(Protocol):
    name: str
    text_model: str
    image_model: str

    def card_generate(self, request: CardRequest) -> CardResult: ...
    def review_reply(self, request: ReplyRequest) -> ReplyResult: ...
    def image_generate(self, request: ImageRequest) -> ImageResult: ...
