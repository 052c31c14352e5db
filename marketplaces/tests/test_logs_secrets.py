"""No credential in any log line, exception text or audit event while clients work and fail."""
from __future__ import annotations

import logging

import pytest

from marketplaces.clients import errors
from marketplaces.clients.http import redact_headers
from marketplaces.clients.selector import client_for_account
from marketplaces.tests.conftest import SCALE, connect, secret_of
from partners.models import AuditEvent


@pytest.mark.parametrize("vendor", ["wb", "ozon", "ym", "uzum"])
def test_token_never_in_logs_errors_or_audit(sandbox, vendor, caplog):
    caplog.set_level(logging.DEBUG)  # urllib3 and requests debug lines included
    ours, acc = connect(sandbox, vendor, generate=2)
    secret = secret_of(acc)
    client = client_for_account(ours, time_scale=SCALE, purpose="log test")
    client.connection_check()
    client.orders_list()
    raised = []
    for kind in ("error_5xx", "rate_limit", "token_revoked", "schema_drift"):
        fault = sandbox.fault(account=acc.id, group="*", kind=kind, count=1)
        with pytest.raises(errors.MarketplaceError) as info:
            client.orders_list()
        raised.append(info.value)
        sandbox.control("DELETE", f"faults/{fault['id']}")
    assert caplog.records, "the client logs its calls"
    assert any(getattr(r, "marketplace", {}).get("account") == str(ours.pk) for r in caplog.records)
    for record in caplog.records:
        text = record.getMessage() + repr(record.__dict__)
        assert secret not in text, f"secret in log line: {record.name}"
    for exc in raised:
        assert secret not in repr(exc) and secret not in str(exc.__cause__ or "")
    events = AuditEvent.objects.filter(action="marketplace_account.credentials_use", data__purpose="log test")
    assert events.exists() and all(secret not in repr(e.data) for e in events)


def test_redact_headers_hides_every_credential_header():
    shown = redact_headers({"Authorization": "a", "Api-Key": "b", "Client-Id": "c", "Cookie": "d", "Accept": "json"})
    assert shown == {"Authorization": "***", "Api-Key": "***", "Client-Id": "***", "Cookie": "***", "Accept": "json"}
