"""Writes for the rota: planning visits (one-off or repeating), changing a series from today on,
joining and declining, asking someone to cover, swapping people, availability and time away.

Every write is atomic and audited (who, what, when; never the content)."""

import uuid
from datetime import date, timedelta
from datetime import timezone as dt_timezone

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from caringcity.core.models import AuditEvent
from caringcity.core.services import audit_record, email_queue
from caringcity.people import selectors as people
from caringcity.teams.models import TeamMember
from caringcity.visits import recurrence
from caringcity.visits.access import record_standing
from caringcity.visits.models import (
    Availability,
    Frequency,
    Series,
    Signup,
    SignupStatus,
    TimeAway,
    Visit,
    VisitStatus,
)

A = AuditEvent.Action
DETAIL_FIELDS = ["title", "purpose", "place", "place_detail", "paid", "people_needed"]
MAX_PEOPLE = 6


def _audit(actor, action, obj, team, **extra):
    acting_for = extra.pop("acting_for", None)
    if acting_for is None:
        me = people.person_for_user(actor)
        acting_for = team.owner if me is not None and me.pk != team.owner_id and record_standing(actor, team).is_proxy else None
    return audit_record(actor=actor, action=action, obj=obj, commons=team.commons, subject=team.owner,
                        acting_for=acting_for, **extra)


def _me(actor, team):
    me = record_standing(actor, team).person
    if me is None:
        raise ValidationError(_("Only people in this commons can do that."))
    return me


def _forget(actor):
    if actor is not None:
        actor.__dict__.pop("_cc_record_standing", None)


# --- planning --------------------------------------------------------------------------------

def check_plan(data):
    """The rules a plan must keep. ``data`` has the series fields. Raises ValidationError keyed by
    field, so the form shows each message next to its field."""
    errors = {}
    frequency = data.get("frequency") or Frequency.ONCE
    start_date, until, count = data.get("start_date"), data.get("until"), data.get("count")
    minutes = data.get("duration_minutes") or 0
    if minutes <= 0:
        errors["duration_minutes"] = _("The visit must end after it starts.")
    elif minutes > 24 * 60:
        errors["duration_minutes"] = _("A visit can be at most 24 hours long.")
    needed = data.get("people_needed") or 0
    if not 1 <= needed <= MAX_PEOPLE:
        errors["people_needed"] = _("Choose from 1 to %(n)s people.") % {"n": MAX_PEOPLE}
    if frequency != Frequency.ONCE and start_date:
        if not until and not count:
            errors["until"] = _("Say when the visits stop: a last date or how many times. A rota with no end would go on for ever.")
        if until and until < start_date:
            errors["until"] = _("The last date must be on or after the first date.")
        if until and until > start_date + timedelta(days=recurrence.MAX_SPAN_DAYS):
            errors["until"] = _("Plan at most two years ahead. You can add more later.")
        if count is not None and not 1 <= count <= recurrence.MAX_COUNT:
            errors["count"] = _("Choose from 1 to %(n)s times.") % {"n": recurrence.MAX_COUNT}
        if (data.get("interval") or 1) > 12:
            errors["interval"] = _("Choose from 1 to 12.")
    if start_date and start_date < timezone.localdate() - timedelta(days=60):
        errors["start_date"] = _("The first date can be at most 60 days ago.")
    if errors:
        raise ValidationError(errors)


def _visit_from(team, series, day, data, actor):
    starts = recurrence.local_instant(day, data["start_time"])
    return Visit(
        team=team, series=series, occurrence=day if series else None,
        starts=starts, ends=starts + timedelta(minutes=data["duration_minutes"]),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        **{f: data.get(f, Visit._meta.get_field(f).get_default()) for f in DETAIL_FIELDS},
    )


