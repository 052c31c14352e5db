"""WB Content API emulator (content-api.wildberries.ru -> /sandbox/wb/content/).
Reference: wildberries.md §3 (product cards, async + error list) and §4 (media)."""
from __future__ import annotations

import uuid
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from marketplaces.sandbox.clock import later
from marketplaces.sandbox.models import SandboxCard, SandboxTask
from marketplaces.sandbox.pipeline import Ctx, VendorError, endpoint
from marketplaces.sandbox.services import ASYNC_SECONDS, card_ids_assign, cards_settle, task_create
from marketplaces.sandbox.wb.vendor import CONTENT

OK = {"data": None, "error": False, "errorText": "", "additionalErrors": None}


def _async_errors(variant: dict) -> list[str]:
    # Sandbox rule for asynchronous rejection (shows in /content/v2/cards/error/list):
    # a card without a title or without positive packed dimensions fails.
    errors = []
    if not str(variant.get("title") or "").strip():
        errors.append("title is required")
    dims = variant.get("dimensions") or {}
    if not all((dims.get(k) or 0) > 0 for k in ("length", "width", "height", "weightBrutto")):
        errors.append("dimensions: length, width, height and weightBrutto must be positive")
    return errors


def _store_variant(ctx: Ctx, variant: dict, card: SandboxCard | None) -> SandboxCard:
    sizes = variant.get("sizes") or [{}]
    card = card or SandboxCard(account=ctx.account, offer_id=variant["vendorCode"])
    card.title, card.data = str(variant.get("title") or "")[:500], variant
    card.price = Decimal(str(sizes[0].get("price"))) if sizes[0].get("price") is not None else card.price
    card.errors, card.status, card.ready_at = _async_errors(variant), SandboxCard.Status.PENDING, later(ASYNC_SECONDS)
    card.save()
    skus = sizes[0].get("skus") or []
    card.barcode = card.barcode or (skus[0] if skus else "")
    card_ids_assign(card)
    card.save()
    return card


def _batch_task(ctx: Ctx, cards: list[SandboxCard]) -> None:
    failed = {c.offer_id: c.errors for c in cards if c.errors}
    task_create(account=ctx.account, kind="wb_cards", payload={},
                result={"batchUUID": str(uuid.uuid4()), "errors": failed,
                        "subjects": {c.offer_id: str(c.data.get("subjectID", "")) for c in cards if c.errors},
                        "brands": {c.offer_id: c.data.get("brand", "") for c in cards if c.errors}})


# §3 "Create cards": POST /content/v2/cards/upload — 200 means accepted, outcome comes later.
@endpoint(CONTENT, "cards", body=True)
@transaction.atomic
def cards_upload(ctx: Ctx):
    if not isinstance(ctx.body, list) or not ctx.body:
        raise VendorError(400, "Invalid request format")
    if len(ctx.body) > 100:
        raise VendorError(400, "maximum 100 cards or card groups per request")
    variants = []
    for item in ctx.body:
        if not isinstance(item, dict) or not isinstance(item.get("subjectID"), int):
            raise VendorError(400, "subjectID is required")
        for variant in item.get("variants") or []:
            if not isinstance(variant, dict) or not variant.get("vendorCode"):
                raise VendorError(400, "vendorCode missing")
            variants.append(variant | {"subjectID": item["subjectID"]})
    if not variants:
        raise VendorError(400, "variants are required")
    taken = set(ctx.account.cards.filter(offer_id__in=[v["vendorCode"] for v in variants])
                .values_list("offer_id", flat=True))
    if taken:
        raise VendorError(400, "vendorCode is used in another card",
                          data={vc: "vendorCode is used in another card" for vc in sorted(taken)})
    _batch_task(ctx, [_store_variant(ctx, v, None) for v in variants])
    return 200, OK


# §3 "Update cards": POST /content/v2/cards/update — full overwrite by nmID, ≤3000, async.
@endpoint(CONTENT, "cards", body=True)
@transaction.atomic
def cards_update(ctx: Ctx):
    if not isinstance(ctx.body, list) or not ctx.body:
        raise VendorError(400, "Invalid request format")
    if len(ctx.body) > 3000:
        raise VendorError(400, "maximum 3000 cards per request")
    cards = []
    for item in ctx.body:
        if not isinstance(item, dict) or not isinstance(item.get("nmID"), int) or not item.get("vendorCode"):
            raise VendorError(400, "nmID and vendorCode are required")
        card = ctx.account.cards.filter(ext_id=item["nmID"]).first()
        if card is None:
            raise VendorError(400, "card not found", data={str(item["nmID"]): "nmID not found"})
        cards.append(_store_variant(ctx, item | {"subjectID": card.data.get("subjectID")}, card))
    _batch_task(ctx, cards)
    return 200, OK


