"""Reads for the rota. Every list fetches its visits and their people in a fixed number of
queries, however many visits there are."""

from datetime import date, datetime, timedelta

from django.db.models import F, Prefetch, Q
from django.http import Http404
from django.utils import timezone

from caringcity.people import selectors as people
from caringcity.teams.models import TeamMember
from caringcity.teams.selectors import teams_visible_to
from caringcity.visits import recurrence
from caringcity.visits.access import record_standing
from caringcity.visits.models import Availability, Series, Signup, SignupStatus, TimeAway, Visit, VisitStatus

PAGE_WEEKS = 2


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def parse_week(value, today=None) -> date:
    """The Monday of the week ``value`` (YYYY-MM-DD) falls in; this week for anything else."""
    today = today or timezone.localdate()
    try:
        day = date.fromisoformat(str(value)) if value else today
    except ValueError:
        day = today
    if not date(2000, 1, 1) <= day <= date(2100, 1, 1):
        day = today
    return week_start(day)


def day_bounds(first: date, days: int):
    """The instants from midnight of ``first`` to midnight ``days`` later, in London."""
    start = recurrence.local_instant(first, datetime.min.time())
    end = recurrence.local_instant(first + timedelta(days=days), datetime.min.time())
    return start, end


def _with_people(visits):
    coming = Prefetch("signups", queryset=Signup.objects.select_related("person").order_by("person__name"), to_attr="answers")
    return visits.select_related("team", "series").prefetch_related(coming)


def team_visits(team, start, end, include_cancelled=True):
    visits = Visit.objects.filter(team=team).between(start, end)
    if not include_cancelled:
        visits = visits.planned()
    return _with_people(visits.order_by("starts", "pk"))


def by_day(visits, first: date, days: int):
    """[(date, [visits])] for each day from ``first``, including empty days."""
    grouped = {first + timedelta(days=i): [] for i in range(days)}
    for visit in visits:
        grouped.setdefault(recurrence.local_date(visit.starts), []).append(visit)
    return [(day, grouped[day]) for day in sorted(grouped) if first <= day < first + timedelta(days=days)]


def coming(visit):
    return [s for s in getattr(visit, "answers", []) if s.status == SignupStatus.JOINED]


def annotate_for(visits, person):
    """Set ``visit.coming`` (people coming) and ``visit.my_answer`` (this person's status)."""
    for visit in visits:
        answers = getattr(visit, "answers", [])
        visit.coming = [s.person for s in answers if s.status == SignupStatus.JOINED]
        visit.my_answer = next((s.status for s in answers if person is not None and s.person_id == person.pk), "")
    return visits


def access_visit(user, team, visit_uuid):
    visit = _with_people(Visit.objects.filter(team=team, uuid=visit_uuid)).first()
    if visit is None:
        raise Http404
    annotate_for([visit], record_standing(user, team).person)
    return visit


def access_series(team, series_uuid):
    series = Series.objects.filter(team=team, uuid=series_uuid).first()
    if series is None:
        raise Http404
    return series


def team_panel(user, team):
    """The next week's visits for the team page, and how many in the next four weeks need cover."""
    if not user.has_perm("visits.view_rota", team):
        return None
    now = timezone.now()
    visits = annotate_for(list(team_visits(team, now, now + timedelta(days=7))), record_standing(user, team).person)
    uncovered = Visit.objects.filter(team=team, starts__gt=now, starts__lt=now + timedelta(days=28)).planned() \
        .filter(joined_count__lt=F("people_needed")).count()
    return {"visits": visits, "uncovered": uncovered, "can_plan": user.has_perm("visits.plan_rota", team)}


def team_members_for_rota(team):
    return list(TeamMember.objects.current().filter(team=team).select_related("person").order_by("person__name"))


def cover_needed(user, commons, weeks=4):
    """Visits still to come in the teams the user can see that need more people."""
    now = timezone.now()
    teams = teams_visible_to(user, commons)
    return (Visit.objects.filter(team__in=teams, starts__gt=now, starts__lt=now + timedelta(weeks=weeks))
            .planned().filter(joined_count__lt=F("people_needed"))
            .select_related("team").order_by("starts", "pk"))


def my_visits(person, commons, start, end):
    """The visits ``person`` is coming to or is asked to cover, in teams they are in now."""
    current = TeamMember.objects.current().filter(team__commons=commons, person=person).values("team")
    visits = (Visit.objects.filter(team__in=current, signups__person=person,
                                   signups__status__in=[SignupStatus.JOINED, SignupStatus.ASKED])
              .between(start, end).distinct())
    return annotate_for(list(_with_people(visits.order_by("starts", "pk"))), person)


def availability(person, commons):
    return list(Availability.objects.filter(person=person, commons=commons))


def time_away(person, commons):
    return list(TimeAway.objects.filter(person=person, commons=commons, last_day__gte=timezone.localdate()))


