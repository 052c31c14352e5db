"""Staff admin for marketplace accounts: credentials are never shown (masked, last 4 characters at
most) nor editable here; opening an account is recorded in the audit log without the value."""
from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from marketplaces.models import MarketplaceAccount
from marketplaces.services.accounts import credentials_masked
from partners.services.audit import audit_record


@admin.register(MarketplaceAccount)
class MarketplaceAccountAdmin(admin.ModelAdmin):
    list_display = ("partner", "marketplace", "auth_mode", "is_sandbox", "status", "last_checked_at")
    list_filter = ("marketplace", "status", "is_sandbox")
    search_fields = ("partner__legal_name",)
    exclude = ("credentials", "portal_cookies")
    readonly_fields = ("credentials_display", "last_checked_at")

    @admin.display(description=_("credentials"))
    def credentials_display(self, obj: MarketplaceAccount) -> str:
        return ", ".join(f"{k}: {v}" for k, v in credentials_masked(obj).items()) or "—"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        account = self.get_object(request, object_id)
        if account is not None:
            audit_record(action="marketplace_account.admin_view", actor=request.user, target=account,
                         data={"keys": sorted(account.credentials or {})}, ip=request.META.get("REMOTE_ADDR"))
        return super().change_view(request, object_id, form_url, extra_context)
