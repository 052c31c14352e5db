"""Remote-help fixtures: sessions in each state, and a WebSocket communicator factory."""
from __future__ import annotations

from datetime import timedelta

import pytest
import pytest_asyncio
from channels.db import database_sync_to_async
from django.db import connections
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.utils import timezone

from remote.models import RemoteSession
from remote.routing import websocket_urlpatterns
from remote.services import session_approve, session_request


@pytest_asyncio.fixture(autouse=True)
async def _close_db_thread_connections():
    """Consumers use the DB from Channels' worker thread; close that thread's connection after each
    test so PostgreSQL can drop the test database."""
    yield
    await database_sync_to_async(connections.close_all)()


@pytest.fixture
def ws():
    app = URLRouter(websocket_urlpatterns)

    def make(path: str, user) -> WebsocketCommunicator:
        comm = WebsocketCommunicator(app, path)
        comm.scope["user"] = user
        return comm

    return make


@pytest.fixture
def make_session(staff_user, user_a, partner_a):
    def make(*, level: str = "edit", approve: bool = True, approve_level: str | None = None, minutes: int = 30,
             admin=None, partner=None, owner=None) -> RemoteSession:
        session = session_request(admin=admin or staff_user, partner=partner or partner_a, reason="Help with prices",
                                  level=level, minutes=minutes)
        if approve:
            session = session_approve(session=session, user=owner or user_a, level=approve_level)
        return session

    return make


def expire_in(session: RemoteSession, seconds: float) -> RemoteSession:
    session.expires_at = timezone.now() + timedelta(seconds=seconds)
    session.save(update_fields=["expires_at"])
    return session
