"""Upsert every periodic job declared in code (`<app>.schedules.SCHEDULES`) into django-q2."""
from __future__ import annotations

from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django_q.models import Schedule

PREFIX = "code:"


def declared_schedules() -> list:
    found = []
    for config in apps.get_app_configs():
        try:
            module = import_module(f"{config.name}.schedules")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.schedules":
                raise
            continue
        found.extend(getattr(module, "SCHEDULES", []))
    return found


class Command(BaseCommand):
    help = "Creates or updates the django-q2 schedules declared in code; removes ones no longer declared."

    def handle(self, *args, **options):
        declared = declared_schedules()
        for item in declared:
            Schedule.objects.update_or_create(
                name=PREFIX + item.name,
                defaults={"func": item.func, "schedule_type": Schedule.MINUTES, "minutes": item.minutes,
                          "repeats": -1},
            )
        names = {PREFIX + item.name for item in declared}
        # Only schedules this command owns (prefixed) are removed; per-partner ones stay.
        stale = Schedule.objects.filter(name__startswith=PREFIX).exclude(name__in=names)
        removed, _ = stale.delete()
        self.stdout.write(self.style.SUCCESS(f"{len(declared)} schedule(s) upserted, {removed} removed"))
