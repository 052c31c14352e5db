"""Tenancy: partners, their users, warehouses, products, stock, and the one audit log."""
from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class TimeStamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Partner(TimeStamped):
    class Status(models.TextChoices):
        ONBOARDING = "onboarding", _("Onboarding")
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")

    legal_name = models.CharField(_("legal name"), max_length=200)
    inn = models.CharField(_("INN"), max_length=12, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.ONBOARDING)

    class Meta:
        ordering = ["legal_name"]

    def __str__(self) -> str:
        return self.legal_name


class EmailUserManager(UserManager):
    def _create_user(self, username, email, password, **extra_fields):  # type: ignore[override]
        email = self.normalize_email(email or username)
        user = self.model(email=email, username=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):  # type: ignore[override]
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(None, email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):  # type: ignore[override]
        extra_fields.update(is_staff=True, is_superuser=True)
        return self._create_user(None, email, password, **extra_fields)


class User(AbstractUser):
    """Logs in by email. A partner user has `partner` set; Bozor staff have `is_staff`."""

    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        STAFF = "staff", _("Staff")

    email = models.EmailField(_("email"), unique=True)
    partner = models.ForeignKey(Partner, null=True, blank=True, on_delete=models.CASCADE, related_name="users")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.OWNER)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []
    objects = EmailUserManager()

    def save(self, *args, **kwargs):
        # username mirrors email so AbstractUser's unique username never blocks a sign-up.
        self.username = self.email
        super().save(*args, **kwargs)


class Warehouse(TimeStamped):
    class StorageType(models.TextChoices):
        DRY = "dry", _("Dry")
        CHILLED = "chilled", _("Chilled")
        FROZEN = "frozen", _("Frozen")
        HAZARDOUS = "hazardous", _("Hazardous")

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="warehouses")
    name = models.CharField(_("name"), max_length=120)
    location = models.CharField(_("location"), max_length=300, blank=True)
    capacity_kg = models.PositiveIntegerField(_("capacity, kg"), default=0)
    storage_type = models.CharField(_("storage type"), max_length=16, choices=StorageType.choices,
                                    default=StorageType.DRY)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["partner", "name"], name="warehouse_name_unique_per_partner")]

    def __str__(self) -> str:
        return self.name


class Product(TimeStamped):
    class Currency(models.TextChoices):
        UZS = "UZS", "UZS"
        RUB = "RUB", "RUB"
        USD = "USD", "USD"

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="products")
    sku = models.CharField(_("SKU"), max_length=64)
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    attributes = models.JSONField(_("attributes"), default=dict, blank=True)
    brand = models.CharField(_("brand"), max_length=120, blank=True)
    category = models.CharField(_("category"), max_length=200, blank=True)
    barcode = models.CharField(_("barcode"), max_length=32, blank=True)
    price = models.DecimalField(_("price"), max_digits=14, decimal_places=2, default=Decimal("0"),
                                validators=[MinValueValidator(Decimal("0"))])
    cost = models.DecimalField(_("cost"), max_digits=14, decimal_places=2, default=Decimal("0"),
                               validators=[MinValueValidator(Decimal("0"))])
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, default=Currency.UZS)
    weight_g = models.PositiveIntegerField(_("weight, g"), default=0)
    length_mm = models.PositiveIntegerField(_("length, mm"), default=0)
    width_mm = models.PositiveIntegerField(_("width, mm"), default=0)
    height_mm = models.PositiveIntegerField(_("height, mm"), default=0)
    images = models.JSONField(_("image URLs"), default=list, blank=True)

    class Meta:
        ordering = ["sku"]
        constraints = [
            models.UniqueConstraint(fields=["partner", "sku"], name="product_sku_unique_per_partner"),
            models.CheckConstraint(condition=Q(price__gte=0) & Q(cost__gte=0), name="product_money_not_negative"),
        ]
        indexes = [models.Index(fields=["partner", "title"])]

    def __str__(self) -> str:
        return f"{self.sku} {self.title}"


class StockLevel(TimeStamped):
    """Units of one product in one warehouse. Available = quantity - reserved."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="stock_levels")
    warehouse = models.ForeignKey(Warehouse, on_delete=models.CASCADE, related_name="stock_levels")
    quantity = models.PositiveIntegerField(_("quantity"), default=0)
    reserved = models.PositiveIntegerField(_("reserved"), default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["product", "warehouse"], name="stock_unique_product_warehouse"),
            models.CheckConstraint(condition=Q(reserved__lte=F("quantity")), name="stock_reserved_le_quantity"),
        ]

    @property
    def available(self) -> int:
        return self.quantity - self.reserved


class AuditEvent(models.Model):
    """One row per change that matters, from every app. `data` never holds secrets."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    partner = models.ForeignKey(Partner, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=100, db_index=True)
    target_type = models.CharField(max_length=100, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_repr = models.CharField(max_length=200, blank=True)
    data = models.JSONField(default=dict, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["partner", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target_repr}"
