"""One error body for every API error: {"error": {"code", "message", "details"}}."""
from __future__ import annotations

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

CODES = {
    400: "invalid",
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    429: "throttled",
}
# One message for every missing object, whether it does not exist or belongs to another
# partner: the answer must not tell the two apart.
NOT_FOUND_MESSAGE = "Not found: there is no such object in your account. Check the id in the URL or body."


def error_body(code: str, message: str, details: Any = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "details": details or {}}}


def _django_errors(exc: DjangoValidationError) -> Any:
    """Django's `__all__` key becomes DRF's `non_field_errors`, as the serializers report it."""
    if not hasattr(exc, "error_dict"):
        return exc.messages
    return {(api_settings.NON_FIELD_ERRORS_KEY if k == NON_FIELD_ERRORS else k): v
            for k, v in exc.message_dict.items()}


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(detail=_django_errors(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(NOT_FOUND_MESSAGE)
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # unexpected: Django's 500 handler answers (see config/urls.handler500)
    code = CODES.get(response.status_code, "error")
    if isinstance(exc, exceptions.ValidationError):
        details = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        message = "The request has invalid fields; see details."
        if isinstance(exc.detail, dict) and set(exc.detail) == {"non_field_errors"}:
            message = str(exc.detail["non_field_errors"][0])
        response.data = error_body("invalid", message, details)
        return response
    detail = getattr(exc, "detail", "")
    if isinstance(exc, exceptions.ParseError):
        code = "malformed"
    elif isinstance(exc, exceptions.Throttled):
        response.data = error_body(code, str(detail), {"retry_after": exc.wait})
        return response
    if isinstance(detail, dict):  # simplejwt: {"detail": ..., "code": ..., "messages": [...]}
        extra = {k: v for k, v in detail.items() if k not in ("detail", "code")}
        code = str(detail.get("code") or code) if code == "error" else code
        response.data = error_body(code, str(detail.get("detail", "")), extra)
        return response
    response.data = error_body(getattr(detail, "code", None) if code == "error" else code, str(detail))
    return response


def server_error_response() -> Response:
    return Response(error_body("server_error", "Something went wrong on our side. Try again; if it persists, "
                                                "contact support."), status=status.HTTP_500_INTERNAL_SERVER_ERROR)
