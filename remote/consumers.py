"""Thin WebSocket consumers (STYLE §8): authorise through selectors, refuse with a 4xxx close
code, turn each message into one service call, forward group pushes.

AdminConsoleConsumer  ws/remote/admin/<session_id>/  the staff admin's live console
PartnerConsumer       ws/remote/partner/            every page of a signed-in partner user

Expiry is enforced twice on the server: every message goes through a service that checks the
session's time, and each consumer schedules a timer at expires_at that expires the session and
closes the sockets even if nobody sends anything."""
from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any

from channels.db import database_sync_to_async as db
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.http import Http404
from django.utils import timezone

from remote import services
from remote.errors import (CLOSE_EXPIRED, CLOSE_FORBIDDEN, CLOSE_NOT_ACTIVE, CLOSE_NOT_FOUND,
                           CLOSE_UNAUTHENTICATED, InvalidInput, RemoteError, SessionExpired,
                           SessionNotActive)
from remote.masking import Masker
from remote.notifier import loop_bind, partner_group, session_group
from remote.selectors import (event_catch_up, session_get_for_admin, session_open_for_partner,
                              session_summary)

CLOSED_CODES = {"expired": CLOSE_EXPIRED}


class _Base(AsyncJsonWebsocketConsumer):
    groups_joined: list[str]

    async def close(self, code: int | bool | None = None, reason: str | None = None) -> None:
        if getattr(self, "_closed", False):
            return
        self._closed = True
        await super().close(code=code, reason=reason)

    async def send_json(self, content: Any, close: bool = False) -> None:
        if not getattr(self, "_closed", False):
            await super().send_json(content, close=close)

    async def refuse(self, code: int, message: str = "", **extra: Any) -> None:
        # Accept first, then close: browsers only see a close code on an accepted socket.
        if getattr(self, "_closed", False):
            return
        if not getattr(self, "_accepted", False):
            await self.accept()
            self._accepted = True
        if message:
            await self.send_json({"type": "refused", "code": code, "message": message, **extra})
        await self.close(code=code)

    async def join(self, group: str) -> None:
        loop_bind()
        await self.channel_layer.group_add(group, self.channel_name)
        self.groups_joined.append(group)

    async def disconnect(self, code: int) -> None:
        for task in getattr(self, "timers", {}).values():
            task.cancel()
        for group in getattr(self, "groups_joined", []):
            await self.channel_layer.group_discard(group, self.channel_name)

    def schedule_expiry(self, session_id: int, expires_at: datetime | None) -> None:
        if expires_at is None or session_id in self.timers:
            return
        self.timers[session_id] = asyncio.create_task(self._expire_at(session_id, expires_at))

    async def _expire_at(self, session_id: int, expires_at: datetime) -> None:
        await asyncio.sleep(max(0.0, (expires_at - timezone.now()).total_seconds()) + 0.01)
        await db(services.session_expire)(session_id=session_id)
        await self.on_expired(session_id)

    async def on_expired(self, session_id: int) -> None:  # pragma: no cover - overridden
        pass


class AdminConsoleConsumer(_Base):
    async def connect(self) -> None:
        self.groups_joined, self.timers, self._accepted = [], {}, False
        user = self.scope.get("user")
        if not getattr(user, "is_authenticated", False):
            return await self.refuse(CLOSE_UNAUTHENTICATED)
        if not user.is_staff:
            return await self.refuse(CLOSE_FORBIDDEN)
        self.session_id = int(self.scope["url_route"]["kwargs"]["session_id"])
        pending = None
        try:
            pending = await db(session_get_for_admin)(user=user, pk=self.session_id)
            session = await db(services.session_live_check)(session_id=self.session_id)
        except Http404:
            return await self.refuse(CLOSE_NOT_FOUND)
        except RemoteError as exc:
            # The state tells a console still waiting for approval to try again shortly.
            return await self.refuse(exc.close_code, str(exc.message), state=getattr(pending, "state", None))
        await self.join(session_group(self.session_id))
        await self.accept()
        self._accepted = True
        await self.send_json({"type": "hello", "session": await db(session_summary)(session),
                              "events": await db(event_catch_up)(session=session)})
        self.schedule_expiry(self.session_id, session.expires_at)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        user, kind = self.scope["user"], (content or {}).get("type") if isinstance(content, dict) else None
        try:
            if kind == "action":
                result = await db(services.action_run)(session_id=self.session_id, actor=user,
                                                       name=str(content.get("name", "")),
                                                       params=content.get("params") or {})
                await self.send_json({"type": "action.ok", "ref": content.get("ref"), "result": result})
            elif kind == "chat":
                await db(services.chat_post)(session_id=self.session_id, user=user, text=str(content.get("text", "")))
            elif kind == "end":
                session = await db(services.session_live_check)(session_id=self.session_id)
                await db(services.session_end)(session=session, user=user)
            elif kind != "ping":
                raise InvalidInput()
            else:
                await db(services.session_live_check)(session_id=self.session_id)
        except InvalidInput as exc:
            await self.send_json({"type": "error", "ref": content.get("ref") if isinstance(content, dict) else None,
                                  "message": str(exc.message)})
        except RemoteError as exc:
            await self.refuse(exc.close_code, str(exc.message))

    async def remote_push(self, event: dict[str, Any]) -> None:
        payload = event["payload"]
        await self.send_json(payload)
        if payload.get("type") == "session" and payload["session"]["state"] != "active":
            code = CLOSE_EXPIRED if payload["session"]["state"] == "expired" else CLOSE_NOT_ACTIVE
            await self.close(code=code)

    async def on_expired(self, session_id: int) -> None:
        await self.refuse(CLOSE_EXPIRED, str(SessionExpired.message))


