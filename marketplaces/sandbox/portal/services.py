"""Writes and checks of the portal emulator: accounts, login, 2FA, sessions, products, control."""
from __future__ import annotations

import hmac
import re
import secrets
from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django.contrib.auth.hashers import check_password, make_password
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplaces.sandbox.portal.models import PortalAccount, PortalProduct, PortalSession, PortalSettings
from marketplaces.sandbox.portal.totp import totp_secret_new, totp_verify

OTP_MAX_FAILURES = 5


class PortalInvalid(Exception):
    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def settings_get() -> PortalSettings:
    return PortalSettings.objects.get_or_create(pk=1)[0]


def settings_update(*, ui_version: str | None = None, captcha_enabled: bool | None = None,
                    session_lifetime_seconds: int | None = None) -> PortalSettings:
    current = settings_get()
    if ui_version is not None:
        if ui_version not in PortalSettings.UiVersion.values:
            raise PortalInvalid({"version": f"must be one of {PortalSettings.UiVersion.values}"})
        current.ui_version = ui_version
    if captcha_enabled is not None:
        current.captcha_enabled = bool(captcha_enabled)
    if session_lifetime_seconds is not None:
        if not isinstance(session_lifetime_seconds, int) or isinstance(session_lifetime_seconds, bool) \
                or not 1 <= session_lifetime_seconds <= 86400 * 30:
            raise PortalInvalid({"seconds": "must be a whole number of seconds from 1 to 2592000"})
        current.session_lifetime_seconds = session_lifetime_seconds
    current.save()
    return current


def phone_normalize(value: str) -> str:
    digits = re.sub(r"\D", "", value or "")
    return f"+{digits}" if digits else ""


def _random_digits(n: int) -> str:
    return "".join(secrets.choice("0123456789") for _ in range(n))


@transaction.atomic
def account_create(*, phone: str = "", email: str = "", password: str = "", shop_name: str = "",
                   otp_code: str = "") -> tuple[PortalAccount, dict]:
    """Returns the account and its credentials (the password and codes are shown only here)."""
    phone = phone_normalize(phone) or f"+99890{_random_digits(7)}"
    if not re.fullmatch(r"\+\d{9,15}", phone):
        raise PortalInvalid({"phone": "must hold 9 to 15 digits"})
    email = (email or f"seller{_random_digits(8)}@sandbox.uzum.test").strip().lower()
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
        raise PortalInvalid({"email": "is not an e-mail address"})
    password = password or secrets.token_urlsafe(12)
    otp_code = otp_code or _random_digits(6)
    if not re.fullmatch(r"\d{6}", otp_code):
        raise PortalInvalid({"otp_code": "must be 6 digits"})
    shop_id = (PortalAccount.objects.order_by("-shop_id").values_list("shop_id", flat=True).first() or 200000) + 1
    try:
        with transaction.atomic():
            account = PortalAccount.objects.create(
                shop_id=shop_id, shop_name=shop_name or f"Sandbox shop {shop_id}", phone=phone, email=email,
                password_hash=make_password(password), otp_code=otp_code, totp_secret=totp_secret_new())
    except IntegrityError:
        raise PortalInvalid({"login": "an account with this phone or e-mail exists"}) from None
    return account, {"login": account.phone, "email": account.email, "password": password,
                     "otp_code": account.otp_code, "totp_secret": account.totp_secret}


def account_authenticate(*, login: str, password: str) -> PortalAccount | None:
    login = (login or "").strip()
    query = {"email": login.lower()} if "@" in login else {"phone": phone_normalize(login)}
    account = PortalAccount.objects.filter(**query).first() if login else None
    if account is None or not check_password(password or "", account.password_hash):
        return None
    return account


def session_start(*, account: PortalAccount) -> PortalSession:
    lifetime = settings_get().session_lifetime_seconds
    return PortalSession.objects.create(key=secrets.token_urlsafe(32), account=account,
                                        expires_at=timezone.now() + timedelta(seconds=lifetime))


