"""403/404/500 pages with a retry link and support contact; JSON body for API paths."""
from django.conf import settings
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _

from partners.api.errors import error_body


def _wants_json(request) -> bool:
    return request.path.startswith("/api/")


def forbidden(request, exception=None):
    if _wants_json(request):
        return JsonResponse(error_body("permission_denied", _("You do not have permission to do this.")), status=403)
    return render(request, "errors/403.html", status=403)


def csrf_failure(request, reason=""):
    """A form sent with an expired or missing security token (often: a tab left open for hours)."""
    if _wants_json(request):
        return JsonResponse(error_body("csrf_failed", _("The security token is missing or expired. Reload and "
                                                        "try again.")), status=403)
    return render(request, "errors/403.html", {"csrf_failed": True}, status=403)


def not_found(request, exception=None):
    if _wants_json(request):
        return JsonResponse(error_body("not_found", _("Not found.")), status=404)
    return render(request, "errors/404.html", status=404)


def server_error(request):
    if _wants_json(request):
        return JsonResponse(error_body("server_error", _("Something went wrong on our side. Try again; if it "
                                                         "persists, contact support.")), status=500)
    # No request context: context processors may touch the session or database that just failed.
    try:
        html = loader.get_template("errors/500.html").render({"SUPPORT_EMAIL": settings.SUPPORT_EMAIL})
    except Exception:  # the error page itself must never fail
        html = "<h1>Server error</h1><p>Try again later.</p>"
    return HttpResponseServerError(html)
