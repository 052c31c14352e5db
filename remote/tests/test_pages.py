"""Partner pages and admin screens: who sees what (tenant isolation, staff only)."""
from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from remote.models import RemoteSession
from remote.services import chat_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_a(client, user_a):
    client.force_login(user_a)
    return client


def test_partner_lists_only_its_sessions(client_a, make_session, staff_user, partner_b, make_user):
    mine = make_session()
    theirs = make_session(partner=partner_b, owner=make_user(partner=partner_b))
    page = client_a.get(reverse("remote:session_list")).content.decode()
    assert reverse("remote:session_detail", args=[mine.pk]) in page
    assert reverse("remote:session_detail", args=[theirs.pk]) not in page


def test_partner_sees_what_was_done(client_a, make_session, staff_user):
    session = make_session()
    chat_post(session_id=session.pk, user=staff_user, text="I fixed the price")
    page = client_a.get(reverse("remote:session_detail", args=[session.pk])).content.decode()
    assert "I fixed the price" in page and "active" in page


@pytest.mark.parametrize("name", ["session_detail", "session_approve", "session_deny", "session_end"])
def test_other_tenant_gets_404_on_every_session_page(client, user_b, make_session, name):
    session = make_session(approve=name != "session_end")
    client.force_login(user_b)
    method = client.get if name == "session_detail" else client.post
    assert method(reverse(f"remote:{name}", args=[session.pk])).status_code == 404
    assert RemoteSession.objects.get(pk=session.pk).state == session.state


def test_anonymous_is_sent_to_login(client, make_session):
    response = client.get(reverse("remote:session_list"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_owner_approves_with_lower_level_and_ends_by_form(client_a, make_session):
    session = make_session(level="execute", approve=False)
    client_a.post(reverse("remote:session_approve", args=[session.pk]), {"level": "view"})
    session.refresh_from_db()
    assert (session.state, session.level) == ("active", "view")
    client_a.post(reverse("remote:session_end", args=[session.pk]))
    session.refresh_from_db()
    assert session.state == "ended"


def test_partner_pages_carry_the_hook_for_partner_users_only(client_a, client, staff_user):
    assert 'id="remote-hook"' in client_a.get(reverse("remote:session_list")).content.decode()
    client.force_login(staff_user)
    response = client.get(reverse("admin:remote_remotesession_changelist"))
    assert response.status_code == 200 and 'id="remote-hook"' not in response.content.decode()


@override_settings(REMOTE_MAX_MINUTES=60)
def test_admin_request_form_enforces_maximum_and_creates_request(client, staff_user, partner_a):
    client.force_login(staff_user)
    url = reverse("admin:remote_remotesession_add")
    data = {"partner": partner_a.pk, "reason": "Check prices", "level": "edit", "minutes": 61}
    assert client.post(url, data).status_code == 200
    assert not RemoteSession.objects.exists()
    response = client.post(url, {**data, "minutes": 60})
    session = RemoteSession.objects.get()
    assert response["Location"] == reverse("admin:remote_console", args=[session.pk])
    assert (session.state, session.minutes, session.admin) == ("requested", 60, staff_user)


def test_admin_screens_are_staff_only(client, user_a, make_session):
    session = make_session()
    client.force_login(user_a)
    for name in ("remote_console", "remote_replay"):
        response = client.get(reverse(f"admin:{name}", args=[session.pk]))
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_console_only_for_the_requesting_admin_replay_for_any_staff(client, make_session, make_user):
    session = make_session()
    other = make_user(email="other@bozor.test", is_staff=True, is_superuser=True)
    client.force_login(other)
    assert client.get(reverse("admin:remote_console", args=[session.pk])).status_code == 403
    assert client.get(reverse("admin:remote_replay", args=[session.pk])).status_code == 200


def test_console_and_replay_render_for_the_admin(client, staff_user, make_session, make_product, partner_a,
                                                 partner_b):
    session = make_session()
    mine, foreign = make_product(partner=partner_a, sku="A-1"), make_product(partner=partner_b, sku="B-1")
    client.force_login(staff_user)
    console = client.get(reverse("admin:remote_console", args=[session.pk])).content.decode()
    assert f"/ws/remote/admin/{session.pk}/" in console
    assert f'value="{mine.pk}"' in console and f'value="{foreign.pk}"' not in console  # partner scope
    replay = client.get(reverse("admin:remote_replay", args=[session.pk])).content.decode()
    assert 'id="remote-events"' in replay and "remote/replay.js" in replay
    listing = client.get(reverse("admin:remote_remotesession_changelist")).content.decode()
    assert reverse("admin:remote_console", args=[session.pk]) in listing


def test_admin_cancels_a_pending_request(client, staff_user, make_session):
    session = make_session(approve=False)
    client.force_login(staff_user)
    client.post(reverse("admin:remote_cancel", args=[session.pk]))
    session.refresh_from_db()
    assert session.state == "cancelled"


def test_view_only_console_offers_no_edit_or_execute_controls(client, staff_user, make_session):
    session = make_session(level="execute", approve_level="view")
    client.force_login(staff_user)
    console = client.get(reverse("admin:remote_console", args=[session.pk])).content.decode()
    assert "remote-product-form" not in console and "data-remote-action" not in console
    assert "remote-chat-form" in console
