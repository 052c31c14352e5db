"""Staff see each partner's onboarding step and where partners get stuck."""
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin

from onboarding.models import OnboardingJob, OnboardingState
from onboarding.steps import BY_NUMBER


@admin.register(OnboardingState)
class OnboardingStateAdmin(ModelAdmin):
    list_display = ("partner", "step", "done", "minutes_spent", "slowest_step", "stuck_at", "last_error_short",
                    "updated_at", "finished_at")
    list_filter = ("current_step", "last_error_step")
    search_fields = ("partner__legal_name", "last_error")
    list_select_related = ("partner",)
    readonly_fields = ("partner", "current_step", "completed_steps", "answers", "step_seconds", "step_started_at",
                       "last_error", "last_error_step", "started_at", "updated_at", "finished_at")
    ordering = ("-updated_at",)

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("Step"), ordering="current_step")
    def step(self, obj):
        return f"{obj.current_step}. {BY_NUMBER[obj.current_step].title}"

    @admin.display(description=_("Done"))
    def done(self, obj):
        return f"{len(obj.completed_steps)}/9"

    @admin.display(description=_("Minutes spent"))
    def minutes_spent(self, obj):
        return round(sum(obj.step_seconds.values()) / 60, 1)

    @admin.display(description=_("Slowest step"))
    def slowest_step(self, obj):
        if not obj.step_seconds:
            return "—"
        number, seconds = max(obj.step_seconds.items(), key=lambda kv: kv[1])
        return f"{BY_NUMBER[int(number)].title} ({round(seconds / 60, 1)} min)"

    @admin.display(description=_("Stuck at"))
    def stuck_at(self, obj):
        return BY_NUMBER[obj.last_error_step].title if obj.last_error_step else "—"

    @admin.display(description=_("Last error"))
    def last_error_short(self, obj):
        return (obj.last_error[:80] + "…") if len(obj.last_error) > 80 else (obj.last_error or "—")


@admin.register(OnboardingJob)
class OnboardingJobAdmin(ModelAdmin):
    """Connection tests and test runs as the partner saw them: each check with its message and hint."""
    list_display = ("partner", "kind", "account", "status", "ok", "failed_check", "seconds", "created_at")
    list_filter = ("kind", "status", "ok")
    search_fields = ("partner__legal_name",)
    list_select_related = ("partner", "account")
    readonly_fields = ("partner", "kind", "account", "status", "ok", "steps", "result", "created_at", "started_at",
                       "finished_at")
    ordering = ("-pk",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("Failed check"))
    def failed_check(self, obj):
        failed = next((s for s in obj.steps if s.get("status") == "failed"), None)
        return f"{failed['name']}: {failed.get('message', '')}"[:100] if failed else "—"
