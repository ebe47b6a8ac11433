"""``python manage.py evaluation_refresh [--commons slug]``: count every indicator again, for one
commons or all of them. Meant for cron or a systemd timer (for example nightly)."""

from django.core.management.base import BaseCommand, CommandError

from caringcity.core.models import Commons
from caringcity.evaluation.services.indicators import indicators_refresh


class Command(BaseCommand):
    help = "Count the evaluation indicators again from the platform's records."

    def add_arguments(self, parser):
        parser.add_argument("--commons", metavar="SLUG", help="only this commons (default: every commons)")

    def handle(self, *args, **options):
        commons_list = Commons.objects.order_by("slug")
        if options["commons"]:
            commons_list = commons_list.filter(slug=options["commons"])
            if not commons_list.exists():
                raise CommandError(f"No commons with the short name {options['commons']!r}.")
        for commons in commons_list:
            refresh = indicators_refresh(commons=commons)
            self.stdout.write(f"{commons.slug}: {refresh.values_written} values in {refresh.seconds:.2f} s")