@transaction.atomic
def rota_plan(*, actor, team, data):
    """Plan one visit or a repeating series. Returns (series or None, the visits made)."""
    check_plan(data)
    frequency = data.get("frequency") or Frequency.ONCE
    if frequency == Frequency.ONCE:
        visit = _visit_from(team, None, data["start_date"], data, actor)
        visit.save()
        _audit(actor, A.CREATE, visit, team)
        return None, [visit]
    series = Series.objects.create(
        team=team, start_date=data["start_date"], start_time=data["start_time"],
        duration_minutes=data["duration_minutes"], frequency=frequency, interval=data.get("interval") or 1,
        weekdays=",".join(str(d) for d in sorted(set(data.get("weekdays") or [data["start_date"].weekday()]))),
        until=data.get("until"), count=data.get("count"),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        **{f: data.get(f, Series._meta.get_field(f).get_default()) for f in DETAIL_FIELDS},
    )
    days = recurrence.series_dates(series)
    if not days:
        raise ValidationError({"weekdays": _("These choices give no dates. Check the days and the last date.")})
    made = _insert_series_visits(team, series, days, data, actor)
    series.generated_until = days[-1]
    series.save(update_fields=["generated_until"])
    _audit(actor, A.CREATE, series, team, reason=f"{made} visits")
    return series, series.visits.order_by("starts", "pk")


def _insert_series_visits(team, series, days, data, actor):
    """Insert the visits of one new series straight from its dates. Every visit of a series shares
    all its values but its uuid, date and times, so the shared values are prepared for the
    database once. Building a model object per visit and letting ``bulk_create`` prepare every
    value took several times longer than the 10 s the benchmark allows for a year of rota for
    200 teams (bench/run.py)."""
    fields = [f for f in Visit._meta.concrete_fields if not f.primary_key]
    varying = ("uuid", "starts", "ends", "occurrence")
    now = timezone.now()
    template = _visit_from(team, series, days[0], data, actor)
    template.created = template.updated = now
    shared = {f.attname: f.get_db_prep_save(getattr(template, f.attname), connection) for f in fields if f.attname not in varying}
    ops = connection.ops
    if connection.vendor == "sqlite":  # what Django stores there with USE_TZ: naive UTC text
        moment = lambda d: str(d.astimezone(dt_timezone.utc).replace(tzinfo=None))  # noqa: E731
    else:
        moment = ops.adapt_datetimefield_value
    new_uuid = (lambda: uuid.uuid4()) if connection.features.has_native_uuid_field else (lambda: uuid.uuid4().hex)
    length = timedelta(minutes=data["duration_minutes"])
    at = data["start_time"]
    rows = []
    for day in days:
        starts = recurrence.local_instant(day, at)
        values = {"uuid": new_uuid(), "starts": moment(starts), "ends": moment(starts + length),
                  "occurrence": ops.adapt_datefield_value(day)}
        rows.append(tuple(values[f.attname] if f.attname in values else shared[f.attname] for f in fields))
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        ops.quote_name(Visit._meta.db_table), ", ".join(ops.quote_name(f.column) for f in fields), ", ".join(["%s"] * len(fields)))
    with connection.cursor() as cursor:
        for i in range(0, len(rows), 1000):
            cursor.executemany(sql, rows[i:i + 1000])
    return len(rows)


