from django.contrib import admin
from unfold.admin import ModelAdmin

from content.models import AICall, AISettings, BudgetAlert, ContentDraft, ContentPublication, GenerationJob, ModelPrice


@admin.register(ModelPrice)
class ModelPriceAdmin(ModelAdmin):
    """Staff keep the price table current; every AI call's cost is computed from it."""
    list_display = ("model", "input_per_1k", "output_per_1k", "per_image", "updated_at")
    list_editable = ("input_per_1k", "output_per_1k", "per_image")
    search_fields = ("model",)


@admin.register(AISettings)
class AISettingsAdmin(ModelAdmin):
    list_display = ("partner", "automation_level", "monthly_budget", "alert_threshold_pct", "refunds_allowed",
                    "language")
    list_filter = ("automation_level", "language")
    search_fields = ("partner__legal_name",)


@admin.register(AICall)
class AICallAdmin(ModelAdmin):
    list_display = ("created_at", "partner", "purpose", "provider", "model", "input_tokens", "output_tokens",
                    "images", "cost", "ok", "error_code")
    list_filter = ("purpose", "provider", "ok")
    search_fields = ("partner__legal_name", "model")
    readonly_fields = [f.name for f in AICall._meta.fields]


@admin.register(ContentDraft)
class ContentDraftAdmin(ModelAdmin):
    list_display = ("id", "partner", "kind", "marketplace", "status", "cost", "created_at")
    list_filter = ("kind", "status", "marketplace")
    search_fields = ("partner__legal_name", "product__sku")
    raw_id_fields = ("product", "review")


@admin.register(ContentPublication)
class ContentPublicationAdmin(ModelAdmin):
    list_display = ("id", "partner", "kind", "marketplace", "status", "intent", "created_at")
    list_filter = ("intent__status", "kind", "marketplace")
    raw_id_fields = ("draft", "product", "review", "account", "intent")


admin.site.register(BudgetAlert, ModelAdmin)
admin.site.register(GenerationJob, ModelAdmin)
