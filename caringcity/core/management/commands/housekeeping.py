"""Periodic jobs, for cron or a systemd timer (every 15 minutes is plenty). Safe to run often.

Each app may add a ``housekeeping.py`` module with ``run(stdout)``; this command runs core's own
jobs and then theirs, in INSTALLED_APPS order.
"""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from caringcity.core.extensions import app_modules
from caringcity.core.services import email_purge_sent, email_retry_unsent


class Command(BaseCommand):
    help = "Run Caring City's periodic jobs (retry unsent e-mail, wipe old e-mail bodies, expire access, prune task results)."

    def handle(self, *args, **options):
        retried = email_retry_unsent(older_than_minutes=5)
        purged = email_purge_sent(older_than_days=settings.CARINGCITY["SENT_EMAIL_KEEP_DAYS"])
        self.stdout.write(f"e-mail: {retried} re-queued, {purged} old bodies wiped")
        for module in app_modules("housekeeping"):
            module.run(self.stdout)
        if settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend":
            call_command("prune_db_task_results", "--min-age-days", "14", verbosity=0)
