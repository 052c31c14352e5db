"""Partner-scoped reads of orders and reviews (another partner's row is a 404)."""
from __future__ import annotations

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from marketplaces.sync.models import Order, Review
from partners.models import Partner


def order_list(*, partner: Partner, status: str = "", search: str = "") -> QuerySet[Order]:
    qs = Order.objects.filter(partner=partner).select_related("account")
    if status == "unmapped":
        qs = qs.filter(has_unmapped_lines=True)
    elif status:
        qs = qs.filter(status=status)
    if search:
        qs = qs.filter(Q(external_id__icontains=search) | Q(lines__sku__icontains=search)
                       | Q(lines__title__icontains=search)).distinct()
    return qs


def order_get(*, partner: Partner, pk: int) -> Order:
    return get_object_or_404(Order.objects.select_related("account").prefetch_related("lines__product"),
                             partner=partner, pk=pk)


def review_list(*, partner: Partner, unanswered: bool = False, search: str = "") -> QuerySet[Review]:
    qs = Review.objects.filter(partner=partner).select_related("account", "product")
    if unanswered:
        qs = qs.filter(answer_status__in=[Review.AnswerStatus.NONE, Review.AnswerStatus.FAILED])
    if search:
        qs = qs.filter(Q(text__icontains=search) | Q(sku__icontains=search) | Q(author__icontains=search))
    return qs


def review_get(*, partner: Partner, pk: int) -> Review:
    return get_object_or_404(Review, partner=partner, pk=pk)