def card_json(card: SandboxCard) -> dict:
    data, size = card.data, (card.data.get("sizes") or [{}])[0]
    return {"nmID": card.ext_id, "imtID": card.ext_id, "subjectID": data.get("subjectID"),
            "vendorCode": card.offer_id, "brand": data.get("brand", ""), "title": card.title,
            "description": data.get("description", ""), "dimensions": data.get("dimensions", {}),
            "characteristics": data.get("characteristics", []),
            "photos": [{"big": url} for url in card.media],
            "sizes": [{"chrtID": card.sku_id, "techSize": size.get("techSize", "0"),
                       "wbSize": size.get("wbSize", ""), "skus": [card.barcode] if card.barcode else []}],
            "createdAt": card.updated_at.isoformat(), "updatedAt": card.updated_at.isoformat()}


# §3 "List cards": POST /content/v2/get/cards/list — cursor {limit≤100, updatedAt, nmID}.
@endpoint(CONTENT, "content", body=True)
def cards_list(ctx: Ctx):
    settings_ = (ctx.body or {}).get("settings") if isinstance(ctx.body, dict) else None
    if not isinstance(settings_, dict):
        raise VendorError(400, "settings is required")
    cursor, flt = settings_.get("cursor") or {}, settings_.get("filter") or {}
    limit = cursor.get("limit", 100)
    if not isinstance(limit, int) or not 1 <= limit <= 100:
        raise VendorError(400, "cursor.limit must be 1..100")
    cards_settle(account=ctx.account)
    qs = ctx.account.cards.filter(status=SandboxCard.Status.READY).order_by("updated_at", "ext_id")
    if cursor.get("nmID") and cursor.get("updatedAt"):
        after = cursor["updatedAt"]
        qs = qs.filter(updated_at__gte=after).exclude(updated_at=after, ext_id__lte=cursor["nmID"])
    text = str(flt.get("textSearch") or "")
    if text:
        qs = [c for c in qs if text in (c.offer_id, str(c.ext_id), c.barcode)]
    page = list(qs[:limit])
    last = page[-1] if page else None
    return 200, {"cards": [card_json(c) for c in page],
                 "cursor": {"updatedAt": last.updated_at.isoformat() if last else None,
                            "nmID": last.ext_id if last else None, "total": len(page)}}


# §3 "Failed drafts": POST /content/v2/cards/error/list — batches keyed by vendorCode.
@endpoint(CONTENT, "cards", body=True)
def cards_error_list(ctx: Ctx):
    now = timezone.now()
    tasks = SandboxTask.objects.filter(account=ctx.account, kind="wb_cards", ready_at__lte=now).order_by("-id")
    items = [{"batchUUID": t.result["batchUUID"], "subjects": t.result["subjects"],
              "brands": t.result["brands"], "vendorCodes": sorted(t.result["errors"]),
              "errors": t.result["errors"], "updatedAt": t.ready_at.isoformat()}
             for t in tasks if t.result.get("errors")]
    return 200, {"data": {"items": items, "cursor": {"next": False, "updatedAt": now.isoformat(),
                                                       "batchUUID": items[-1]["batchUUID"] if items else ""}},
                 "error": False, "errorText": "", "additionalErrors": None}


# §4 "By URL": POST /content/v3/media/save — replaces the whole media set of nmId.
@endpoint(CONTENT, "media", body=True)
def media_save(ctx: Ctx):
    body = ctx.body
    if not isinstance(body, dict) or not isinstance(body.get("nmId"), int) or not isinstance(body.get("data"), list):
        raise VendorError(400, "nmId and data are required")
    urls = body["data"]
    if len(urls) > 30:
        raise VendorError(400, "maximum 30 media files per card")
    if any(not isinstance(u, str) or not u.startswith(("http://", "https://")) for u in urls):
        raise VendorError(400, "media links must be direct http(s) URLs")
    card = ctx.account.cards.filter(ext_id=body["nmId"]).first()
    if card is None:
        raise VendorError(400, "nmId not found", data={str(body["nmId"]): "card not found"})
    card.media = urls
    card.save(update_fields=["media", "updated_at"])
    return 200, OK


# §1 "ping": GET /ping on every host — a cheap token check per category.
def ping_view(vendor):
    @endpoint(vendor, "auth", resource="ping")
    def ping(ctx: Ctx):
        return 200, {"TS": timezone.now().isoformat(), "Status": "OK"}

    return ping
