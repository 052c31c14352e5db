from django.contrib import admin
from unfold.admin import ModelAdmin

from healing.models import CircuitBreaker, ErrorEvent, KnowledgeEntry, Notification, Ticket


class ReadOnlyAdmin(ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ErrorEvent)
class ErrorEventAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "partner", "operation", "error_class", "http_status", "action_taken", "recovered")
    list_filter = ("error_class", "recovered", "operation")
    search_fields = ("signature", "message", "partner__legal_name")
    list_select_related = ("partner",)


@admin.register(KnowledgeEntry)
class KnowledgeEntryAdmin(ModelAdmin):
    list_display = ("signature", "action", "attempts", "successes", "success_rate", "demoted", "updated_at")
    list_filter = ("error_class", "action", "demoted")
    search_fields = ("signature",)
    readonly_fields = ("attempts", "successes")


@admin.register(Ticket)
class TicketAdmin(ModelAdmin):
    list_display = ("title", "partner", "status", "occurrences", "assignee", "created_at")
    list_filter = ("status",)
    search_fields = ("title", "signature", "partner__legal_name")
    readonly_fields = ("error_event", "signature", "occurrences")
    list_select_related = ("partner", "assignee")


@admin.register(CircuitBreaker)
class CircuitBreakerAdmin(ReadOnlyAdmin):
    list_display = ("account", "endpoint_group", "state", "consecutive_failures", "opened_at", "updated_at")
    list_filter = ("state", "endpoint_group")


@admin.register(Notification)
class NotificationAdmin(ModelAdmin):
    list_display = ("created_at", "user", "level", "title", "read_at")
    list_filter = ("level",)
    search_fields = ("title", "user__email")
