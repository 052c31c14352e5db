"""The portal's UI versions. The same controls get other ids, classes, labels, field names and
positions per version (see README.md for the selector table). The views read form fields through
these maps, so a version switch changes what a browser must send, as on a redesigned real cabinet."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class UiVersion:
    login_field: str
    password_field: str
    otp_fields: tuple[str, ...]          # v3 splits the code into one input per digit
    product_fields: dict[str, str] = field(default_factory=dict)  # our name -> form field name
    stock_field: str = "stock"


PRODUCT_KEYS = ("title", "sku", "price", "category", "description", "stock")

VERSIONS: dict[str, UiVersion] = {
    "v1": UiVersion(
        login_field="login", password_field="password", otp_fields=("code",),
        product_fields={k: k for k in PRODUCT_KEYS}, stock_field="stock"),
    "v2": UiVersion(
        login_field="username", password_field="pass", otp_fields=("otp",),
        product_fields={"title": "name", "sku": "article", "price": "price_uzs", "category": "category_id",
                        "description": "about", "stock": "qty"},
        stock_field="qty"),
    "v3": UiVersion(
        login_field="u", password_field="p", otp_fields=tuple(f"d{i}" for i in range(1, 7)),
        product_fields={"title": "product-title", "sku": "vendor-code", "price": "price-sum",
                        "category": "category", "description": "desc", "stock": "quantity"},
        stock_field="amount"),
}


def template(version: str, page: str) -> str:
    return f"portal/{version}/{page}.html"
