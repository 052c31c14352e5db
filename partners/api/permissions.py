from rest_framework.permissions import BasePermission


class IsPartnerMember(BasePermission):
    """Only users who belong to a partner reach partner-scoped API views."""

    message = "This API is for partner users. Sign in as a user of a partner account."

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.is_active and user.partner_id)
