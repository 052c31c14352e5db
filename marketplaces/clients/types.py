"""Neutral dataclasses spoken by services; vendor JSON never leaves a mappers module."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal


class Capability:
    CONNECTION = "connection"
    CARDS = "cards"
    MEDIA = "media"
    PRICES = "prices"
    STOCKS = "stocks"
    STOCKS_READ = "stocks_read"
    WAREHOUSES = "warehouses"
    ORDERS = "orders"
    ORDER_ACK = "order_ack"
    ORDER_SHIP = "order_ship"
    REVIEWS = "reviews"
    REVIEW_ANSWER = "review_answer"


@dataclass
class ProductCard:
    sku: str
    title: str
    description: str = ""
    brand: str = ""
    category_id: int | str | None = None
    barcode: str = ""
    price: Decimal | None = None
    currency: str = "UZS"
    weight_g: int = 0
    length_mm: int = 0
    width_mm: int = 0
    height_mm: int = 0
    images: list[str] = field(default_factory=list)
    attributes: dict = field(default_factory=dict)
    vendor_id: str = ""  # nmID / product_id / marketSku / productId once known


@dataclass
class PriceUpdate:
    sku: str
    price: Decimal
    old_price: Decimal | None = None
    currency: str = "UZS"
    vendor_id: str = ""  # nmID (WB), productId (Uzum)
    sku_id: str = ""     # Uzum skuId


@dataclass
class StockUpdate:
    sku: str
    quantity: int
    warehouse_id: str = ""
    vendor_id: str = ""  # chrtId (WB), skuId (Uzum)
    barcode: str = ""


@dataclass
class StockLevelRead:
    """What the marketplace holds now for one of our SKUs (stocks_read). `warehouse_id` is the
    vendor's warehouse as a string; "" where the vendor has no warehouse dimension (Uzum) or
    reports the SKU across several warehouses at once (Ozon, see OzonClient.stocks_read)."""
    sku: str
    quantity: int
    warehouse_id: str = ""


@dataclass
class Warehouse:
    id: str
    name: str
    active: bool = True


@dataclass
class OrderLine:
    sku: str
    quantity: int
    price: Decimal
    title: str = ""
    vendor_id: str = ""


@dataclass
class Order:
    id: str
    status: str
    created_at: datetime | None
    lines: list[OrderLine]
    warehouse_id: str = ""
    currency: str = "UZS"


@dataclass
class Review:
    id: str
    sku: str
    rating: int
    text: str
    author: str = ""
    created_at: datetime | None = None
    answered: bool = False


@dataclass
class ItemResult:
    key: str
    ok: bool
    code: str = ""
    message: str = ""
    vendor_id: str = ""


@dataclass
class BatchResult:
    items: list[ItemResult] = field(default_factory=list)
    requests: int = 0

    @property
    def ok(self) -> bool:
        return all(i.ok for i in self.items)

    @property
    def failed(self) -> list[ItemResult]:
        return [i for i in self.items if not i.ok]

    def extend(self, other: "BatchResult") -> None:
        self.items.extend(other.items)
        self.requests += other.requests


UpsertResult = BatchResult


@dataclass
class ConnectionReport:
    ok: bool
    account_name: str = ""
    details: dict = field(default_factory=dict)
