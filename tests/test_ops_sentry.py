"""Secrets never reach logs or Sentry: the logging filter, the before_send scrubber, and a real
Sentry client sending to a local collector."""
from __future__ import annotations

import gzip
import io
import json
import logging
import subprocess
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from config.logging import RedactSecretsFilter, redact
from config.sentry import scrub_event
from tests.conftest import BASE_DIR, PYTHON, clean_env

SECRETS = ["tok-SECRET-111", "pw-SECRET-222", "key-SECRET-333", "bearer-SECRET-444", "url-SECRET-555"]


def _logger_output(emit) -> str:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactSecretsFilter())
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    logger = logging.getLogger("bozor.test.redact")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        emit(logger)
    finally:
        logger.removeHandler(handler)
    return stream.getvalue()


def test_logging_filter_redacts_tokens_in_messages_args_and_tracebacks():
    def emit(logger):
        logger.warning("calling api token=%s password: %s", SECRETS[0], SECRETS[1])
        logger.info('{"api_key": "%s"} Authorization: Bearer %s', SECRETS[2], SECRETS[3])
        logger.info("db at postgres://bozor:%s@db.internal:5432/bozor", SECRETS[4])
        try:
            raise RuntimeError(f"upstream said client_secret={SECRETS[0]}")
        except RuntimeError:
            logger.exception("push failed")

    output = _logger_output(emit)
    for secret in SECRETS:
        assert secret not in output
    # What is not secret is kept, so the log stays useful.
    assert "calling api token=***" in output and "postgres://bozor:***@db.internal" in output
    assert "RuntimeError: upstream said client_secret=***" in output and "push failed" in output


def test_redact_leaves_ordinary_text_alone():
    text = "Pushed 40 stock levels to ozon in 1.2s (warehouse Sergeli)"
    assert redact(text) == text


def test_scrub_event_removes_secrets_everywhere():
    event = {
        "message": f"token={SECRETS[0]}",
        "logentry": {"message": "login failed", "formatted": f"password={SECRETS[1]}"},
        "exception": {"values": [{"type": "AuthRejected", "value": f"Authorization: Bearer {SECRETS[3]}",
                                  "stacktrace": {"frames": [{"function": "push", "vars": {
                                      "api_token": SECRETS[2], "url": f"https://u:{SECRETS[4]}@x.test/",
                                      "count": 3}}]}}]},
        "breadcrumbs": {"values": [{"category": "http", "message": f"GET /v1?apikey={SECRETS[2]}"}]},
        "extra": {"credentials": {"api_key": SECRETS[2]}, "sku": "EL-0001"},
        "request": {"headers": {"Authorization": f"Bearer {SECRETS[3]}", "Accept": "application/json"}},
    }
    scrubbed = scrub_event(event, {})
    text = json.dumps(scrubbed)
    for secret in SECRETS:
        assert secret not in text
    assert scrubbed["extra"]["sku"] == "EL-0001"
    assert scrubbed["exception"]["values"][0]["type"] == "AuthRejected"
    assert scrubbed["exception"]["values"][0]["stacktrace"]["frames"][0]["vars"]["count"] == 3
    assert scrubbed["request"]["headers"]["Accept"] == "application/json"


SENTRY_CHECK = """
import django, sentry_sdk
django.setup()
client = sentry_sdk.get_client()
print("inactive" if not client.is_active() else "active pii=" + str(client.options["send_default_pii"]), flush=True)
if sentry_sdk.get_client().is_active():
    import logging
    logging.getLogger("bozor.sync").warning("retrying with token=%s", "{s0}")
    def push(api_token="{s2}", password="{s1}"):
        raise RuntimeError("connect to postgres://u:{s4}@db/x failed; Authorization: Bearer {s3}")
    try:
        push()
    except RuntimeError as exc:
        sentry_sdk.capture_exception(exc)
    sentry_sdk.flush(10)
"""


class _Collector(BaseHTTPRequestHandler):
    received: list[bytes] = []

    def do_POST(self):  # noqa: N802
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        encoding = self.headers.get("Content-Encoding", "")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "deflate":
            body = zlib.decompress(body)
        type(self).received.append(body)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


def _run_check(tmp_path, **env) -> str:
    code = SENTRY_CHECK.format(**{f"s{i}": s for i, s in enumerate(SECRETS)})
    done = subprocess.run([PYTHON, "-c", code], cwd=BASE_DIR, env=clean_env(tmp_path / "var", **env),
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[0]


def test_sentry_is_not_initialised_without_dsn(tmp_path):
    assert _run_check(tmp_path) == "inactive"


def test_sentry_events_reach_the_collector_without_secrets(tmp_path):
    _Collector.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Collector)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        dsn = f"http://publickey@127.0.0.1:{server.server_address[1]}/1"
        assert _run_check(tmp_path, SENTRY_DSN=dsn) == "active pii=False"
    finally:
        server.shutdown()
    payload = b"\n".join(_Collector.received).decode("utf-8", "replace")
    assert "RuntimeError" in payload and "connect to postgres://u:***@db/x failed" in payload
    for secret in SECRETS:
        assert secret not in payload
