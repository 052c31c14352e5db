"""Recording: replay order, and no credential anywhere in the stored events."""
from __future__ import annotations

import json

import pytest

from partners.models import AuditEvent
from remote.masking import MASK, Masker
from remote.models import SessionEvent
from remote.selectors import event_replay
from remote.services import chat_post, event_record

pytestmark = pytest.mark.django_db
SECRET = "Sup3r-Secret-Pa55"


def page(secret_value: str) -> dict:
    """A snapshot as partner.js sends it, from a browser that forgot to mask (defence in depth)."""
    return {"url": "/settings/", "title": "Settings", "root": {"id": 1, "t": "html", "a": {}, "c": [
        {"id": 2, "t": "body", "a": {}, "c": [
            {"id": 3, "t": "input", "a": {"name": "shop", "value": "My shop"}, "c": []},
            {"id": 4, "t": "input", "a": {"type": "password", "name": "pw", "value": secret_value}, "c": []},
            {"id": 5, "t": "div", "a": {"data-secret": ""}, "c": [
                {"id": 6, "t": "input", "a": {"name": "api", "value": secret_value}, "c": []}]},
            {"id": 7, "t": "input", "a": {"autocomplete": "one-time-code", "value": secret_value}, "c": []},
        ]}]}}


def test_secret_typed_into_password_field_never_stored(make_session, user_a):
    session = make_session()
    masker = Masker()
    sid, pid = session.pk, session.partner_id
    event_record(session_id=sid, partner_id=pid, kind="snapshot", data=page(SECRET), masker=masker)
    for i in range(1, len(SECRET) + 1):  # keystroke by keystroke, unmasked by a buggy browser
        event_record(session_id=sid, partner_id=pid, kind="input", data={"id": 4, "value": SECRET[:i]}, masker=masker)
        event_record(session_id=sid, partner_id=pid, kind="input", data={"id": 6, "value": SECRET[:i]}, masker=masker)
    event_record(session_id=sid, partner_id=pid, kind="mutation", masker=masker,
                 data={"attrs": [{"id": 4, "n": "value", "v": SECRET}], "kids": [{"p": 2, "c": [
                     {"id": 9, "t": "input", "a": {"type": "password", "value": SECRET}, "c": []}]}]})
    event_record(session_id=sid, partner_id=pid, kind="input", data={"id": 3, "value": "My shop 2"}, masker=masker)
    chat_post(session_id=sid, user=user_a, text=f"my password: {SECRET}")

    stored = json.dumps(list(SessionEvent.objects.filter(session=session).values_list("data", flat=True)),
                        ensure_ascii=False)
    assert SECRET not in stored and SECRET[:4] not in stored
    assert MASK in stored and "My shop 2" in stored  # ordinary fields are still mirrored
    audit = json.dumps(list(AuditEvent.objects.values_list("data", flat=True)), ensure_ascii=False)
    assert SECRET not in audit


def test_replay_returns_events_in_recorded_order_with_offsets(make_session, user_a, staff_user):
    session = make_session()
    sid, pid = session.pk, session.partner_id
    event_record(session_id=sid, partner_id=pid, kind="snapshot", data=page(""))
    for x in range(5):
        event_record(session_id=sid, partner_id=pid, kind="cursor", data={"x": x, "y": x})
    chat_post(session_id=sid, user=staff_user, text="hello")
    replay = event_replay(session=session)
    kinds = [e["kind"] for e in replay]
    assert kinds == ["state", "state", "snapshot", "cursor", "cursor", "cursor", "cursor", "cursor", "chat"]
    assert [e["data"]["x"] for e in replay if e["kind"] == "cursor"] == [0, 1, 2, 3, 4]
    assert [e["event"] for e in replay] == sorted(e["event"] for e in replay)
    offsets = [e["t"] for e in replay]
    assert offsets == sorted(offsets) and offsets[0] == 0


def test_partner_of_another_tenant_cannot_record_into_a_session(make_session, partner_b):
    from remote.errors import NotAllowed
    session = make_session()
    with pytest.raises(NotAllowed):
        event_record(session_id=session.pk, partner_id=partner_b.pk, kind="cursor", data={"x": 1, "y": 1})
    assert not SessionEvent.objects.filter(kind="cursor").exists()
