"""Staff admin: sees all partners' rows; partner users are kept out; the audit log is read-only."""
from __future__ import annotations

import pytest
from django.urls import reverse

from partners.models import AuditEvent, User
from partners.services.audit import audit_record

pytestmark = pytest.mark.django_db


def test_staff_sees_all_partners_products(client, staff_user, partner_a, partner_b, make_product):
    make_product(partner=partner_a, sku="ALPHA-ADM")
    make_product(partner=partner_b, sku="BETA-ADM")
    client.force_login(staff_user)
    body = client.get(reverse("admin:partners_product_changelist")).content.decode()
    assert "ALPHA-ADM" in body and "BETA-ADM" in body
    body = client.get(reverse("admin:partners_product_changelist") + "?q=BETA").content.decode()
    assert "BETA-ADM" in body and "ALPHA-ADM" not in body
    body = client.get(reverse("admin:partners_partner_changelist")).content.decode()
    assert "Alpha Trade LLC" in body and "Beta Goods LLC" in body


@pytest.mark.parametrize("name", ["partner", "user", "warehouse", "product", "stocklevel", "auditevent"])
def test_every_changelist_renders(client, staff_user, name):
    client.force_login(staff_user)
    assert client.get(reverse(f"admin:partners_{name}_changelist")).status_code == 200


def test_partner_change_page_with_inlines(client, staff_user, partner_a, user_a, make_warehouse):
    make_warehouse(partner=partner_a, name="Inline depot")
    client.force_login(staff_user)
    body = client.get(reverse("admin:partners_partner_change", args=[partner_a.pk])).content.decode()
    assert "Inline depot" in body and user_a.email in body


def test_user_add_form_uses_email_not_username(client, staff_user, partner_a):
    client.force_login(staff_user)
    body = client.get(reverse("admin:partners_user_add")).content.decode()
    assert 'name="email"' in body and 'name="username"' not in body
    response = client.post(reverse("admin:partners_user_add"), {
        "email": "new.staff@alpha.test", "password1": "Another-Pass-662", "password2": "Another-Pass-662",
        "usable_password": "true", "partner": partner_a.pk, "role": "staff"})
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(email="new.staff@alpha.test")
    assert user.partner == partner_a and user.check_password("Another-Pass-662")
    body = client.get(reverse("admin:partners_user_change", args=[user.pk])).content.decode()
    assert 'name="username"' not in body


def test_partner_user_is_redirected_away_from_admin(client, user_a):
    client.force_login(user_a)
    response = client.get(reverse("admin:partners_product_changelist"))
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]


def test_audit_events_are_read_only(client, staff_user, partner_a):
    event = audit_record(action="product.created", partner=partner_a, data={"sku": "X"})
    client.force_login(staff_user)
    body = client.get(reverse("admin:partners_auditevent_changelist") + "?action=product.created").content.decode()
    assert "product.created" in body
    audit_record(action="warehouse.deleted", partner=partner_a, data={})
    body = client.get(reverse("admin:partners_auditevent_changelist") + "?q=warehouse.deleted").content.decode()
    assert "warehouse.deleted" in body and ">product.created<" not in body
    assert client.get(reverse("admin:partners_auditevent_add")).status_code == 403
    assert client.post(reverse("admin:partners_auditevent_delete", args=[event.pk]), {"post": "yes"}).status_code == 403
    view = client.get(reverse("admin:partners_auditevent_change", args=[event.pk]))
    assert view.status_code == 200  # view permission only
    client.post(reverse("admin:partners_auditevent_change", args=[event.pk]), {"action": "tampered"})
    event.refresh_from_db()
    assert event.action == "product.created" and AuditEvent.objects.count() == 2


def test_django_q_task_views_are_registered(client, staff_user):
    client.force_login(staff_user)
    for name in ("django_q_success_changelist", "django_q_failure_changelist", "django_q_schedule_changelist"):
        assert client.get(reverse(f"admin:{name}")).status_code == 200
