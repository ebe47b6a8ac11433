"""Periodic work for circles (``manage.py housekeeping``): e-mail the leader and secretary when a
hat's review date has come, and the secretary, leader and facilitator when a decision's review
falls due. Each is sent once per review date."""

from caringcity.circles.services import decisions, structure


def run(stdout):
    structure.run_housekeeping(stdout)
    decisions.run_housekeeping(stdout)
