"""`manage.py demo_seed`: the demo partner, its products and a staff admin; prints the logins."""
from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from partners.services.demo import DemoRefused, demo_seed


class Command(BaseCommand):
    help = "Create or refresh demo data (embedded default only) and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--base-url", default=None, help="Public base URL printed with the logins.")
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print the logins.")

    def handle(self, *args, base_url=None, quiet_logins=False, **options):
        try:
            result = demo_seed(base_url=base_url)
        except DemoRefused as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Demo partner {result.partner.legal_name!r}: {len(result.warehouses)} warehouses, "
            f"{result.products_created} products created, {result.products_updated} updated."
        )
        for line in result.sandbox_lines:
            self.stdout.write(f"  sandbox: {line}")
        if not quiet_logins:
            for login in result.logins:
                self.stdout.write(f"  {login.role:<14} {login.email:<20} password: {login.password:<18} {login.url}")