@transaction.atomic
def series_change(*, actor, series, data, today=None):
    """Change a series from today on. Visits already started, and visits changed one by one,
    stay as they are. A future visit on a date the series still has keeps its people; a future
    visit on a date the series no longer has is cancelled (so calendars drop it)."""
    today = today or timezone.localdate()
    merged = {**{f: getattr(series, f) for f in ["frequency", "interval", "until", "count", "start_time", "duration_minutes", *DETAIL_FIELDS]},
              "start_date": series.start_date, "weekdays": series.weekday_list, **data}
    if merged["frequency"] == Frequency.ONCE:
        raise ValidationError({"frequency": _("A repeating visit stays repeating. To stop it, end the series.")})
    check_plan({**merged, "start_date": max(series.start_date, today)} if merged["start_date"] < today - timedelta(days=60) else merged)
    for field in ["interval", "until", "count", "start_time", "duration_minutes", *DETAIL_FIELDS]:
        setattr(series, field, merged[field])
    series.weekdays = ",".join(str(d) for d in sorted(set(merged["weekdays"] or [series.start_date.weekday()])))
    series.save()
    now = timezone.now()
    keep = set(recurrence.series_dates(series, after=today))
    future = list(series.visits.filter(starts__gt=now, detached=False))
    changed, cancelled = [], []
    for visit in future:
        if visit.occurrence in keep and visit.status == VisitStatus.PLANNED:
            fresh = _visit_from(series.team, series, visit.occurrence, merged, actor)
            visit.starts, visit.ends = fresh.starts, fresh.ends
            for f in DETAIL_FIELDS:
                setattr(visit, f, getattr(fresh, f))
            visit.sequence += 1
            changed.append(visit)
        elif visit.status == VisitStatus.PLANNED:
            visit.status, visit.cancel_reason, visit.sequence = VisitStatus.CANCELLED, _("The repeating visit changed."), visit.sequence + 1
            cancelled.append(visit)
    Visit.objects.bulk_update(changed + cancelled, ["starts", "ends", "status", "cancel_reason", "sequence", *DETAIL_FIELDS], batch_size=500)
    existing = set(series.visits.values_list("occurrence", flat=True))
    new = [_visit_from(series.team, series, d, merged, actor) for d in sorted(keep - existing)
           if recurrence.local_instant(d, merged["start_time"]) > now]
    Visit.objects.bulk_create(new, batch_size=500)
    dates = sorted(keep)
    series.generated_until = dates[-1] if dates else series.generated_until
    series.save(update_fields=["generated_until"])
    _audit(actor, A.UPDATE, series, series.team, reason=f"{len(changed)} changed, {len(cancelled)} cancelled, {len(new)} added")
    return series


@transaction.atomic
def series_end(*, actor, series, reason=""):
    """Stop a series: its visits still to come are cancelled; past visits stay."""
    if series.ended:
        raise ValidationError(_("This repeating visit has already ended."))
    series.ended = True
    series.save(update_fields=["ended"])
    count = series.visits.filter(starts__gt=timezone.now(), status=VisitStatus.PLANNED).update(
        status=VisitStatus.CANCELLED, cancel_reason=(reason or _("The repeating visit ended."))[:200],
        sequence=F("sequence") + 1, updated=timezone.now(),
    )
    _audit(actor, A.UPDATE, series, series.team, reason=f"ended, {count} cancelled")
    return series


@transaction.atomic
def visit_change(*, actor, visit, data):
    """Change one visit. It no longer follows its series."""
    if visit.is_cancelled:
        raise ValidationError(_("This visit is cancelled. Plan a new one instead."))
    if visit.ends <= timezone.now():
        raise ValidationError(_("This visit is over, so it can't be changed. Its log can be."))
    check_plan({**data, "frequency": Frequency.ONCE})
    fresh = _visit_from(visit.team, None, data["start_date"], data, actor)
    if fresh.people_needed < visit.joined_count:
        raise ValidationError({"people_needed": _("%(n)s people are already coming. Ask someone to drop out first.") % {"n": visit.joined_count}})
    visit.starts, visit.ends = fresh.starts, fresh.ends
    for f in DETAIL_FIELDS:
        setattr(visit, f, getattr(fresh, f))
    visit.detached = visit.series_id is not None
    visit.sequence += 1
    visit.save()
    _audit(actor, A.UPDATE, visit, visit.team)
    for signup in visit.signups.filter(status=SignupStatus.JOINED).select_related("person__user"):
        _tell(signup.person, actor, visit, _("A visit you are coming to has changed"), "visits/email/visit_changed.txt")
    return visit


