"""The benches' in-process web server: the whole Django app (sandboxes included) on 127.0.0.1,
served from a daemon thread, request lines not logged. Call after django.setup()."""
from __future__ import annotations

import threading


def wsgi_serve(port: int = 0):
    """Returns (server, base URL); `server.shutdown()` stops it."""
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    server = ThreadedWSGIServer(("127.0.0.1", port), Quiet)
    server.set_app(get_wsgi_application())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"
