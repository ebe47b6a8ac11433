"""Reads for the medication record (MAR): active medicines, the doses scheduled at a visit, their
outcomes (with the originals they replaced), and the weekly chart."""

import re
from datetime import date, datetime, timedelta

from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from caringcity.visits.models import DoseOutcome, DoseResult, Medicine

TIME_RE = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")

# Codes on the chart (one or two letters, explained in the key).
CODES = {
    DoseResult.GIVEN: "G",
    DoseResult.PROMPTED: "P",
    DoseResult.REFUSED: "R",
    DoseResult.NOT_TAKEN: "N",
    DoseResult.NOT_OBSERVED: "O",
}


def parse_times(text):
    """'8:00, 20:00' -> ['08:00', '20:00'] (sorted, no repeats). Raises ValueError naming the bad part."""
    result = set()
    for part in (text or "").replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        match = TIME_RE.match(part)
        if not match:
            raise ValueError(part)
        result.add(f"{int(match.group(1)):02d}:{match.group(2)}")
    return sorted(result)


def medicines(team):
    return team.medicines.all().order_by("name", "pk")


def medicine_for(team, medicine_uuid):
    medicine = Medicine.objects.filter(team=team, uuid=medicine_uuid).first()
    if medicine is None:
        raise Http404
    return medicine


def active_on(qs, first, last):
    """Medicines taken on some day between ``first`` and ``last`` (local dates, inclusive)."""
    return qs.filter(first_day__lte=last).filter(Q(last_day__isnull=True) | Q(last_day__gte=first))


def _local_dt(day, t, tz):
    return timezone.make_aware(datetime.combine(day, t), tz)


def scheduled_doses(visit, meds=None):
    """[(medicine, scheduled datetime)] for each active medicine's times that fall inside the
    visit (start included, end not), on the visit's local date(s), in Europe/London."""
    tz = timezone.get_current_timezone()
    first = timezone.localtime(visit.starts, tz).date()
    last = timezone.localtime(visit.ends, tz).date()
    if meds is None:
        meds = list(active_on(Medicine.objects.filter(team_id=visit.team_id), first, last))
    result = []
    day = first
    while day <= last:
        for med in meds:
            if med.first_day > day or (med.last_day and med.last_day < day):
                continue
            for t in med.time_list:
                when = _local_dt(day, t, tz)
                if visit.starts <= when < visit.ends:
                    result.append((med, when))
        day += timedelta(days=1)
    result.sort(key=lambda pair: (pair[1], pair[0].name))
    return result


def dose_rows(visit):
    """Each scheduled dose of the visit with its current outcome and the outcomes it replaced
    (newest first), plus outcomes recorded for doses no longer scheduled (so nothing hides)."""
    outcomes = list(DoseOutcome.objects.filter(visit=visit).select_related("medicine", "recorded_by", "acting_for")
                    .order_by("created", "pk"))
    by_key = {}
    for o in outcomes:
        by_key.setdefault((o.medicine_id, o.scheduled), []).append(o)
    rows = []
    seen = set()
    for med, when in scheduled_doses(visit):
        key = (med.pk, when)
        seen.add(key)
        rows.append(_row(med, when, by_key.get(key, [])))
    for (med_id, when), items in by_key.items():
        if (med_id, when) not in seen:
            rows.append(_row(items[0].medicine, when, items))
    rows.sort(key=lambda r: (r["scheduled"], r["medicine"].name))
    return rows


def _row(med, when, items):
    current = next((o for o in items if o.current), None)
    old = [o for o in reversed(items) if not o.current]
    return {"medicine": med, "scheduled": when, "current": current, "history": old,
            "key": f"{med.uuid}-{when:%Y%m%d%H%M}"}


def missing_doses(visit):
    """Scheduled doses of the visit that have no current outcome."""
    recorded = set(DoseOutcome.objects.filter(visit=visit, current=True).values_list("medicine_id", "scheduled"))
    return [(med, when) for med, when in scheduled_doses(visit) if (med.pk, when) not in recorded]


def outcome_for(visit, outcome_uuid):
    outcome = DoseOutcome.objects.filter(visit=visit, uuid=outcome_uuid, current=True).select_related("medicine").first()
    if outcome is None:
        raise Http404
    return outcome


def parse_week(value, today=None):
    """The Monday of the week holding ``value`` (YYYY-MM-DD), or of this week when it is missing or wrong."""
    today = today or timezone.localdate()
    try:
        day = date.fromisoformat(value) if value else today
    except (TypeError, ValueError):
        day = today
    if not date(2000, 1, 1) <= day <= date(2100, 1, 1):
        day = today
    return day - timedelta(days=day.weekday())


def mar_week(team, monday):
    """The chart for one week: rows of (medicine, time) with a cell per day. Two queries."""
    tz = timezone.get_current_timezone()
    days = [monday + timedelta(days=i) for i in range(7)]
    meds = list(active_on(Medicine.objects.filter(team=team), days[0], days[-1]).order_by("name", "pk"))
    start = _local_dt(days[0], datetime.min.time(), tz)
    end = _local_dt(days[-1] + timedelta(days=1), datetime.min.time(), tz)
    outcomes = {}
    for o in DoseOutcome.objects.filter(medicine__team=team, current=True, scheduled__gte=start, scheduled__lt=end):
        local = timezone.localtime(o.scheduled, tz)
        outcomes[(o.medicine_id, local.date(), local.strftime("%H:%M"))] = o
    rows = []
    for med in meds:
        for t in med.time_list:
            label = t.strftime("%H:%M")
            cells = []
            for day in days:
                active = med.first_day <= day and (med.last_day is None or med.last_day >= day)
                o = outcomes.get((med.pk, day, label))
                cells.append({"day": day, "active": active, "outcome": o, "code": CODES.get(o.result, "") if o else ""})
            rows.append({"medicine": med, "time": label, "cells": cells})
    key = [(code, DoseResult(result).label) for result, code in CODES.items()]
    return {"monday": monday, "days": days, "rows": rows, "key": key,
            "previous": monday - timedelta(days=7), "next": monday + timedelta(days=7)}
