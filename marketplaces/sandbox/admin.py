"""Staff page: the sandbox request log (read-only), so a demo can show what was uploaded."""
from __future__ import annotations

from django.contrib import admin
from unfold.admin import ModelAdmin

from marketplaces.sandbox.models import SandboxRequestLog


@admin.register(SandboxRequestLog)
class SandboxRequestLogAdmin(ModelAdmin):
    list_display = ("id", "created_at", "vendor", "group", "method", "path", "status", "duration_ms", "fault", "account")
    list_filter = ("vendor", "group", "status", "method")
    search_fields = ("path",)
    readonly_fields = [f.name for f in SandboxRequestLog._meta.fields]
    list_select_related = ("account",)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