def clashes(person, visit):
    """Plain warnings when ``person`` joining ``visit`` clashes with what they have said:
    another visit at the same time, time away, or outside their usual free times."""
    warnings = []
    other = (Visit.objects.planned().filter(signups__person=person, signups__status=SignupStatus.JOINED)
             .exclude(pk=visit.pk).filter(starts__lt=visit.ends, ends__gt=visit.starts).select_related("team").first())
    if other is not None:
        warnings.append(_clash_text("visit", other))
    day = recurrence.local_date(visit.starts)
    if TimeAway.objects.filter(person=person, first_day__lte=day, last_day__gte=day).exists():
        warnings.append(_clash_text("away"))
    free = list(Availability.objects.filter(person=person, commons=visit.team.commons))
    if free:
        local_start = timezone.localtime(visit.starts).time()
        local_end = timezone.localtime(visit.ends).time()
        fits = any(int(a.weekday) == day.weekday() and a.start_time <= local_start and
                   (local_end <= a.end_time or local_end < local_start) for a in free)
        if not fits:
            warnings.append(_clash_text("outside"))
    return warnings


def _clash_text(kind, other=None):
    from django.utils.formats import time_format
    from django.utils.translation import gettext as _

    if kind == "visit":
        return _("You are already coming to another visit at that time (%(team)s, %(time)s).") % {
            "team": other.team.name, "time": time_format(timezone.localtime(other.starts), "TIME_FORMAT")}
    if kind == "away":
        return _("You said you are away that day.")
    return _("This is outside the times you said you are usually free.")


def clashes_for_visits(person, visits):
    """{visit pk: [warnings]} for a person across several visits, in a fixed number of queries."""
    if person is None or not visits:
        return {}
    first, last = min(v.starts for v in visits), max(v.ends for v in visits)
    mine = list(Visit.objects.planned().filter(signups__person=person, signups__status=SignupStatus.JOINED)
                .filter(starts__lt=last, ends__gt=first).select_related("team"))
    away = list(TimeAway.objects.filter(person=person, last_day__gte=recurrence.local_date(first),
                                        first_day__lte=recurrence.local_date(last)))
    result = {}
    for visit in visits:
        if visit.my_answer == SignupStatus.JOINED:
            continue
        warnings = []
        other = next((o for o in mine if o.pk != visit.pk and o.starts < visit.ends and o.ends > visit.starts), None)
        if other:
            warnings.append(_clash_text("visit", other))
        day = recurrence.local_date(visit.starts)
        if any(a.first_day <= day <= a.last_day for a in away):
            warnings.append(_clash_text("away"))
        if warnings:
            result[visit.pk] = warnings
    return result


def uncovered_count(team_ids, start, end):
    return (Visit.objects.filter(team_id__in=team_ids).between(start, end).planned()
            .filter(joined_count__lt=F("people_needed")).count())


def series_for_team(team):
    return list(Series.objects.filter(team=team, ended=False).filter(Q(until__isnull=True) | Q(until__gte=timezone.localdate()))
                .order_by("start_time"))


# --- for evaluation indicators ---
# Set-based reads over every team of a commons at once, grouped in the database by team and
# calendar month (local time, ``settings.TIME_ZONE``): a fixed number of queries, whatever the
# number of teams or visits. "Done" visits are planned (not cancelled) visits that had ended by
# ``until`` and that at least one person joined.

def _ended_visits(commons, until):
    return Visit.objects.filter(team__commons=commons, status=VisitStatus.PLANNED, ends__lte=until)


def visit_months_for_indicators(commons, until):
    """Per team and month of its start: planned visits that had ended by ``until`` (``total``) and
    those at least one person joined (``covered``). Rows: ``team_id, month, total, covered``."""
    from django.db.models import Count, DateField, Exists, OuterRef
    from django.db.models.functions import TruncMonth

    joined = Signup.objects.filter(visit=OuterRef("pk"), status=SignupStatus.JOINED)
    return list(_ended_visits(commons, until)
                .annotate(month=TruncMonth("starts", output_field=DateField()), helped=Exists(joined))
                .values("team_id", "month")
                .annotate(total=Count("pk"), covered=Count("pk", filter=Q(helped=True)))
                .values_list("team_id", "month", "total", "covered").order_by())


def helper_first_visits_for_indicators(commons, until):
    """When each helper first came to each team: ``team_id, person_id, first_starts`` (the start of
    their earliest done visit with that team)."""
    from django.db.models import Min

    return list(Signup.objects.filter(status=SignupStatus.JOINED, visit__in=_ended_visits(commons, until))
                .values("visit__team_id", "person_id").annotate(first=Min("visit__starts"))
                .values_list("visit__team_id", "person_id", "first").order_by())


def helper_time_for_indicators(commons, until):
    """Time each helper gave each team each month on done visits: ``team_id, person_id, month,
    visits, duration`` (a timedelta: the sum of the visits' planned lengths)."""
    from django.db.models import Count, DateField, DurationField, ExpressionWrapper, Sum
    from django.db.models.functions import TruncMonth

    length = ExpressionWrapper(F("visit__ends") - F("visit__starts"), output_field=DurationField())
    return list(Signup.objects.filter(status=SignupStatus.JOINED, visit__in=_ended_visits(commons, until))
                .annotate(month=TruncMonth("visit__starts", output_field=DateField()))
                .values("visit__team_id", "person_id", "month")
                .annotate(visits=Count("pk"), duration=Sum(length))
                .values_list("visit__team_id", "person_id", "month", "visits", "duration").order_by())


def first_visit_start_for_indicators(commons):
    """The start of the commons' earliest visit, or None."""
    from django.db.models import Min

    return Visit.objects.filter(team__commons=commons).aggregate(first=Min("starts"))["first"]
