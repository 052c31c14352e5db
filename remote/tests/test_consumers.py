"""Consumer refusals with close codes, the allowed path, and server-side expiry without messages."""
from __future__ import annotations

import asyncio
import time

import pytest
from channels.db import database_sync_to_async as db

from partners.models import AuditEvent, Product
from remote.errors import (CLOSE_EXPIRED, CLOSE_FORBIDDEN, CLOSE_LEVEL, CLOSE_NOT_ACTIVE, CLOSE_NOT_FOUND,
                           CLOSE_UNAUTHENTICATED)
from remote.models import RemoteSession, SessionEvent
from remote.tests.conftest import expire_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]


async def closed_with(comm) -> int:
    connected, _ = await comm.connect()
    assert connected
    while True:
        out = await comm.receive_output(timeout=2)
        if out["type"] == "websocket.close":
            return out.get("code")


async def test_admin_without_approved_session_is_refused(ws, make_session, staff_user):
    session = await db(make_session)(approve=False)
    assert await closed_with(ws(f"/ws/remote/admin/{session.pk}/", staff_user)) == CLOSE_NOT_ACTIVE


async def test_admin_of_missing_session_is_refused(ws, staff_user):
    assert await closed_with(ws("/ws/remote/admin/999999/", staff_user)) == CLOSE_NOT_FOUND


async def test_expired_session_is_refused_and_marked_expired(ws, make_session, staff_user):
    session = await db(make_session)()
    await db(expire_in)(session, -1)
    assert await closed_with(ws(f"/ws/remote/admin/{session.pk}/", staff_user)) == CLOSE_EXPIRED
    assert (await db(RemoteSession.objects.get)(pk=session.pk)).state == "expired"


async def test_non_staff_user_is_refused(ws, make_session, user_a):
    session = await db(make_session)()
    assert await closed_with(ws(f"/ws/remote/admin/{session.pk}/", user_a)) == CLOSE_FORBIDDEN


async def test_anonymous_is_refused(ws, make_session):
    from django.contrib.auth.models import AnonymousUser
    session = await db(make_session)()
    assert await closed_with(ws(f"/ws/remote/admin/{session.pk}/", AnonymousUser())) == CLOSE_UNAUTHENTICATED
    assert await closed_with(ws("/ws/remote/partner/", AnonymousUser())) == CLOSE_UNAUTHENTICATED


async def test_other_staff_admin_is_refused(ws, make_session, make_user):
    session = await db(make_session)()
    other = await db(make_user)(email="other-admin@bozor.test", is_staff=True)
    assert await closed_with(ws(f"/ws/remote/admin/{session.pk}/", other)) == CLOSE_FORBIDDEN


async def test_partner_of_another_tenant_is_refused(ws, make_session, user_b):
    session = await db(make_session)(approve=False)
    # On the admin console route: not staff.
    assert await closed_with(ws(f"/ws/remote/admin/{session.pk}/", user_b)) == CLOSE_FORBIDDEN
    # On its own partner socket, answering partner A's request: not found, nothing changes.
    comm = ws("/ws/remote/partner/", user_b)
    assert (await comm.connect())[0]
    hello = await comm.receive_json_from()
    assert hello["sessions"] == []
    await comm.send_json_to({"type": "approve", "session": session.pk})
    out = await comm.receive_output(timeout=2)
    assert out == {"type": "websocket.close", "code": CLOSE_NOT_FOUND}
    assert (await db(RemoteSession.objects.get)(pk=session.pk)).state == "requested"


async def test_view_only_session_trying_an_action_is_refused(ws, make_session, staff_user, make_product, partner_a):
    session = await db(make_session)(level="edit", approve_level="view")  # partner lowered the level
    product = await db(make_product)(partner=partner_a, title="Old")
    comm = ws(f"/ws/remote/admin/{session.pk}/", staff_user)
    assert (await comm.connect())[0]
    assert (await comm.receive_json_from())["type"] == "hello"
    await comm.send_json_to({"type": "action", "name": "product.update",
                             "params": {"product_id": product.pk, "title": "New"}})
    refused = await comm.receive_json_from()
    assert refused["type"] == "refused" and refused["code"] == CLOSE_LEVEL
    assert (await comm.receive_output())["code"] == CLOSE_LEVEL
    assert (await db(Product.objects.get)(pk=product.pk)).title == "Old"
    assert await db(AuditEvent.objects.filter(action="remote.action.refused").count)() == 1


