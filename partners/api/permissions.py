from rest_framework.permissions import SAFE_METHODS, BasePermission


class IsPartnerMember(BasePermission):
    """Only users who belong to a partner reach partner-scoped API views."""

    message = "This API is for partner users. Sign in as a user of a partner account."

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.is_active and user.partner_id)


class OwnerForWrites(BasePermission):
    """Reading is for every user of the partner; changing it is for its owner."""

    message = "Only the account owner can change the partner profile. Ask your account owner to do it."

    def has_permission(self, request, view) -> bool:
        return request.method in SAFE_METHODS or getattr(request.user, "role", None) == "owner"
