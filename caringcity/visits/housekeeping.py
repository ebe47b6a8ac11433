"""Periodic work for the rota and records (``manage.py housekeeping``, every 15 minutes):
reminders before visits, visit logs that confirm by themselves, and concerns due for review."""

from caringcity.visits.services import concerns, feeds, logs


def run(stdout):
    feeds.run_housekeeping(stdout)
    logs.run_housekeeping(stdout)
    concerns.run_housekeeping(stdout)
