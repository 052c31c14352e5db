"""The registry of what an admin may do for a partner in a session: the extension point.

Each action declares the level it needs ("edit" or "execute") and runs on the server under the
session's partner (objects are loaded through partner-scoped selectors, so another tenant's rows
are unreachable). It returns a small dict: `summary` (shown live to the partner) and optionally
`forward` (a command for the partner's browser, e.g. fill a field or click)."""
from __future__ import annotations

import base64
import binascii
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from partners.selectors import product_get
from partners.services.catalog import product_update
from remote.errors import InvalidInput
from remote.models import RemoteSession

Runner = Callable[..., dict[str, Any]]


@dataclass(frozen=True)
class RemoteAction:
    name: str
    label: Any
    level: str  # "edit" or "execute"
    run: Runner
    unrecorded: tuple[str, ...] = ()  # params kept out of the recording (e.g. file bytes)


REGISTRY: dict[str, RemoteAction] = {}


def register(name: str, *, label: Any, level: str, unrecorded: tuple[str, ...] = ()) -> Callable[[Runner], Runner]:
    def wrap(func: Runner) -> Runner:
        REGISTRY[name] = RemoteAction(name=name, label=label, level=level, run=func, unrecorded=unrecorded)
        return func
    return wrap


def action_get(name: str) -> RemoteAction:
    try:
        return REGISTRY[name]
    except KeyError:
        raise InvalidInput(_("Unknown action.")) from None


def _partner_product(session: RemoteSession, params: dict[str, Any]):
    try:
        return product_get(partner=session.partner, pk=int(params.get("product_id") or 0))
    except (Http404, ValueError):
        raise InvalidInput(_("No such product on this partner's account.")) from None


def _node_id(params: dict[str, Any]) -> int:
    try:
        return int(params["id"])
    except (KeyError, TypeError, ValueError):
        raise InvalidInput(_("Pick an element on the partner's page first.")) from None


@register("product.update", label=_("Edit a product (title, price, description)"), level="edit")
def product_update_action(*, session: RemoteSession, actor: Any, params: dict[str, Any]) -> dict[str, Any]:
    product = _partner_product(session, params)
    data: dict[str, Any] = {k: str(params[k]).strip() for k in ("title", "description") if params.get(k) not in
                            (None, "")}
    if params.get("price") not in (None, ""):
        try:
            data["price"] = Decimal(str(params["price"]))
        except InvalidOperation:
            raise InvalidInput(_("The price must be a number, e.g. 125000.00.")) from None
    if not data:
        raise InvalidInput(_("Nothing to change: give a title, price or description."))
    try:
        product = product_update(product=product, data=data, actor=actor)
    except ValidationError as exc:
        raise InvalidInput("; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())) from None
    return {
        "summary": _t("Product %(sku)s updated: %(fields)s") % {"sku": product.sku, "fields": ", ".join(sorted(data))},
        "product": {"id": product.pk, "sku": product.sku, "title": product.title, "price": str(product.price),
                    "description": product.description},
    }


IMAGE_TYPES = {b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpg"}
MAX_UPLOAD_BYTES = 2 * 1024 * 1024


def _image_kind(data: bytes) -> str | None:
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    return next((ext for magic, ext in IMAGE_TYPES.items() if data.startswith(magic)), None)


@register("product.image_add", label=_("Upload a product image"), level="edit", unrecorded=("content",))
def product_image_add(*, session: RemoteSession, actor: Any, params: dict[str, Any]) -> dict[str, Any]:
    """The admin uploads an image (base64 in `content`) and it is added to the product's images."""
    product = _partner_product(session, params)
    try:
        data = base64.b64decode(str(params.get("content", "")), validate=True)
    except (binascii.Error, ValueError):
        raise InvalidInput(_("The file could not be read; choose it again.")) from None
    if not data or len(data) > MAX_UPLOAD_BYTES:
        raise InvalidInput(_("Choose an image of up to 2 MB."))
    ext = _image_kind(data)
    if ext is None:
        raise InvalidInput(_("Only PNG, JPEG or WebP images can be uploaded."))
    path = default_storage.save(f"partners/{session.partner_id}/remote/{uuid.uuid4().hex}.{ext}", ContentFile(data))
    url = default_storage.url(path)
    product_update(product=product, data={"images": [*product.images, url]}, actor=actor)
    return {"summary": _t("Image added to product %(sku)s") % {"sku": product.sku}, "url": url,
            "product": {"id": product.pk, "sku": product.sku}}


@register("browser.fill", label=_("Fill a form field on the partner's page"), level="edit")
def browser_fill(*, session: RemoteSession, actor: Any, params: dict[str, Any]) -> dict[str, Any]:
    node, value = _node_id(params), str(params.get("value", ""))[:2000]
    return {"summary": _t("Support filled a field on your page."),
            "forward": {"op": "fill", "id": node, "tab": params.get("tab"), "value": value}}


@register("browser.click", label=_("Click on the partner's page"), level="edit")
def browser_click(*, session: RemoteSession, actor: Any, params: dict[str, Any]) -> dict[str, Any]:
    node = _node_id(params)
    return {"summary": _t("Support clicked on your page."),
            "forward": {"op": "click", "id": node, "tab": params.get("tab")}}


# Placeholders: the marketplace connection and sync subsystems land later. Until then these only
# record the request (session event + audit row via action_run) so support sees it was asked for.
@register("marketplace.test_connection", label=_("Test marketplace connection"), level="execute")
def test_connection(*, session: RemoteSession, actor: Any, params: dict[str, Any]) -> dict[str, Any]:
    return {"summary": _t("Connection test requested (recorded; runs when the connection checker is available)."),
            "status": "recorded", "account": params.get("account")}


@register("sync.retry", label=_("Retry sync"), level="execute")
def sync_retry(*, session: RemoteSession, actor: Any, params: dict[str, Any]) -> dict[str, Any]:
    return {"summary": _t("Sync retry requested (recorded; runs when the sync engine is available)."),
            "status": "recorded", "account": params.get("account")}
