"""`python manage.py sandbox_generate --steps 5`: run the seeded order/review generator once
(also callable from a periodic job as marketplaces.sandbox.generator.activity_generate_all)."""
from django.core.management.base import BaseCommand

from marketplaces.sandbox.generator import activity_generate_all


class Command(BaseCommand):
    help = "Create new sandbox orders and reviews (seeded, deterministic)."

    def add_arguments(self, parser):
        parser.add_argument("--steps", type=int, default=1)

    def handle(self, *args, steps: int, **options):
        count = activity_generate_all(steps=steps)
        self.stdout.write(f"{steps} generator step(s) for {count} sandbox account(s)")
