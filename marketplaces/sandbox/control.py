"""Control API under /_sandbox/ (JSON): accounts, faults, time scale, limiter drain, reset, log.
Only mounted when settings.SANDBOX_ENABLED; every view re-checks it (production stays closed)."""
from __future__ import annotations

import json
from functools import wraps

from django.conf import settings
from django.http import Http404, HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from marketplaces.sandbox import generator, selectors, services
from marketplaces.sandbox.clock import time_scale_get, time_scale_set
from marketplaces.sandbox.faults import tcp_nodelay
from marketplaces.sandbox.hosts import HOSTS, VENDOR_BASES, absolute
from marketplaces.sandbox.models import SandboxAccount, SandboxFault


class BadInput(Exception):
    pass


def control(fn):
    @csrf_exempt
    @wraps(fn)
    def view(request: HttpRequest, *args, **kwargs):
        if not getattr(settings, "SANDBOX_ENABLED", False):
            raise Http404
        tcp_nodelay(request)
        try:
            body = json.loads(request.body or b"{}") if request.method in ("POST", "PUT", "PATCH") else {}
            if not isinstance(body, dict):
                raise BadInput("the body must be a JSON object")
            status, data = fn(request, body, *args, **kwargs)
        except (BadInput, ValueError) as exc:
            return JsonResponse({"error": {"code": "invalid", "message": str(exc), "details": {}}}, status=400)
        except SandboxAccount.DoesNotExist:
            return JsonResponse({"error": {"code": "not_found", "message": "no such sandbox account", "details": {}}}, status=404)
        return JsonResponse(data, status=status, safe=False)

    return view


def root(request: HttpRequest):
    """GET /sandbox/ (and / on the standalone server): real vendor host -> sandbox base URL."""
    if not getattr(settings, "SANDBOX_ENABLED", False):
        raise Http404
    base = request.build_absolute_uri("/")
    return JsonResponse({"hosts": {host: absolute(path, base) for host, path in HOSTS.items()},
                         "control": absolute("/_sandbox/", base)})


@control
def accounts(request, body):
    if request.method == "GET":
        return 200, {"accounts": selectors.accounts_list()}
    if request.method != "POST":
        raise BadInput("use GET or POST")
    vendor = body.get("vendor")
    if vendor not in VENDOR_BASES:
        raise BadInput(f"vendor must be one of {sorted(VENDOR_BASES)}")
    token_type = body.get("token_type", "personal")
    if token_type not in SandboxAccount.TokenType.values:
        raise BadInput("token_type must be personal or base")
    account, creds = services.account_create(
        vendor=vendor, name=str(body.get("name") or ""), token_type=token_type, seed=int(body.get("seed", 1)),
        categories=body.get("categories"), demo_cards=int(body.get("demo_cards", 0)))
    root_url = request.build_absolute_uri("/")
    return 201, selectors.account_json(account) | {
        "credentials": creds, "base_urls": {k: absolute(v, root_url) for k, v in VENDOR_BASES[vendor].items()}}


@control
def account_cards(request, body, account_id: int):
    account = SandboxAccount.objects.get(pk=account_id)
    card = services.card_seed(account=account, offer_id=str(body.get("offer_id") or ""), title=str(body.get("title") or ""),
                              price=body.get("price"), stock=int(body.get("stock", 0)))
    return 201, selectors.card_json(card)


BULK_MAX = 50_000


@control
def account_cards_bulk(request, body, account_id: int):
    """POST {"count": n}: n ready cards at once (load tests); returns their ids."""
    account = SandboxAccount.objects.get(pk=account_id)
    count = int(body.get("count", 0))
    if not 1 <= count <= BULK_MAX:
        raise BadInput(f"count must be between 1 and {BULK_MAX}")
    cards = services.cards_bulk_create(account=account, n=count)
    return 201, {"cards": [{"offer_id": c.offer_id, "ext_id": c.ext_id, "sku_id": c.sku_id, "barcode": c.barcode}
                           for c in cards]}


@control
def account_stocks(request, body, account_id: int):
    """GET ?warehouse=<ext id>&offer_id=a&offer_id=b: units per offer id in one warehouse."""
    SandboxAccount.objects.get(pk=account_id)
    warehouse = request.GET.get("warehouse")
    return 200, {"stocks": selectors.stocks_map(account_id=account_id,
                                                warehouse_ext_id=int(warehouse) if warehouse else None,
                                                offer_ids=request.GET.getlist("offer_id") or None)}


@control
def account_generate(request, body, account_id: int):
    account = SandboxAccount.objects.get(pk=account_id)
    return 200, generator.activity_generate(account=account, steps=int(body.get("steps", 1)))


@control
def faults(request, body):
    if request.method == "GET":
        return 200, {"faults": selectors.faults_list()}
    if request.method == "DELETE":
        return 200, {"deleted": services.faults_clear(account_id=request.GET.get("account"))}
    kind = body.get("kind")
    if kind not in SandboxFault.Kind.values:
        raise BadInput(f"kind must be one of {SandboxFault.Kind.values}")
    account = SandboxAccount.objects.get(pk=body["account"]) if body.get("account") else None
    fault = services.fault_set(account=account, vendor=str(body.get("vendor") or ""), group=str(body.get("group") or "*"),
                               kind=kind, params=body.get("params") or {}, count=body.get("count"),
                               probability=body.get("probability"), seed=int(body.get("seed", 0)))
    return 201, selectors.fault_json(fault)


@control
def fault_delete(request, body, fault_id: int):
    deleted, _ = SandboxFault.objects.filter(pk=fault_id).delete()
    return (200, {"deleted": deleted}) if deleted else (404, {"error": {"code": "not_found", "message": "no such fault", "details": {}}})


@control
def time_scale(request, body):
    if request.method == "POST":
        scale = body.get("scale")
        if scale is not None and (not isinstance(scale, (int, float)) or not 0.01 <= scale <= 10000):
            raise BadInput("scale must be a number in 0.01..10000 (or null for the setting)")
        return 200, {"scale": time_scale_set(scale=scale)}
    return 200, {"scale": time_scale_get()}


@control
def limits_drain(request, body):
    account = SandboxAccount.objects.get(pk=body.get("account"))
    drained = services.limit_drain_for(account=account, resource=str(body.get("resource") or ""),
                                       remaining=int(body.get("remaining", 0)))
    if not drained:
        raise BadInput("unknown resource for this vendor")
    return 200, {"drained": drained}


@control
def reset(request, body):
    services.sandbox_reset(vendor=body.get("vendor"))
    return 200, {"reset": True}


@control
def log(request, body):
    q = request.GET
    return 200, {"requests": selectors.log_list(account_id=q.get("account"), vendor=q.get("vendor"),
                                                group=q.get("group"), after=int(q.get("after", 0) or 0),
                                                limit=min(int(q.get("limit", 200) or 200), 1000))}
