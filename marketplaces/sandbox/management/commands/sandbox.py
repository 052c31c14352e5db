"""`python manage.py sandbox --port 8100`: serve every sandbox marketplace (and the control API)
on their own, in a threaded WSGI server. `--generate-every N` adds new orders/reviews every N s."""
from __future__ import annotations

import threading
import time

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve the sandbox marketplaces (WB, Ozon, Yandex Market, Uzum) and /_sandbox/ control API."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8100)
        parser.add_argument("--time-scale", type=float, default=None, help="override SANDBOX_TIME_SCALE")
        parser.add_argument("--generate-every", type=float, default=0, help="seconds between generator steps")

    def handle(self, *args, host: str, port: int, time_scale: float | None, generate_every: float, **options):
        from django.core.servers.basehttp import WSGIServer, run
        from django.core.wsgi import get_wsgi_application

        settings.ROOT_URLCONF = "marketplaces.sandbox.standalone_urls"
        settings.SANDBOX_ENABLED = True
        if time_scale is not None:
            settings.SANDBOX_TIME_SCALE = time_scale
        if generate_every > 0:
            threading.Thread(target=self._generate, args=(generate_every,), daemon=True).start()
        self.stdout.write(f"Sandbox marketplaces on http://{host}:{port}/ (control API: /_sandbox/)")
        run(host, port, get_wsgi_application(), threading=True, server_cls=WSGIServer)

    def _generate(self, every: float) -> None:
        from marketplaces.sandbox.generator import activity_generate_all

        while True:
            time.sleep(every)
            try:
                activity_generate_all(steps=1)
            except Exception as exc:  # keep serving; the next step retries
                self.stderr.write(f"generator step failed: {exc}")
