"""Helpers shared by partner pages: the partner gate and pagination."""
from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.http import Http404

PAGE_SIZE = 20


def partner_required(view):
    """Logged-in users of a partner only; `request.partner` is set. Staff without a partner get
    404 here (they work in the admin)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        partner = getattr(request.user, "partner", None)
        if partner is None:
            raise Http404
        request.partner = partner
        return view(request, *args, **kwargs)

    return wrapper


def paginate(request, queryset) -> Page:
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def list_template(request, full: str, partial: str) -> str:
    """HTMX search/pagination swaps only the results; a normal request gets the full page."""
    htmx = getattr(request, "htmx", None)
    # A history restore (back button after hx-push-url, cache miss) needs the whole page.
    return partial if htmx and not htmx.boosted and not htmx.history_restore_request else full


def posted(request):
    """Form data for a POST (even an empty one, so its errors show), None for a GET."""
    return request.POST if request.method == "POST" else None
