"""Onboarding tests against the sandbox marketplaces over real HTTP (threaded server on 127.0.0.1),
reusing the sandbox test server fixtures."""
from __future__ import annotations

import pytest

from marketplaces.sandbox.tests.conftest import Sandbox, sandbox, sandbox_url  # noqa: F401


@pytest.fixture(autouse=True)
def _close_pooled_sessions():
    """Pooled keep-alive sessions would keep sandbox server threads (and their DB connections) alive."""
    yield
    from marketplaces.clients.http import sessions_close_all
    from marketplaces.sandbox.tests.conftest import _wait_idle
    sessions_close_all()
    _wait_idle()
