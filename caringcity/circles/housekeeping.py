"""Periodic work for circles (``manage.py housekeeping``). Each part adds its jobs in its own block."""


def run(stdout):
    # --- part: decisions: e-mail the circle's secretary, leader and facilitator when a review falls due ---
    from caringcity.circles.services import decisions

    decisions.run_housekeeping(stdout)
