"""Method dispatch for emulator routes: one path, one handler per HTTP method, 405 otherwise."""
from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt


def methods(**handlers):
    @csrf_exempt
    def view(request: HttpRequest, **kwargs):
        handler = handlers.get(request.method)
        if handler is None:
            return JsonResponse({"error": f"method {request.method} not allowed"}, status=405,
                                headers={"Allow": ", ".join(handlers)})
        return handler(request, **kwargs)

    return view


def unknown_path(vendor):
    """Vendor-shaped 404 for a path the emulator does not know (WB: gateway problem+json)."""
    from marketplaces.sandbox.pipeline import VendorError

    @csrf_exempt
    def view(request: HttpRequest, rest: str = ""):
        return vendor.error(VendorError(404, f"path {request.path} not found", code="path"), "unknown")

    return view