@transaction.atomic
def visit_cancel(*, actor, visit, reason):
    if visit.is_cancelled:
        raise ValidationError(_("This visit is already cancelled."))
    if visit.starts <= timezone.now():
        raise ValidationError(_("This visit has already started, so it can't be cancelled."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why, so the people coming know.")})
    visit.status, visit.cancel_reason = VisitStatus.CANCELLED, reason.strip()[:200]
    visit.sequence += 1
    visit.save(update_fields=["status", "cancel_reason", "sequence", "updated"])
    _audit(actor, A.UPDATE, visit, visit.team, reason="cancelled")
    for signup in visit.signups.filter(status=SignupStatus.JOINED).select_related("person__user"):
        _tell(signup.person, actor, visit, _("A visit you were coming to is cancelled"), "visits/email/visit_cancelled.txt")
    return visit


# --- who is coming ---------------------------------------------------------------------------

def _current_member(team, person):
    return TeamMember.objects.current().filter(team=team, person=person).exists()


def _open_for_answers(visit):
    if visit.is_cancelled:
        raise ValidationError(_("This visit is cancelled."))
    if visit.starts <= timezone.now():
        raise ValidationError(_("This visit has already started."))


def _set(visit, person, status, actor, **extra):
    """Move ``person``'s answer for ``visit`` to ``status``, keeping ``joined_count`` true."""
    signup = Signup.objects.select_for_update().filter(visit=visit, person=person).first()
    was_joined = bool(signup and signup.status == SignupStatus.JOINED)
    if signup is None:
        signup = Signup(visit=visit, person=person)
    signup.status = status
    signup.by = actor if getattr(actor, "is_authenticated", False) else None
    for key, value in extra.items():
        setattr(signup, key, value)
    signup.save()
    delta = int(status == SignupStatus.JOINED) - int(was_joined)
    if delta:
        Visit.objects.filter(pk=visit.pk).update(joined_count=F("joined_count") + delta, sequence=F("sequence") + 1)
        visit.refresh_from_db(fields=["joined_count", "sequence"])
    return signup


@transaction.atomic
def visit_join(*, actor, visit):
    """Say "I'm coming". Returns the clashes to warn about (the join still happens)."""
    visit = Visit.objects.select_for_update().get(pk=visit.pk)
    me = _me(actor, visit.team)
    _open_for_answers(visit)
    if not _current_member(visit.team, me):
        raise ValidationError(_("Only people in the team can join its visits."))
    if Signup.objects.filter(visit=visit, person=me, status=SignupStatus.JOINED).exists():
        raise ValidationError(_("You are already coming to this visit."))
    if visit.joined_count >= visit.people_needed:
        raise ValidationError(_("This visit already has everyone it needs."))
    from caringcity.visits.selectors.rota import clashes

    warnings = clashes(me, visit)
    _set(visit, me, SignupStatus.JOINED, actor, note="")
    _audit(actor, A.JOIN, visit, visit.team)
    return warnings


@transaction.atomic
def visit_decline(*, actor, visit, note=""):
    """Say "I can't come" (also to drop out of a visit you had joined)."""
    visit = Visit.objects.select_for_update().get(pk=visit.pk)
    me = _me(actor, visit.team)
    _open_for_answers(visit)
    signup = Signup.objects.filter(visit=visit, person=me).first()
    if signup is None and not _current_member(visit.team, me):
        raise ValidationError(_("Only people in the team can answer for its visits."))
    if signup is not None and signup.status == SignupStatus.DECLINED:
        raise ValidationError(_("You have already said you can't come."))
    _set(visit, me, SignupStatus.DECLINED, actor, note=(note or "").strip()[:200])
    _audit(actor, A.UPDATE, visit, visit.team, reason="declined")
    return visit


@transaction.atomic
def visit_ask(*, actor, visit, person):
    """The Rota Holder (or the owner's side) asks a team member to cover a visit."""
    _open_for_answers(visit)
    asker = _me(actor, visit.team)
    if not _current_member(visit.team, person):
        raise ValidationError({"person": _("Choose someone who is in the team now.")})
    signup = Signup.objects.filter(visit=visit, person=person).first()
    if signup is not None and signup.status == SignupStatus.JOINED:
        raise ValidationError({"person": _("%(name)s is already coming.") % {"name": person.display_name}})
    _set(visit, person, SignupStatus.ASKED, actor, asked_by=asker)
    _audit(actor, A.UPDATE, visit, visit.team, reason="asked to cover")
    _tell(person, actor, visit, _("Can you cover a visit?"), "visits/email/cover_asked.txt")
    return visit


@transaction.atomic
def visit_swap(*, actor, visit, out_person, in_person):
    """The Rota Holder swaps one person coming for another team member."""
    visit = Visit.objects.select_for_update().get(pk=visit.pk)
    _open_for_answers(visit)
    if not Signup.objects.filter(visit=visit, person=out_person, status=SignupStatus.JOINED).exists():
        raise ValidationError({"out_person": _("Choose someone who is coming to this visit.")})
    if in_person == out_person:
        raise ValidationError({"in_person": _("Choose someone else to come instead.")})
    if not _current_member(visit.team, in_person):
        raise ValidationError({"in_person": _("Choose someone who is in the team now.")})
    if Signup.objects.filter(visit=visit, person=in_person, status=SignupStatus.JOINED).exists():
        raise ValidationError({"in_person": _("%(name)s is already coming.") % {"name": in_person.display_name}})
    _set(visit, out_person, SignupStatus.SWAPPED, actor)
    _set(visit, in_person, SignupStatus.JOINED, actor)
    _audit(actor, A.UPDATE, visit, visit.team, reason="swapped")
    _tell(out_person, actor, visit, _("You are no longer down for a visit"), "visits/email/swapped_out.txt")
    _tell(in_person, actor, visit, _("You are now down for a visit"), "visits/email/swapped_in.txt")
    return visit


def release_future_visits(member, actor):
    """Someone leaving a team is taken off its visits still to come (teams' member-left hook)."""
    signups = Signup.objects.filter(visit__team=member.team, person=member.person, visit__starts__gt=timezone.now(),
                                    status__in=[SignupStatus.JOINED, SignupStatus.ASKED]).select_related("visit")
    for signup in signups:
        _set(signup.visit, member.person, SignupStatus.DECLINED, actor, note=_("Left the team"))


def _tell(person, actor, visit, subject, template):
    """E-mail a team member about a visit: the time, the commons and a link; nothing about care,
    and not the name of the person getting care."""
    if person.user_id is None or not person.user.email or (actor is not None and person.user_id == getattr(actor, "pk", None)):
        return
    link = settings.SITE_URL + reverse("visits:visit_detail", args=[visit.team.commons.slug, visit.team.uuid, visit.uuid])
    email_queue(to=person.user.email, subject=subject, template=template.removesuffix(".txt"),
                context={"visit": visit, "commons": visit.team.commons, "link": link,
                         "when": timezone.localtime(visit.starts)})


# --- availability and time away --------------------------------------------------------------

@transaction.atomic
def availability_set(*, actor, commons, person, rows):
    """Replace someone's usual free times with ``rows`` [(weekday, start, end)]."""
    errors = []
    for weekday, start, end in rows:
        if end <= start:
            errors.append(_("Each free time must end after it starts."))
            break
    if errors:
        raise ValidationError(errors)
    Availability.objects.filter(commons=commons, person=person).delete()
    Availability.objects.bulk_create([Availability(commons=commons, person=person, weekday=str(w), start_time=s, end_time=e)
                                      for w, s, e in rows])
    audit_record(actor=actor, action=A.UPDATE, object_type="visits.availability", object_id=str(person.uuid),
                 commons=commons, subject=person)


@transaction.atomic
def time_away_add(*, actor, commons, person, first_day: date, last_day: date, note=""):
    if last_day < first_day:
        raise ValidationError({"last_day": _("The last day must be on or after the first day.")})
    if last_day < timezone.localdate():
        raise ValidationError({"last_day": _("This time is already over.")})
    away = TimeAway.objects.create(commons=commons, person=person, first_day=first_day, last_day=last_day, note=note.strip()[:120])
    audit_record(actor=actor, action=A.CREATE, obj=away, commons=commons, subject=person)
    return away


@transaction.atomic
def time_away_remove(*, actor, away):
    audit_record(actor=actor, action=A.DELETE, obj=away, commons=away.commons, subject=away.person)
    away.delete()
