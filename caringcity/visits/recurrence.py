"""Turning a series into dates, and local times into instants.

Dates come from ``dateutil.rrule`` (RFC 5545 recurrence rules). A series keeps its local start
time; each visit's start is that wall-clock time in Europe/London on its date, so a 9 am visit
stays at 9 am when the clocks change. A time that does not exist on the day the clocks go
forward (1:30 am) is read as the hour before the change, as zoneinfo does (it starts at 2:30 BST).
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil import rrule
from django.conf import settings
from django.utils import timezone

from caringcity.visits.models import Frequency

LONDON = ZoneInfo(settings.TIME_ZONE)
MAX_SPAN_DAYS = 2 * 366  # a series can plan at most two years ahead
MAX_COUNT = 750  # and at most this many visits

_FREQ = {Frequency.DAILY: rrule.DAILY, Frequency.WEEKLY: rrule.WEEKLY, Frequency.MONTHLY: rrule.MONTHLY}


def local_instant(day: date, at) -> datetime:
    """The aware instant of wall-clock time ``at`` on ``day`` in London."""
    return datetime.combine(day, at).replace(tzinfo=LONDON)


def local_date(instant: datetime) -> date:
    return timezone.localtime(instant, LONDON).date()


def rule_for(frequency, *, start_date, interval=1, weekdays=(), until=None, count=None):
    """The rrule of a repeating series (never for ``once``)."""
    kwargs = {"dtstart": datetime.combine(start_date, datetime.min.time()), "interval": max(interval, 1)}
    if frequency == Frequency.WEEKLY:
        kwargs["byweekday"] = sorted(set(weekdays)) or [start_date.weekday()]
    if frequency == Frequency.MONTHLY:
        kwargs["bymonthday"] = start_date.day
    if until:
        kwargs["until"] = datetime.combine(until, datetime.min.time())
    if count:
        kwargs["count"] = count
    return rrule.rrule(_FREQ[frequency], **kwargs)


def dates(frequency, *, start_date, interval=1, weekdays=(), until=None, count=None, after=None):
    """The local dates of a series, on or after ``after`` if given. Callers make sure the series
    ends (``until`` or ``count``); the caps stop a runaway all the same."""
    if frequency == Frequency.ONCE:
        result = [start_date]
    else:
        rule = rule_for(frequency, start_date=start_date, interval=interval, weekdays=weekdays, until=until, count=count)
        limit = start_date + timedelta(days=MAX_SPAN_DAYS)
        result = []
        for moment in rule:
            if moment.date() > limit or len(result) >= MAX_COUNT:
                break
            result.append(moment.date())
    if after:
        result = [d for d in result if d >= after]
    return result


def series_dates(series, after=None):
    return dates(series.frequency, start_date=series.start_date, interval=series.interval,
                 weekdays=series.weekday_list, until=series.until, count=series.count, after=after)
