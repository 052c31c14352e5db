"""Remote help in the extended admin: the session list, "request access" (the add form), the live
console and replay. Extra screens hang off RemoteSessionAdmin.get_urls (STYLE §3)."""
from __future__ import annotations


from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from partners.selectors import product_list
from remote.actions import REGISTRY
from remote.errors import NotAllowed, RemoteError
from remote.forms import SessionRequestForm
from remote.models import RemoteSession
from remote.selectors import event_list, event_replay, session_get_for_admin, session_get_for_staff
from remote.services import session_cancel, session_request


def _console_text() -> dict:
    return {
        "state": _t("State"), "action": _t("Action"), "you": _t("You"), "partner": _t("Partner"),
        "error": _t("Error"), "refused": _t("Refused"), "closed": _t("Disconnected"), "sending": _t("Sending…"),
        "waiting": _t("Waiting for the partner to approve…"),
        "pick": _t("Click a field in the partner's page first."),
        "codes": {"4401": _t("Not signed in"), "4403": _t("Not allowed"), "4404": _t("No such session"),
                  "4405": _t("Level too low for this action"), "4408": _t("Session expired"),
                  "4409": _t("Session not active")},
    }


@admin.register(RemoteSession)
class RemoteSessionAdmin(admin.ModelAdmin):
    list_display = ("id", "partner", "admin", "state", "level", "minutes", "created_at", "expires_at", "links")
    list_filter = ("state", "level")
    search_fields = ("partner__legal_name", "reason", "admin__email")
    list_select_related = ("partner", "admin")
    readonly_fields = ("partner", "admin", "reason", "requested_level", "level", "minutes", "state", "created_at",
                       "approved_at", "approved_by", "expires_at", "closed_at", "closed_by", "events_count")
    fields = readonly_fields

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # recordings are part of the audit trail

    @admin.display(description=_("events"))
    def events_count(self, obj: RemoteSession) -> int:
        return event_list(session=obj).count()

    @admin.display(description=_("open"))
    def links(self, obj: RemoteSession) -> str:
        return format_html('<a href="{}">{}</a> · <a href="{}">{}</a>',
                           reverse("admin:remote_console", args=[obj.pk]), _t("console"),
                           reverse("admin:remote_replay", args=[obj.pk]), _t("replay"))

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/console/", wrap(self.console_view), name="remote_console"),
            path("<int:pk>/replay/", wrap(self.replay_view), name="remote_replay"),
            path("<int:pk>/cancel/", wrap(require_POST(self.cancel_view)), name="remote_cancel"),
        ] + super().get_urls()

    def _context(self, request: HttpRequest, **extra) -> dict:
        return {**self.admin_site.each_context(request), "opts": self.model._meta, **extra}

    def add_view(self, request: HttpRequest, form_url: str = "", extra_context=None) -> HttpResponse:
        """"Add" means: ask a partner for access."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = SessionRequestForm(request.POST or None, initial={"partner": request.GET.get("partner")})
        if request.method == "POST" and form.is_valid():
            try:
                session = session_request(admin=request.user, **form.cleaned_data)
            except RemoteError as exc:
                form.add_error(None, str(exc.message))
            else:
                messages.success(request, _t("Request sent. The console opens when the partner approves."))
                return redirect("admin:remote_console", session.pk)
        return TemplateResponse(request, "remote/admin_request.html",
                                self._context(request, form=form, title=_t("Request remote access")))

    def console_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        try:
            session = session_get_for_admin(user=request.user, pk=pk)
        except NotAllowed:
            raise PermissionDenied from None
        actions = [a for a in REGISTRY.values() if a.level == "execute"]
        return TemplateResponse(request, "remote/admin_console.html", self._context(
            request, session=session, title=_t("Remote session #%(id)s") % {"id": session.pk},
            products=product_list(partner=session.partner).order_by("sku")[:500], actions=actions,
            ws_path=f"/ws/remote/admin/{session.pk}/", console_text=_console_text()))

    def replay_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        try:
            session = session_get_for_staff(user=request.user, pk=pk)
        except NotAllowed:
            raise PermissionDenied from None
        return TemplateResponse(request, "remote/admin_replay.html", self._context(
            request, session=session, events=event_replay(session=session),
            title=_t("Replay of remote session #%(id)s") % {"id": session.pk}))

    def cancel_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        try:
            session_cancel(session=session_get_for_staff(user=request.user, pk=pk), admin=request.user)
        except RemoteError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _t("Request cancelled."))
        return redirect("admin:remote_remotesession_changelist")


