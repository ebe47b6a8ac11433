"""Visits by area, for the map of places in the networks of care. Counts only: the area is the
postcode district (outward code, "E5") of the person visited (the team owner), never their
postcode, and nobody is named. Only visits the user may see are counted: visits of the teams
whose rota they may see (rule ``visits.view_rota``; its queryset twin is
``teams.selectors.teams_visible_to``). Networks reads visits only through this module."""

from datetime import date, time

from django.db.models import Count

from caringcity.core.geo import outward
from caringcity.teams.selectors import teams_visible_to
from caringcity.visits import recurrence
from caringcity.visits.models import Visit


def month_bounds(day: date):
    """The instants from the first of ``day``'s month to the first of the next month, in London."""
    first = day.replace(day=1)
    following = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    return recurrence.local_instant(first, time.min), recurrence.local_instant(following, time.min)


def visits_by_area(user, commons, start, end):
    """[(district, number of visits)] of the visits the user may see that start in [start, end)
    and are not cancelled, by the postcode district of the person visited. District "" holds
    visits to people with no postcode. Sorted by district. One query."""
    rows = (Visit.objects.planned()
            .filter(team__in=teams_visible_to(user, commons), team__commons=commons, starts__gte=start, starts__lt=end)
            .values("team__owner__postcode").annotate(n=Count("pk")).order_by())
    counts = {}
    for row in rows:
        district = outward(row["team__owner__postcode"])
        counts[district] = counts.get(district, 0) + row["n"]
    return sorted(counts.items(), key=lambda item: (item[0] == "", item[0]))
