"""Re-encrypt every encrypted column under the newest (first) key of FIELD_ENCRYPTION_KEYS."""
from __future__ import annotations

from django.core.management.base import BaseCommand

from partners.services.encryption import encryption_keys_rotate


class Command(BaseCommand):
    help = "Re-encrypts every encrypted column under the first key in FIELD_ENCRYPTION_KEYS and reports counts."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, batch_size: int, **options):
        report = encryption_keys_rotate(batch_size=batch_size)
        for column, counts in report.items():
            self.stdout.write(f"{column}: rotated={counts['rotated']} already_current={counts['current']} "
                              f"null={counts['null']}")
        total = sum(c["rotated"] for c in report.values())
        self.stdout.write(self.style.SUCCESS(f"rotated {total} value(s) in {len(report)} column(s)"))
