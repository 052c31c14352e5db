"""Staff admin (django-unfold theme): every partner's data, read-only audit log.

Staff (`is_staff`) see all partners here; partner users are not staff and the admin sends them to
its login page. django-q2 registers its own task views (Success, Failure, Schedule, Queue).
"""
from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin, TabularInline
from unfold.forms import AdminPasswordChangeForm, UserChangeForm, UserCreationForm

from partners.models import AuditEvent, Partner, Product, StockLevel, User, Warehouse


class UserInline(TabularInline):
    model = User
    fields = ("email", "role", "is_active", "last_login")
    readonly_fields = ("email", "last_login")
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # users are created through the user form (it sets the password)


class WarehouseInline(TabularInline):
    model = Warehouse
    fields = ("name", "location", "capacity_kg", "storage_type")
    extra = 0
    show_change_link = True


@admin.register(Partner)
class PartnerAdmin(ModelAdmin):
    list_display = ("legal_name", "inn", "email", "phone", "status", "created_at")
    list_filter = ("status",)
    search_fields = ("legal_name", "inn", "email", "phone")
    readonly_fields = ("created_at", "updated_at")
    inlines = [UserInline, WarehouseInline]


class BozorUserCreationForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("email",)


class BozorUserChangeForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(DjangoUserAdmin, ModelAdmin):
    """Email login: no username anywhere (User.save mirrors email into username)."""

    form = BozorUserChangeForm
    add_form = BozorUserCreationForm
    change_password_form = AdminPasswordChangeForm
    ordering = ("email",)
    list_display = ("email", "partner", "role", "is_staff", "is_active", "last_login")
    list_filter = ("is_staff", "is_active", "role", "partner")
    search_fields = ("email", "first_name", "last_name", "partner__legal_name")
    list_select_related = ("partner",)
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Partner"), {"fields": ("partner", "role")}),
        (_("Personal info"), {"fields": ("first_name", "last_name")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),
        (_("Partner"), {"fields": ("partner", "role")}),
    )
    autocomplete_fields = ("partner",)


@admin.register(Warehouse)
class WarehouseAdmin(ModelAdmin):
    list_display = ("name", "partner", "location", "storage_type", "capacity_kg")
    list_filter = ("storage_type", "partner")
    search_fields = ("name", "location", "partner__legal_name")
    list_select_related = ("partner",)
    autocomplete_fields = ("partner",)


class StockInline(TabularInline):
    model = StockLevel
    fields = ("warehouse", "quantity", "reserved")
    extra = 0


@admin.register(Product)
class ProductAdmin(ModelAdmin):
    list_display = ("sku", "title", "partner", "brand", "category", "price", "currency", "updated_at")
    list_filter = ("partner", "currency", "category", "brand")
    search_fields = ("sku", "title", "barcode", "brand", "partner__legal_name")
    list_select_related = ("partner",)
    autocomplete_fields = ("partner",)
    readonly_fields = ("created_at", "updated_at")
    inlines = [StockInline]


@admin.register(StockLevel)
class StockLevelAdmin(ModelAdmin):
    list_display = ("product", "warehouse", "quantity", "reserved", "updated_at")
    list_filter = ("warehouse__partner", "warehouse")
    search_fields = ("product__sku", "product__title", "warehouse__name")
    list_select_related = ("product", "warehouse")
    autocomplete_fields = ("product", "warehouse")


@admin.register(AuditEvent)
class AuditEventAdmin(ModelAdmin):
    """The audit log is evidence: staff may read and search it, never add, change or delete."""

    list_display = ("created_at", "action", "partner", "actor", "target_repr", "ip")
    list_filter = ("action", "partner")
    search_fields = ("action", "target_repr", "target_id", "actor__email", "partner__legal_name")
    list_select_related = ("partner", "actor")
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
