"""Control API of the portal emulator under /_sandbox/uzum-portal/ (JSON, stable error body).
Closed (404) unless settings.SANDBOX_ENABLED, checked on every call."""
from __future__ import annotations

import json
from functools import wraps

from django.conf import settings
from django.http import Http404, HttpRequest, JsonResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from marketplaces.sandbox.portal import services
from marketplaces.sandbox.portal.models import PortalAccount, PortalProduct, PortalSettings


def _error(status: int, code: str, message: str, details: dict | None = None) -> JsonResponse:
    return JsonResponse({"error": {"code": code, "message": message, "details": details or {}}}, status=status)


def control(*methods: str):
    def wrap(fn):
        @csrf_exempt
        @wraps(fn)
        def view(request: HttpRequest, *args, **kwargs):
            if not getattr(settings, "SANDBOX_ENABLED", False):
                raise Http404
            if request.method not in methods:
                return _error(405, "method_not_allowed", f"use {' or '.join(methods)}")
            try:
                body = json.loads(request.body or b"{}") if request.method == "POST" else {}
            except ValueError:
                return _error(400, "invalid", "the body is not valid JSON")
            if not isinstance(body, dict):
                return _error(400, "invalid", "the body must be a JSON object")
            try:
                status, data = fn(request, body, *args, **kwargs)
            except services.PortalInvalid as exc:
                return _error(400, "invalid", str(exc), exc.errors)
            except PortalAccount.DoesNotExist:
                return _error(404, "not_found", "no such portal account")
            return JsonResponse(data, status=status)
        return view
    return wrap


def settings_json(current: PortalSettings) -> dict:
    return {"ui_version": current.ui_version, "ui_versions": PortalSettings.UiVersion.values,
            "captcha_enabled": current.captcha_enabled, "session_lifetime_seconds": current.session_lifetime_seconds}


def account_json(account: PortalAccount) -> dict:
    return {"id": account.pk, "shop_id": account.shop_id, "shop_name": account.shop_name,
            "login": account.phone, "email": account.email, "products": account.products.count()}


def product_json(product: PortalProduct) -> dict:
    return {"product_id": product.product_id, "title": product.title, "sku": product.sku, "price": str(product.price),
            "category": product.category, "description": product.description, "stock": product.stock,
            "created_at": product.created_at.isoformat(), "updated_at": product.updated_at.isoformat()}


@control("GET", "POST")
def accounts(request, body):
    if request.method == "GET":
        return 200, {"accounts": [account_json(a) for a in PortalAccount.objects.order_by("id")]}
    fields = {k: body.get(k) or "" for k in ("phone", "email", "password", "shop_name", "otp_code")}
    if any(not isinstance(v, str) for v in fields.values()):
        raise services.PortalInvalid({k: "must be a string" for k, v in fields.items() if not isinstance(v, str)})
    account, creds = services.account_create(**fields)
    return 201, account_json(account) | {"credentials": creds,
                                         "portal_url": request.build_absolute_uri(reverse("sandbox-portal:login"))}


@control("GET")
def account_products(request, body, account_id: int):
    account = PortalAccount.objects.get(pk=account_id)
    return 200, {"account_id": account.pk, "products": [product_json(p) for p in account.products.all()]}


@control("GET")
def config(request, body):
    return 200, settings_json(services.settings_get())


@control("POST")
def ui_version(request, body):
    return 200, settings_json(services.settings_update(ui_version=str(body.get("version", ""))))


@control("POST")
def captcha(request, body):
    if not isinstance(body.get("enabled"), bool):
        raise services.PortalInvalid({"enabled": "must be true or false"})
    return 200, settings_json(services.settings_update(captcha_enabled=body["enabled"]))


@control("POST")
def session_lifetime(request, body):
    if body.get("seconds") is None:
        raise services.PortalInvalid({"seconds": "is required"})
    return 200, settings_json(services.settings_update(session_lifetime_seconds=body.get("seconds")))


@control("POST")
def sessions_expire(request, body):
    return 200, {"expired": services.sessions_expire_all()}


@control("POST")
def reset(request, body):
    services.portal_reset()
    return 200, settings_json(services.settings_get())
