"""Pages of the Uzum seller portal emulator (HTML for browser automation). Every page states what it
is in stable markers that do not change between UI versions: <body data-portal-page=...>,
[data-portal-notice=...] and [data-portal-error=...]; controls change per version (see ui.py)."""
from __future__ import annotations

import secrets
from functools import wraps

from django.conf import settings
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from marketplaces.sandbox.portal import services
from marketplaces.sandbox.portal.models import PortalProduct
from marketplaces.sandbox.portal.ui import VERSIONS, template

COOKIE = "uzum_portal_session"
CAPTCHA_COOKIE = "uzum_portal_captcha"
CAPTCHA_SALT = "sandbox-portal-captcha"
CAPTCHA_PASS_SECONDS = 600


def _page(request: HttpRequest, page: str, ctx: dict | None = None, *, status: int = 200) -> HttpResponse:
    version = request.portal_settings.ui_version
    context = {"ui": version, "page": page, "base_template": template(version, "base"),
               "categories": PortalProduct.Category.choices, "session": getattr(request, "portal_session", None)}
    name = "portal/captcha.html" if page == "captcha" else template(version, page.replace("-", "_"))
    return render(request, name, context | (ctx or {}), status=status)


def portal_page(*, verified: bool | None):
    """verified=True: needs a session past 2FA; False: needs a session waiting for 2FA; None: none."""
    def wrap(fn):
        @wraps(fn)
        def view(request: HttpRequest, *args, **kwargs):
            if not getattr(settings, "SANDBOX_ENABLED", False):
                raise Http404
            request.portal_settings = services.settings_get()
            session, expired = services.session_find(key=request.COOKIES.get(COOKIE))
            request.portal_session = session
            if verified is not None and (session is None or session.verified != verified):
                if session is not None:  # logged in already, or still at the 2FA step
                    return redirect("sandbox-portal:products" if session.verified else "sandbox-portal:otp")
                response = redirect(reverse("sandbox-portal:login") + ("?reason=expired" if expired else ""))
                response.delete_cookie(COOKIE)
                return response
            return fn(request, *args, **kwargs)
        return view
    return wrap


def _captcha_passed(request: HttpRequest) -> bool:
    try:
        return signing.loads(request.COOKIES.get(CAPTCHA_COOKIE, ""), salt=CAPTCHA_SALT + "-pass",
                             max_age=CAPTCHA_PASS_SECONDS) == "ok"
    except signing.BadSignature:
        return False


def _captcha_page(request: HttpRequest, *, wrong: bool = False, status: int = 200) -> HttpResponse:
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    challenge = signing.dumps({"a": a, "b": b, "n": secrets.token_hex(4)}, salt=CAPTCHA_SALT)
    return _page(request, "captcha", {"a": a, "b": b, "challenge": challenge, "wrong": wrong}, status=status)


@require_http_methods(["GET", "POST"])
@portal_page(verified=None)
def login(request: HttpRequest) -> HttpResponse:
    session = request.portal_session
    if session is not None:
        return redirect("sandbox-portal:products" if session.verified else "sandbox-portal:otp")
    if request.portal_settings.captcha_enabled and not _captcha_passed(request):
        return _captcha_page(request, status=200 if request.method == "GET" else 403)
    ui = VERSIONS[request.portal_settings.ui_version]
    notice = "session-expired" if request.GET.get("reason") == "expired" else ""
    if request.method == "GET":
        return _page(request, "login", {"notice": notice})
    login_value = request.POST.get(ui.login_field, "")
    account = services.account_authenticate(login=login_value, password=request.POST.get(ui.password_field, ""))
    if account is None:
        return _page(request, "login", {"error": "bad-credentials", "login_value": login_value}, status=401)
    session = services.session_start(account=account)
    response = redirect("sandbox-portal:otp")
    response.set_cookie(COOKIE, session.key, httponly=True, samesite="Lax")  # browser-session cookie; the server expires it
    return response


@require_http_methods(["POST"])
@portal_page(verified=None)
def captcha(request: HttpRequest) -> HttpResponse:
    try:
        data = signing.loads(request.POST.get("challenge", ""), salt=CAPTCHA_SALT, max_age=CAPTCHA_PASS_SECONDS)
        solved = str(data["a"] + data["b"]) == request.POST.get("answer", "").strip()
    except (signing.BadSignature, KeyError, TypeError):
        solved = False
    if not solved:
        return _captcha_page(request, wrong=True, status=403)
    response = redirect("sandbox-portal:login")
    response.set_cookie(CAPTCHA_COOKIE, signing.dumps("ok", salt=CAPTCHA_SALT + "-pass"), httponly=True,
                        samesite="Lax", max_age=CAPTCHA_PASS_SECONDS)
    return response


@require_http_methods(["GET", "POST"])
@portal_page(verified=False)
def otp(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _page(request, "otp")
    ui = VERSIONS[request.portal_settings.ui_version]
    code = "".join(request.POST.get(name, "").strip() for name in ui.otp_fields)
    if services.session_verify_otp(session=request.portal_session, code=code):
        return redirect("sandbox-portal:products")
    if request.portal_session.pk is None:  # too many misses: the session is gone
        response = redirect(reverse("sandbox-portal:login") + "?reason=expired")
        response.delete_cookie(COOKIE)
        return response
    return _page(request, "otp", {"error": "bad-code"}, status=401)


@require_http_methods(["GET"])
@portal_page(verified=True)
def products(request: HttpRequest) -> HttpResponse:
    items = request.portal_session.account.products.all()
    notice = request.GET.get("notice") if request.GET.get("notice") in ("product-created", "stock-saved") else ""
    return _page(request, "products", {"products": items, "notice": notice})


@require_http_methods(["GET", "POST"])
@portal_page(verified=True)
def product_new(request: HttpRequest) -> HttpResponse:
    ui = VERSIONS[request.portal_settings.ui_version]
    if request.method == "GET":
        return _page(request, "product-form", {"values": {}, "errors": {}})
    values = {key: request.POST.get(name, "") for key, name in ui.product_fields.items()}
    try:
        services.product_create(account=request.portal_session.account, data=values)
    except services.PortalInvalid as exc:
        return _page(request, "product-form", {"values": values, "errors": exc.errors, "error": "invalid"}, status=400)
    return redirect(reverse("sandbox-portal:products") + "?notice=product-created")


@require_http_methods(["GET", "POST"])
@portal_page(verified=True)
def product_stock(request: HttpRequest, product_id: int) -> HttpResponse:
    product = get_object_or_404(PortalProduct, product_id=product_id, account=request.portal_session.account)
    if request.method == "GET":
        return _page(request, "stock-form", {"product": product, "errors": {}})
    ui = VERSIONS[request.portal_settings.ui_version]
    try:
        services.product_stock_set(product=product, stock=request.POST.get(ui.stock_field, ""))
    except services.PortalInvalid as exc:
        product.refresh_from_db()
        return _page(request, "stock-form", {"product": product, "errors": exc.errors, "error": "invalid"}, status=400)
    return redirect(reverse("sandbox-portal:products") + "?notice=stock-saved")


@require_http_methods(["POST"])
@portal_page(verified=None)
def logout(request: HttpRequest) -> HttpResponse:
    if request.portal_session is not None:
        request.portal_session.delete()
    response = redirect("sandbox-portal:login")
    response.delete_cookie(COOKIE)
    return response
