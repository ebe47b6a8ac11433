"""Daily (cron or a systemd timer): e-mail people in drip-feed survey rounds whose next questions
have opened. Safe to run more than once a day: each batch is announced once."""

from django.core.management.base import BaseCommand

from caringcity.evaluation.services.surveys import prompts_send


class Command(BaseCommand):
    help = "E-mail people whose next survey questions are waiting (drip-feed rounds). Run daily."

    def handle(self, *args, **options):
        sent = prompts_send()
        self.stdout.write(f"survey prompts: {sent} e-mail(s) queued")
