"""JWT for integrators: obtain a pair with email + password, refresh (the refresh token rotates
and the old one is blacklisted), verify, and blacklist (log out). simplejwt does the work; these
subclasses only document the real answers, including the error body."""
from __future__ import annotations

from axes.helpers import get_cool_off
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import AuthenticationFailed, Throttled
from rest_framework_simplejwt import views as jwt

from partners.api.schema import errors


class TokenPairSerializer(serializers.Serializer):
    access = serializers.CharField(help_text="Short-lived token: send it as `Authorization: Bearer <access>`.")
    refresh = serializers.CharField(help_text="Use once at /api/v1/auth/token/refresh/; it is replaced each time.")


class TokenEmptySerializer(serializers.Serializer):
    pass


class TokenObtainView(jwt.TokenObtainPairView):
    @extend_schema(summary="Obtain an access + refresh token pair", responses={200: TokenPairSerializer,
                                                                               **errors(400, 401, 429)})
    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except AuthenticationFailed:
            # django-axes refuses even the right password after too many failures, but Django's
            # authenticate() turns that into a plain "no account": say what really happened.
            if getattr(request, "axes_locked_out", False):
                wait = int(get_cool_off(request).total_seconds())
                raise Throttled(wait=wait, detail=f"Too many failed logins. Try again in {wait // 60} minutes, "
                                                  "or reset your password.") from None
            raise


class TokenRefreshView(jwt.TokenRefreshView):
    @extend_schema(summary="Exchange a refresh token for a new pair (the old refresh token stops working)",
                   responses={200: TokenPairSerializer, **errors(400, 401, 429)})
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)


class TokenVerifyView(jwt.TokenVerifyView):
    @extend_schema(summary="Check that a token is valid", responses={200: TokenEmptySerializer,
                                                                     **errors(400, 401, 429)})
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)


class TokenBlacklistView(jwt.TokenBlacklistView):
    @extend_schema(summary="Log out: blacklist a refresh token", responses={200: TokenEmptySerializer,
                                                                            **errors(400, 401, 429)})
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)
