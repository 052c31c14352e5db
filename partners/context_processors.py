from django.conf import settings


def shell(request):
    """Values every page of the shell needs."""
    user = getattr(request, "user", None)
    return {
        "SUPPORT_EMAIL": settings.SUPPORT_EMAIL,
        "current_partner": getattr(user, "partner", None) if getattr(user, "is_authenticated", False) else None,
    }
