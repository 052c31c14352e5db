"""The partner's home: counts, what needs attention, and where to start when empty."""
from django.contrib.auth.decorators import login_required
from django.db.models import Q, Sum
from django.shortcuts import redirect, render

from partners import selectors


@login_required
def dashboard(request):
    partner = request.user.partner
    if partner is None:
        return redirect("admin:index") if request.user.is_staff else render(request, "partners/no_partner.html")
    if partner.status == partner.Status.ONBOARDING:
        return redirect("onboarding:start")
    products = selectors.product_list(partner=partner)
    stock = selectors.stock_list(partner=partner).aggregate(quantity=Sum("quantity"), reserved=Sum("reserved"))
    out_of_stock = products.filter(Q(stock_total__isnull=True) | Q(stock_total__lte=0))
    return render(request, "partners/dashboard.html", {
        "partner": partner,
        "warehouse_count": selectors.warehouse_list(partner=partner).count(),
        "product_count": products.count(),
        "stock_quantity": stock["quantity"] or 0,
        "stock_reserved": stock["reserved"] or 0,
        "out_of_stock_count": out_of_stock.count(),
        "out_of_stock": out_of_stock.order_by("sku")[:5],
    })
