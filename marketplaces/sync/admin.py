"""Staff admin for the outbox: operations with their attempts, intents, orders, reviews, job
progress; "retry now" on failed operations and intents calls the same service the dispatcher uses."""
from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin, TabularInline

from marketplaces.sync.dispatch import intent_ids_retry, operation_retry
from marketplaces.sync.models import Attempt, Intent, JobProgress, Operation, Order, Review


class AttemptInline(TabularInline):
    model = Attempt
    extra = 0
    can_delete = False
    fields = ("number", "started_at", "ok", "duration_ms", "http_status", "error_kind", "error_message", "job_id")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Operation)
class OperationAdmin(ModelAdmin):
    list_display = ("created_at", "account", "kind", "status", "items", "items_failed", "job_id", "finished_at")
    list_filter = ("status", "kind")
    search_fields = ("job_id", "account__partner__legal_name")
    list_select_related = ("account__partner",)
    readonly_fields = ("account", "kind", "status", "items", "items_failed", "job_id", "detail", "finished_at")
    inlines = [AttemptInline]
    actions = ["retry_now"]

    @admin.action(description=_("Retry now (failed items of the selected operations)"))
    def retry_now(self, request, queryset):
        count = sum(operation_retry(operation=op, actor=request.user) for op in queryset)
        messages.success(request, _("%(n)d item(s) queued again.") % {"n": count})

    def has_add_permission(self, request):
        return False


@admin.register(Intent)
class IntentAdmin(ModelAdmin):
    list_display = ("id", "created_at", "account", "kind", "key", "status", "sent_at")
    list_filter = ("status", "kind")
    search_fields = ("key",)
    list_select_related = ("account__partner",)
    readonly_fields = ("partner", "account", "kind", "key", "payload", "status", "operation", "sent_at")
    actions = ["retry_now"]

    @admin.action(description=_("Retry now (failed intents)"))
    def retry_now(self, request, queryset):
        count = intent_ids_retry(ids=list(queryset.values_list("id", flat=True)), actor=request.user)
        messages.success(request, _("%(n)d item(s) queued again.") % {"n": count})

    def has_add_permission(self, request):
        return False


@admin.register(Order)
class OrderAdmin(ModelAdmin):
    list_display = ("external_id", "partner", "account", "status", "placed_at", "has_unmapped_lines")
    list_filter = ("status", "has_unmapped_lines")
    search_fields = ("external_id", "partner__legal_name")


@admin.register(Review)
class ReviewAdmin(ModelAdmin):
    list_display = ("external_id", "partner", "account", "rating", "answer_status", "written_at")
    list_filter = ("answer_status", "rating")


@admin.register(JobProgress)
class JobProgressAdmin(ModelAdmin):
    list_display = ("name", "partner", "done", "total", "finished", "updated_at")
