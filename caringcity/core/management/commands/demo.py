"""Build (or refresh) the fictional demo neighbourhood. Safe to run again.

Each app that has something to show puts a ``demo.py`` module next to its models with a
``build(ctx)`` function; they run in INSTALLED_APPS order and share ``ctx`` (a dict), so later
capabilities extend the demo without touching this command.
"""

import os

from django.core.management.base import BaseCommand
from django.db import transaction

from caringcity.core.extensions import app_modules


class Command(BaseCommand):
    help = "Load the fictional demo neighbourhood and print the sign-ins (idempotent)."

    def handle(self, *args, **options):
        ctx = {"signins": []}
        with transaction.atomic():
            for module in app_modules("demo"):
                module.build(ctx)
        port = os.environ.get("PORT", "8000")
        self.stdout.write(self.style.SUCCESS(f"Demo loaded. Sign in at http://127.0.0.1:{port}/accounts/login/"))
        self.stdout.write(f"Password for every demo login: {ctx.get('password', '')}")
        for row in ctx["signins"]:
            self.stdout.write(f"  {row['email']:<34} {row['who']}")
            if row.get("totp"):
                self.stdout.write(f"  {'':<34} two-step sign-in secret (demo only): {row['totp']}")
        for line in ctx.get("notes", []):
            self.stdout.write(line)