async def test_allowed_path_partner_mirror_reaches_admin_and_admin_edits(ws, make_session, staff_user, user_a,
                                                                        make_product, partner_a):
    session = await db(make_session)(level="edit")
    product = await db(make_product)(partner=partner_a, title="Old title")
    admin = ws(f"/ws/remote/admin/{session.pk}/", staff_user)
    partner = ws("/ws/remote/partner/", user_a)
    assert (await admin.connect())[0] and (await partner.connect())[0]
    assert (await admin.receive_json_from())["type"] == "hello"
    hello = await partner.receive_json_from()
    assert [s["id"] for s in hello["sessions"]] == [session.pk]

    await partner.send_json_to({"type": "mirror", "kind": "cursor", "data": {"x": 10, "y": 20}})
    seen = await admin.receive_json_from()
    assert seen["kind"] == "cursor" and seen["data"] == {"x": 10, "y": 20}

    await admin.send_json_to({"type": "action", "name": "product.update",
                              "params": {"product_id": product.pk, "title": "Fixed title", "price": "99.50"}})
    shown = await partner.receive_json_from()
    assert shown["type"] == "action" and "updated" in shown["summary"]
    # The reply and the console's own live log entry (order between them is not fixed).
    assert {(await admin.receive_json_from())["type"] for _ in range(2)} == {"action", "action.ok"}
    product = await db(Product.objects.get)(pk=product.pk)
    assert (product.title, str(product.price)) == ("Fixed title", "99.50")
    assert await db(AuditEvent.objects.filter(action="remote.action.run", partner=partner_a).count)() == 1
    assert await db(AuditEvent.objects.filter(action="product.updated", actor=staff_user).count)() == 1

    await partner.send_json_to({"type": "chat", "session": session.pk, "text": "thanks"})
    assert (await admin.receive_json_from())["data"]["text"] == "thanks"
    assert (await partner.receive_json_from())["type"] == "chat"

    # The partner ends with one click: the admin is cut off at once.
    await partner.send_json_to({"type": "end", "session": session.pk})
    assert (await admin.receive_json_from())["session"]["state"] == "ended"
    assert (await admin.receive_output())["code"] == CLOSE_NOT_ACTIVE
    await partner.disconnect()
    # And the admin's next attempt is refused.
    assert await closed_with(ws(f"/ws/remote/admin/{session.pk}/", staff_user)) == CLOSE_NOT_ACTIVE


async def test_execute_actions_from_registry_need_execute_level(ws, make_session, staff_user):
    session = await db(make_session)(level="execute")
    comm = ws(f"/ws/remote/admin/{session.pk}/", staff_user)
    assert (await comm.connect())[0]
    await comm.receive_json_from()
    await comm.send_json_to({"type": "action", "name": "sync.retry", "params": {"account": 7}, "ref": 1})
    replies = {m["type"]: m for m in [await comm.receive_json_from(), await comm.receive_json_from()]}
    assert replies["action.ok"]["result"]["status"] == "recorded"
    assert await db(AuditEvent.objects.filter(action="remote.action.run", data__name="sync.retry").exists)()
    await comm.send_json_to({"type": "action", "name": "no.such", "ref": 2})
    assert (await comm.receive_json_from()) == {"type": "error", "ref": 2, "message": "Unknown action."}
    await comm.disconnect()


async def test_expired_session_closed_by_server_within_one_second_without_messages(ws, make_session, staff_user,
                                                                                  user_a):
    session = await db(make_session)()
    await db(expire_in)(session, 0.5)
    admin = ws(f"/ws/remote/admin/{session.pk}/", staff_user)
    partner = ws("/ws/remote/partner/", user_a)
    assert (await admin.connect())[0] and (await partner.connect())[0]
    await admin.receive_json_from()
    await partner.receive_json_from()
    expires_at = (await db(RemoteSession.objects.get)(pk=session.pk)).expires_at
    while True:  # nobody sends anything; the server's timer must close the console
        out = await admin.receive_output(timeout=3)
        if out["type"] == "websocket.close":
            break
    closed_at = time.time()
    assert out["code"] == CLOSE_EXPIRED
    assert closed_at - expires_at.timestamp() < 1.0
    assert (await db(RemoteSession.objects.get)(pk=session.pk)).state == "expired"
    pushed = await partner.receive_json_from(timeout=2)
    assert pushed["session"]["state"] == "expired"
    # A mirror event after expiry is not recorded.
    await partner.send_json_to({"type": "mirror", "kind": "cursor", "data": {"x": 1, "y": 1}})
    await asyncio.sleep(0.2)
    assert not await db(SessionEvent.objects.filter(session_id=session.pk, kind="cursor").exists)()
    await partner.disconnect()


async def test_expiry_is_checked_on_every_message(ws, make_session, staff_user, make_product, partner_a):
    session = await db(make_session)()
    comm = ws(f"/ws/remote/admin/{session.pk}/", staff_user)
    assert (await comm.connect())[0]
    await comm.receive_json_from()
    await db(expire_in)(session, -0.1)  # the clock passed; the console's timer has not fired yet
    await comm.send_json_to({"type": "chat", "text": "hello?"})
    out = await comm.receive_json_from()
    assert out["type"] in ("refused", "session")
    while (msg := await comm.receive_output())["type"] != "websocket.close":
        pass
    assert msg["code"] == CLOSE_EXPIRED
    assert not await db(SessionEvent.objects.filter(session_id=session.pk, kind="chat").exists)()


async def test_fill_and_click_are_forwarded_to_the_partners_browser(ws, make_session, staff_user, user_a):
    session = await db(make_session)(level="edit")
    admin, partner = ws(f"/ws/remote/admin/{session.pk}/", staff_user), ws("/ws/remote/partner/", user_a)
    assert (await admin.connect())[0] and (await partner.connect())[0]
    await admin.receive_json_from()
    await partner.receive_json_from()
    await admin.send_json_to({"type": "action", "name": "browser.fill",
                              "params": {"id": 12, "tab": "t1", "value": "42"}})
    shown = await partner.receive_json_from()
    assert shown["result"]["forward"] == {"op": "fill", "id": 12, "tab": "t1", "value": "42"}
    await admin.send_json_to({"type": "action", "name": "browser.click", "params": {"id": 13, "tab": "t1"}})
    assert (await partner.receive_json_from())["result"]["forward"] == {"op": "click", "id": 13, "tab": "t1"}
    await admin.disconnect()
    await partner.disconnect()
