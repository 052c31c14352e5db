"""Lifecycle rules, permissions and expiry in the services."""
from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from partners.models import AuditEvent
from remote.errors import InvalidInput, LevelTooLow, NotAllowed, SessionExpired, SessionNotActive
from remote.models import RemoteSession
from remote.services import (action_run, session_approve, session_cancel, session_deny, session_end,
                             session_expire_due, session_request)
from remote.tests.conftest import expire_in

pytestmark = pytest.mark.django_db


def test_request_defaults_to_30_minutes_and_is_audited(staff_user, partner_a):
    session = session_request(admin=staff_user, partner=partner_a, reason="Prices look wrong", level="edit")
    assert (session.state, session.minutes, session.level) == ("requested", 30, "edit")
    assert AuditEvent.objects.filter(action="remote.session.requested", partner=partner_a, actor=staff_user).exists()


@override_settings(REMOTE_MAX_MINUTES=45)
def test_duration_above_staff_maximum_is_refused(staff_user, partner_a):
    with pytest.raises(InvalidInput, match="between 1 and 45"):
        session_request(admin=staff_user, partner=partner_a, reason="x", minutes=46)
    assert session_request(admin=staff_user, partner=partner_a, reason="x", minutes=45).minutes == 45


def test_non_staff_cannot_request_and_reason_is_required(user_a, staff_user, partner_a):
    with pytest.raises(NotAllowed):
        session_request(admin=user_a, partner=partner_a, reason="x")
    with pytest.raises(InvalidInput):
        session_request(admin=staff_user, partner=partner_a, reason="   ")
    assert not RemoteSession.objects.exists()


def test_approve_with_lower_level_not_higher(make_session, user_a):
    session = make_session(level="edit", approve=False)
    with pytest.raises(InvalidInput):
        session_approve(session=session, user=user_a, level="execute")
    session = session_approve(session=session, user=user_a, level="view")
    assert (session.state, session.level) == ("active", "view")
    assert session.expires_at - session.approved_at == timedelta(minutes=30)


def test_only_the_partners_owner_answers(make_session, user_b, make_user, partner_a):
    session = make_session(approve=False)
    with pytest.raises(NotAllowed):
        session_approve(session=session, user=user_b)  # another tenant
    staff_member = make_user(partner=partner_a, role="staff")
    with pytest.raises(NotAllowed):
        session_deny(session=session, user=staff_member)  # not the owner
    assert RemoteSession.objects.get(pk=session.pk).state == "requested"


def test_states_deny_cancel_end(make_session, staff_user, user_a):
    denied = session_deny(session=make_session(approve=False), user=user_a)
    cancelled = session_cancel(session=make_session(approve=False), admin=staff_user)
    ended = session_end(session=make_session(), user=user_a)
    assert (denied.state, cancelled.state, ended.state) == ("denied", "cancelled", "ended")
    with pytest.raises(SessionNotActive):
        session_approve(session=denied, user=user_a)
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"remote.session.denied", "remote.session.cancelled", "remote.session.ended",
            "remote.session.active"} <= actions


def test_expire_due_expires_overdue_sessions_and_stale_requests(make_session):
    overdue = expire_in(make_session(), -5)
    live = make_session()
    stale = make_session(approve=False)
    RemoteSession.objects.filter(pk=stale.pk).update(created_at=timezone.now() - timedelta(hours=1))
    assert sorted(session_expire_due()) == sorted([overdue.pk, stale.pk])
    states = dict(RemoteSession.objects.values_list("pk", "state"))
    assert (states[overdue.pk], states[live.pk], states[stale.pk]) == ("expired", "active", "expired")


def test_action_checks_level_time_and_admin(make_session, staff_user, make_user, make_product, partner_a):
    product = make_product(partner=partner_a)
    view_only = make_session(level="view")
    with pytest.raises(LevelTooLow):
        action_run(session_id=view_only.pk, actor=staff_user, name="product.update",
                   params={"product_id": product.pk, "title": "X"})
    edit = make_session(level="edit")
    with pytest.raises(LevelTooLow):
        action_run(session_id=edit.pk, actor=staff_user, name="sync.retry")  # needs execute
    other_admin = make_user(is_staff=True)
    with pytest.raises(NotAllowed):
        action_run(session_id=edit.pk, actor=other_admin, name="product.update", params={"product_id": product.pk})
    expire_in(edit, -1)
    with pytest.raises(SessionExpired):
        action_run(session_id=edit.pk, actor=staff_user, name="product.update",
                   params={"product_id": product.pk, "title": "X"})
    product.refresh_from_db()
    assert product.title != "X"


def test_product_action_cannot_reach_another_tenants_product(make_session, staff_user, make_product, partner_b):
    foreign = make_product(partner=partner_b, title="Theirs")
    session = make_session(level="edit")
    with pytest.raises(InvalidInput, match="No such product"):
        action_run(session_id=session.pk, actor=staff_user, name="product.update",
                   params={"product_id": foreign.pk, "title": "Hijacked"})
    foreign.refresh_from_db()
    assert foreign.title == "Theirs"


def test_bad_price_is_refused_with_a_clear_message(make_session, staff_user, make_product, partner_a):
    product = make_product(partner=partner_a, title="Same")
    session = make_session(level="edit")
    with pytest.raises(InvalidInput, match="number"):
        action_run(session_id=session.pk, actor=staff_user, name="product.update",
                   params={"product_id": product.pk, "title": "Changed", "price": "abc"})
    with pytest.raises(InvalidInput, match="price"):
        action_run(session_id=session.pk, actor=staff_user, name="product.update",
                   params={"product_id": product.pk, "title": "Changed", "price": "-5"})
    product.refresh_from_db()
    assert product.title == "Same"  # nothing half-written


def test_expiry_task_is_scheduled_every_minute_and_runs(make_session):
    from healing.management.commands.schedules_upsert import declared_schedules
    from remote.tasks import session_expire_due_task

    assert any(s.func == "remote.tasks.session_expire_due_task" and s.minutes == 1 for s in declared_schedules())
    overdue = expire_in(make_session(), -1)
    assert session_expire_due_task() == 1
    assert RemoteSession.objects.get(pk=overdue.pk).state == "expired"


PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")


def test_admin_uploads_a_product_image_bytes_stay_out_of_the_recording(make_session, staff_user, make_product,
                                                                        partner_a, settings, tmp_path):
    import base64
    import json

    from remote.models import SessionEvent

    settings.MEDIA_ROOT = tmp_path
    product = make_product(partner=partner_a, sku="IMG-1")
    session = make_session(level="edit")
    content = base64.b64encode(PNG).decode()
    result = action_run(session_id=session.pk, actor=staff_user, name="product.image_add",
                        params={"product_id": product.pk, "name": "a.png", "content": content})
    product.refresh_from_db()
    assert product.images == [result["url"]] and result["url"].endswith(".png")
    assert (tmp_path / result["url"].split("/media/", 1)[1]).read_bytes() == PNG
    recording = json.dumps(list(SessionEvent.objects.values_list("data", flat=True)))
    assert content not in recording and "Image added to product IMG-1" in recording
    with pytest.raises(InvalidInput, match="PNG, JPEG or WebP"):
        action_run(session_id=session.pk, actor=staff_user, name="product.image_add",
                   params={"product_id": product.pk, "content": base64.b64encode(b"MZ\x90\x00exe").decode()})
    view_only = make_session(level="view")
    with pytest.raises(LevelTooLow):
        action_run(session_id=view_only.pk, actor=staff_user, name="product.image_add",
                   params={"product_id": product.pk, "content": content})
    product.refresh_from_db()
    assert len(product.images) == 1
