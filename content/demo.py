"""Demo product data for tests and the bench: the 40-row demo catalogue expanded into variants
(colour x pack size), the way a seller lists one model in several colours and packs."""
from __future__ import annotations

from content.providers.base import ProductData
from partners.services.demo_catalog import demo_products

VARIANT_COLORS = ("чёрный", "белый", "синий", "серый", "красный")


def demo_variants(n: int = 1000) -> list[ProductData]:
    rows = demo_products()
    out = []
    for i in range(n):
        row = rows[i % len(rows)]
        k = i // len(rows)
        attrs = dict(row["attributes"])
        title = row["title"]
        color = VARIANT_COLORS[k % len(VARIANT_COLORS)]
        if "color" in attrs:
            title = title.replace(str(attrs["color"]), color)
        attrs["color"] = color
        if k // len(VARIANT_COLORS):
            attrs["count"] = 1 + k // len(VARIANT_COLORS)
        out.append(ProductData(
            sku=f"{row['sku']}-{k:02d}", title=title, description=row["description"], category=row["category"],
            brand=row["brand"], attributes=attrs, weight_g=row["weight_g"],
            dimensions_mm=(row["length_mm"], row["width_mm"], row["height_mm"])))
    return out
