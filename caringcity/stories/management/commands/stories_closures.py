"""Reopen interviews whose closure has reached its end date (closed -> agreed). Run it once a day
from cron (see docs/stories-interviews.md); safe to run more often or twice."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from caringcity.stories.services.interviews import closures_expire


class Command(BaseCommand):
    help = "Reopen interviews whose closure ends today or earlier."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="The day to count as today (YYYY-MM-DD); for testing.")

    def handle(self, *args, today=None, **options):
        day = None
        if today:
            try:
                day = datetime.date.fromisoformat(today)
            except ValueError as exc:
                raise CommandError("--today must be a date like 2026-05-12.") from exc
        count = closures_expire(day)
        self.stdout.write(f"{count} interview(s) reopened.")
