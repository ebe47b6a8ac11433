"""Demo rota: three weeks back and four weeks ahead for Arthur's and Gloria's teams, repeating
and one-off visits, paid and gifted, one cancelled visit, and exactly one visit next week that
still needs someone. Refreshed (not duplicated) when run again: a series that does not start on
the expected date is replaced."""

from datetime import time, timedelta

from django.utils import timezone

from caringcity.visits.models import Frequency, Series, Signup, SignupStatus, Visit, VisitStatus
from caringcity.visits.selectors.rota import week_start
from caringcity.visits.services.rota import rota_plan

PAST_DAYS = 21
AHEAD_DAYS = 28


def _series(team, actor, title, start, **data):
    """The demo series ``title`` of ``team`` starting on ``start``: kept if it is already there."""
    existing = Series.objects.filter(team=team, title=title).first()
    if existing and existing.start_date == start:
        return existing
    if existing:
        Visit.objects.filter(series=existing).delete()
        existing.delete()
    series, _visits = rota_plan(actor=actor, team=team, data={
        "title": title, "start_date": start, "place_detail": "", "paid": False, "people_needed": 1,
        "interval": 1, "weekdays": [], "until": start + timedelta(days=PAST_DAYS + AHEAD_DAYS), "count": None, **data})
    return series


def _one_off(team, actor, title, day, **data):
    visit = Visit.objects.filter(team=team, title=title, series=None).first()
    if visit and timezone.localtime(visit.starts).date() == day:
        return visit
    if visit:
        visit.delete()
    _s, visits = rota_plan(actor=actor, team=team, data={
        "title": title, "start_date": day, "frequency": Frequency.ONCE, "place_detail": "", "paid": False,
        "people_needed": 1, **data})
    return visits[0]


def _staff(visits, pick):
    """Sign people up directly (the services refuse answers for visits already started)."""
    rows = []
    for visit in visits:
        people = pick(visit)
        for person in people:
            rows.append(Signup(visit=visit, person=person, status=SignupStatus.JOINED))
        visit.joined_count = len(people)
    Signup.objects.filter(visit__in=visits).delete()
    Signup.objects.bulk_create(rows)
    Visit.objects.bulk_update(visits, ["joined_count"])


def build(ctx):
    p, teams = ctx["people"], ctx["teams"]
    arthur, gloria = teams["arthur"], teams["gloria"]
    janet, rosa, ayo, zeynep, chloe = p["proxy"], p["member"], p["ayo"], p["zeynep"], p["chloe"]
    today = timezone.localdate()
    start = today - timedelta(days=PAST_DAYS)
    next_week = week_start(today) + timedelta(days=7)

    # Arthur's team: Janet (his daughter) holds the Rota Holder hat.
    morning = _series(arthur, janet.user, "Morning help", start, purpose="personal_care", place="home", paid=True,
                      frequency=Frequency.DAILY, start_time=time(9, 0), duration_minutes=45)
    tea = _series(arthur, janet.user, "Tea and a chat", start, purpose="companionship", place="home",
                  frequency=Frequency.WEEKLY, weekdays=[1, 3], start_time=time(15, 0), duration_minutes=60)
    market = _series(arthur, janet.user, "Sunday market", start, purpose="outing", place="out",
                     place_detail="Chatsworth Road Market", frequency=Frequency.WEEKLY, weekdays=[6],
                     start_time=time(11, 0), duration_minutes=120)
    gp = _one_off(arthur, janet.user, "Hearing check", next_week + timedelta(days=2), purpose="appointment", place="out",
                  place_detail="Clapton Park health centre", start_time=time(10, 30), duration_minutes=90)

    _staff(list(morning.visits.all()), lambda v: [janet] if v.starts.weekday() >= 5 else [ayo])
    _staff(list(tea.visits.all()), lambda v: [rosa])
    _staff(list(market.visits.order_by("starts")), lambda v: [janet])
    _staff([gp], lambda v: [janet])
    # The one visit next week that still needs someone: the Sunday market trip.
    uncovered = market.visits.filter(occurrence=next_week + timedelta(days=6)).first()
    if uncovered:
        _staff([uncovered], lambda v: [])
    # A cancelled tea in the past, with its reason.
    past_tea = tea.visits.filter(starts__lt=timezone.now()).order_by("starts").first()
    if past_tea and past_tea.status != VisitStatus.CANCELLED:
        past_tea.status, past_tea.cancel_reason, past_tea.sequence = VisitStatus.CANCELLED, "Arthur was at his sister's in Leyton.", past_tea.sequence + 1
        past_tea.save(update_fields=["status", "cancel_reason", "sequence"])

    # Gloria's team: Zeynep holds the Rota Holder hat.
    evening = _series(gloria, zeynep.user, "Evening help", start, purpose="meals", place="home", paid=True,
                      frequency=Frequency.WEEKLY, weekdays=[0, 2, 4], start_time=time(18, 0), duration_minutes=60)
    walk = _series(gloria, zeynep.user, "Walk in the park", start, purpose="outing", place="out",
                   place_detail="Springfield Park", frequency=Frequency.WEEKLY, weekdays=[5],
                   start_time=time(10, 0), duration_minutes=90)
    _staff(list(evening.visits.all()), lambda v: [ayo])
    walks = list(walk.visits.order_by("starts"))
    _staff(walks, lambda v: [zeynep] if walks.index(v) % 2 == 0 else [chloe])

    ctx["visits_uncovered"] = uncovered
    ctx.setdefault("notes", []).append(
        "Rota: Arthur's and Gloria's teams have visits three weeks back and four weeks ahead; "
        "next week's Sunday market trip for Arthur still needs someone.")
