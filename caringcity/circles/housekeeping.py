"""Periodic work for circles (``manage.py housekeeping``). Each part appends its job to ``JOBS``."""

JOBS = []


def run(stdout):
    for job in JOBS:
        job(stdout)


# --- structure: e-mail the leader and secretary when a hat's review date has come ------------------
def _hat_reviews(stdout):
    from caringcity.circles.services.structure import run_housekeeping

    run_housekeeping(stdout)


JOBS.append(_hat_reviews)