class PartnerConsumer(_Base):
    async def connect(self) -> None:
        self.groups_joined, self.timers, self._accepted = [], {}, False
        self.active: dict[int, datetime] = {}
        self.masker = Masker()
        user = self.scope.get("user")
        if not getattr(user, "is_authenticated", False):
            return await self.refuse(CLOSE_UNAUTHENTICATED)
        if user.partner_id is None:
            return await self.refuse(CLOSE_FORBIDDEN)
        await self.join(partner_group(user.partner_id))
        await self.accept()
        self._accepted = True
        sessions = await db(lambda: session_open_for_partner(partner=user.partner))()
        for s in sessions:
            self.track(s.pk, s.state, s.expires_at)
        await self.send_json({"type": "hello", "role": user.role,
                              "sessions": [await db(session_summary)(s) for s in sessions]})

    def track(self, session_id: int, state: str, expires_at: datetime | None) -> None:
        if state == "active" and expires_at is not None:
            self.active[session_id] = expires_at
            self.schedule_expiry(session_id, expires_at)
        else:
            self.active.pop(session_id, None)
            task = self.timers.pop(session_id, None)
            if task is not None:
                task.cancel()

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        if not isinstance(content, dict):
            return
        user, kind = self.scope["user"], content.get("type")
        try:
            if kind == "mirror":
                await self.mirror(str(content.get("kind", "")), content.get("data") or {})
                return
            session_id = int(content.get("session") or 0)
            if kind == "chat":
                await db(services.chat_post)(session_id=session_id, user=user, text=str(content.get("text", "")))
                return
            session = await db(_partner_session)(user=user, pk=session_id)
            if kind == "approve":
                await db(services.session_approve)(session=session, user=user, level=content.get("level") or None)
            elif kind == "deny":
                await db(services.session_deny)(session=session, user=user)
            elif kind == "end":
                await db(services.session_end)(session=session, user=user)
            else:
                raise InvalidInput()
        except (Http404, ValueError):
            await self.refuse(CLOSE_NOT_FOUND)
        except (InvalidInput, SessionNotActive, SessionExpired) as exc:
            # The partner's page socket stays open: a stale prompt is not an attack.
            await self.send_json({"type": "error", "message": str(exc.message)})
        except RemoteError as exc:
            await self.refuse(exc.close_code, str(exc.message))

    async def mirror(self, kind: str, data: dict[str, Any]) -> None:
        """Fan one page event out to every live session of this partner (usually one)."""
        now = timezone.now()
        for session_id, expires_at in list(self.active.items()):
            if expires_at <= now:  # cheap local check; the service checks the database too
                self.active.pop(session_id, None)
                continue
            try:
                await db(services.event_record)(
                    session_id=session_id, partner_id=self.scope["user"].partner_id, kind=kind, data=dict(data),
                    masker=self.masker)
            except (SessionExpired, SessionNotActive):
                self.active.pop(session_id, None)

    async def remote_push(self, event: dict[str, Any]) -> None:
        payload = event["payload"]
        if payload.get("type") == "session":
            s = payload["session"]
            self.track(s["id"], s["state"], datetime.fromisoformat(s["expires_at"]) if s["expires_at"] else None)
        await self.send_json(payload)

    async def on_expired(self, session_id: int) -> None:
        self.active.pop(session_id, None)
        self.timers.pop(session_id, None)


def _partner_session(*, user: Any, pk: int):
    from remote.selectors import session_get_for_partner
    return session_get_for_partner(partner=user.partner, pk=pk)