def session_find(*, key: str | None) -> tuple[PortalSession | None, bool]:
    """(live session or None, whether the key named a session that has expired)."""
    if not key:
        return None, False
    session = PortalSession.objects.select_related("account").filter(key=key).first()
    if session is None:
        return None, True  # unknown key: expired and swept, or reset
    if session.expires_at <= timezone.now():
        session.delete()
        return None, True
    return session, False


def session_verify_otp(*, session: PortalSession, code: str) -> bool:
    """The fixed code or the current TOTP; too many misses end the session (login again)."""
    account = session.account
    code = re.sub(r"\s", "", code or "")
    ok = bool(re.fullmatch(r"\d{6}", code)) and (
        hmac.compare_digest(code, account.otp_code) or totp_verify(secret=account.totp_secret, code=code))
    if ok:
        session.verified = True
        session.save(update_fields=["verified"])
        return True
    session.otp_failures += 1
    if session.otp_failures >= OTP_MAX_FAILURES:
        session.delete()
    else:
        session.save(update_fields=["otp_failures"])
    return False


def sessions_expire_all() -> int:
    return PortalSession.objects.update(expires_at=timezone.now() - timedelta(seconds=1))


def _product_clean(data: dict, *, account: PortalAccount, partial_stock_only: bool = False) -> dict:
    errors: dict[str, str] = {}
    clean: dict = {}
    stock_raw = str(data.get("stock") or "").strip()
    if not stock_raw.isdigit() or int(stock_raw) > 1_000_000:
        errors["stock"] = _("Enter a whole number from 0 to 1000000.")
    else:
        clean["stock"] = int(stock_raw)
    if partial_stock_only:
        if errors:
            raise PortalInvalid({k: str(v) for k, v in errors.items()})
        return clean
    title = str(data.get("title") or "").strip()
    if not 3 <= len(title) <= 255:
        errors["title"] = _("The title needs 3 to 255 characters.")
    sku = str(data.get("sku") or "").strip()
    if not re.fullmatch(r"[A-Za-z0-9._-]{1,64}", sku):
        errors["sku"] = _("The SKU takes 1 to 64 letters, digits, dots, dashes or underscores.")
    elif PortalProduct.objects.filter(account=account, sku=sku).exists():
        errors["sku"] = _("A product with this SKU exists.")
    try:
        price = Decimal(str(data.get("price") or "").replace(" ", "").replace(",", "."))
        if not price.is_finite() or price <= 0 or price >= Decimal("1e12"):
            raise InvalidOperation
        clean["price"] = price.quantize(Decimal("0.01"))
    except InvalidOperation:
        errors["price"] = _("Enter a price in so'm greater than 0.")
    category = str(data.get("category") or "")
    if category not in PortalProduct.Category.values:
        errors["category"] = _("Choose a category.")
    description = str(data.get("description") or "").strip()
    if len(description) > 5000:
        errors["description"] = _("The description is limited to 5000 characters.")
    if errors:
        raise PortalInvalid({k: str(v) for k, v in errors.items()})
    return clean | {"title": title, "sku": sku, "category": category, "description": description}


@transaction.atomic
def product_create(*, account: PortalAccount, data: dict) -> PortalProduct:
    clean = _product_clean(data, account=account)
    last = PortalProduct.objects.select_for_update().order_by("-product_id").values_list("product_id", flat=True).first()
    return PortalProduct.objects.create(account=account, product_id=(last or 3300000) + 1, **clean)


@transaction.atomic
def product_stock_set(*, product: PortalProduct, stock: str) -> PortalProduct:
    product.stock = _product_clean({"stock": stock}, account=product.account, partial_stock_only=True)["stock"]
    product.save(update_fields=["stock", "updated_at"])
    return product


@transaction.atomic
def portal_reset() -> None:
    PortalSession.objects.all().delete()
    PortalProduct.objects.all().delete()
    PortalAccount.objects.all().delete()
    PortalSettings.objects.all().delete()
