"""Server-side masking of recorded events (defence in depth: partner.js masks in the browser first).

Events carry DOM nodes as {"id", "t" (tag), "a" (attributes), "c" (children)} or {"id", "x" (text)}.
A field is secret when it is type=password, carries data-secret (itself or an ancestor), or has a
credential autocomplete hint. Its value is replaced by MASK wherever it appears."""
from __future__ import annotations

from typing import Any

from partners.services.audit import scrub

MASK = "••••••"
SECRET_AUTOCOMPLETE = {"current-password", "new-password", "one-time-code", "cc-number", "cc-csc", "cc-exp",
                       "cc-exp-month", "cc-exp-year"}
VALUE_ATTRS = ("value", "placeholder-value")


def is_secret_attrs(attrs: dict[str, Any]) -> bool:
    if str(attrs.get("type", "")).lower() == "password" or "data-secret" in attrs:
        return True
    hints = set(str(attrs.get("autocomplete", "")).lower().split())
    return bool(hints & SECRET_AUTOCOMPLETE)


class Masker:
    """Remembers which node ids are secret on the partner's current page, so later input and
    attribute events for those nodes are masked even if the browser forgot to."""

    def __init__(self) -> None:
        self.secret_ids: set[int] = set()

    def walk(self, node: Any, secret_parent: bool = False) -> None:
        if not isinstance(node, dict):
            return
        attrs = node.get("a") if isinstance(node.get("a"), dict) else {}
        secret = secret_parent or is_secret_attrs(attrs)
        if secret and "id" in node:
            self.secret_ids.add(node["id"])
            if "value" in attrs:
                attrs["value"] = MASK
            if "x" in node and node.get("x"):
                node["x"] = MASK
        for child in node.get("c") or []:
            self.walk(child, secret)

    def mask(self, kind: str, data: dict[str, Any]) -> dict[str, Any]:
        if kind == "snapshot":
            self.secret_ids.clear()
            self.walk(data.get("root"))
        elif kind == "mutation":
            for change in data.get("attrs") or []:
                if isinstance(change, dict) and change.get("id") in self.secret_ids and change.get("n") in VALUE_ATTRS:
                    change["v"] = MASK
            for text in data.get("texts") or []:
                if isinstance(text, dict) and text.get("id") in self.secret_ids:
                    text["x"] = MASK
            for kid in data.get("kids") or []:
                secret_parent = isinstance(kid, dict) and kid.get("p") in self.secret_ids
                for child in (kid.get("c") or []) if isinstance(kid, dict) else []:
                    self.walk(child, secret_parent)
        elif kind in ("input", "fill") and (data.get("id") in self.secret_ids or data.get("masked")
                                            or is_secret_attrs(data.get("a") or {})):
            data["value"], data["masked"] = MASK, True
        return data


def mask_event(kind: str, data: dict[str, Any], masker: Masker | None = None) -> dict[str, Any]:
    """Stateless pass (plus the connection's Masker if given), then the audit scrubber for
    secret-looking keys and key=value text."""
    data = (masker or Masker()).mask(kind, data)
    return scrub(data)
