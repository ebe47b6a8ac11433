"""Reads for visit logs: the team's record settings, logs and their versions and answers, the
visits waiting for a log, disputed logs for the coach, and the hours summary."""

from datetime import date, datetime, time, timedelta

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import Http404
from django.utils import timezone

from caringcity.people.models import Proxy
from caringcity.teams.models import CURRENT_STATUSES, MemberKind, TeamMember
from caringcity.visits.models import (
    ConfirmBy,
    LogAnswer,
    LogStatus,
    RecordSettings,
    Signup,
    SignupStatus,
    Visit,
    VisitLog,
    VisitStatus,
)

# How far back the "visits waiting for a log" list looks.
WRITE_UP_DAYS = 30


def record_settings(team):
    """The team's RecordSettings, made with the defaults the first time anyone needs them."""
    cached = getattr(team, "_cc_record_settings", None)
    if cached is not None:
        return cached
    settings_obj, _created = RecordSettings.objects.get_or_create(team=team)
    team._cc_record_settings = settings_obj
    return settings_obj


def team_tasks(team, *, active_only=False):
    qs = team.tasks.all()
    return qs.filter(active=True) if active_only else qs.order_by("-active", "name")


def visit_for(team, visit_uuid):
    visit = Visit.objects.filter(team=team, uuid=visit_uuid).select_related("team", "team__owner").first()
    if visit is None:
        raise Http404
    return visit


def log_for(visit):
    """The visit's log with what its page needs, or None."""
    return (VisitLog.objects.filter(visit=visit)
            .select_related("worker", "acting_for", "visit")
            .prefetch_related("tasks").first())


def log_versions(log):
    return list(log.changes.select_related("by", "acting_for").order_by("version", "created"))


def log_answers(log):
    return list(log.answers.select_related("person", "acting_for").order_by("version", "created", "pk"))


def joined(visit, person):
    return person is not None and Signup.objects.filter(visit=visit, person=person, status=SignupStatus.JOINED).exists()


def is_owner_side_person(team, person):
    """The owner, their proxy, or the team's current Team Starter (as ``Standing.owner_side``)."""
    if person is None:
        return False
    if person.pk == team.owner_id:
        return True
    if Proxy.objects.current().filter(commons=team.commons, proxy=person, principal=team.owner).exists():
        return True
    return TeamMember.objects.filter(team=team, person=person, kind=MemberKind.STARTER, status__in=CURRENT_STATUSES).exists()


def may_write_log(standing, visit):
    """Someone who joined the visit (and is still in the team), or the owner's side for a visit
    nobody is paid for (a family visit)."""
    if standing.person is None or not (standing.is_current_member or standing.owner_side):
        return False
    if joined(visit, standing.person):
        return True
    return standing.owner_side and not visit.paid


def parties_for(standing, log):
    """The parties the signed-in user answers for on this log (empty when none)."""
    parties = set()
    if standing.person is not None and standing.person.pk == log.worker_id:
        parties.add(LogAnswer.Party.WORKER)
    if standing.owner_side:
        parties.add(LogAnswer.Party.OWNER)
    return parties


def required_parties(log, settings_obj):
    if settings_obj.confirm_by == ConfirmBy.WORKER:
        return {LogAnswer.Party.WORKER}
    return {LogAnswer.Party.WORKER, LogAnswer.Party.OWNER}


def current_answers(log):
    return [a for a in log.answers.all() if a.version == log.version]


def confirmed_parties(log, answers=None):
    """Parties that confirmed the current version. A worker on the owner's side (a family visit)
    answers for both sides."""
    answers = current_answers(log) if answers is None else answers
    got = {a.party for a in answers if a.answer == LogAnswer.Answer.CONFIRM}
    if LogAnswer.Party.WORKER in got and is_owner_side_person(log.visit.team, log.worker):
        got.add(LogAnswer.Party.OWNER)
    return got


def visits_to_write_up(standing, team, now=None):
    """Visits that have started (in the last WRITE_UP_DAYS days), are not cancelled, have no log,
    and that this user may write up."""
    now = now or timezone.now()
    if standing.person is None:
        return Visit.objects.none()
    qs = (Visit.objects.filter(team=team, status=VisitStatus.PLANNED, starts__lte=now, starts__gte=now - timedelta(days=WRITE_UP_DAYS))
          .filter(log__isnull=True))
    mine = Exists(Signup.objects.filter(visit=OuterRef("pk"), person=standing.person, status=SignupStatus.JOINED))
    if standing.owner_side:
        qs = qs.filter(mine | Q(paid=False))
    elif standing.is_current_member:
        qs = qs.filter(mine)
    else:
        return Visit.objects.none()
    return qs.order_by("-starts")


def team_logs(team):
    return (VisitLog.objects.filter(visit__team=team)
            .select_related("visit", "worker").order_by("-arrived", "-pk"))


def _month_start(d):
    return d.replace(day=1)


def hours_summary(team, today=None):
    """Hours logged this month and last month (local dates), paid and gifted, in one query.
    Every log counts except disputed ones (they are being put right)."""
    today = today or timezone.localdate()
    this_month = _month_start(today)
    last_month = _month_start(this_month - timedelta(days=1))
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(last_month, time.min), tz)
    rows = (VisitLog.objects.filter(visit__team=team, arrived__gte=start)
            .exclude(status=LogStatus.DISPUTED).values_list("arrived", "left", "paid"))
    minutes = {"this": {"paid": 0, "gifted": 0}, "last": {"paid": 0, "gifted": 0}}
    for arrived, left, paid in rows:
        local = timezone.localtime(arrived, tz).date()
        month = "this" if local >= this_month else "last"
        minutes[month]["paid" if paid else "gifted"] += max(int((left - arrived).total_seconds() // 60), 0)

    def hours(m):
        return round(m / 60, 1)

    return {
        "this_month": this_month, "last_month": last_month,
        "this": {k: hours(v) for k, v in minutes["this"].items()},
        "last": {k: hours(v) for k, v in minutes["last"].items()},
        "this_total": hours(sum(minutes["this"].values())), "last_total": hours(sum(minutes["last"].values())),
    }


def disputed_logs(commons):
    """Disputed logs in the commons, with the dispute on the current version, for the coach."""
    disputes = Prefetch("answers", queryset=LogAnswer.objects.filter(answer=LogAnswer.Answer.DISPUTE)
                        .select_related("person", "acting_for").order_by("-created", "-pk"), to_attr="disputes")
    logs = (VisitLog.objects.filter(visit__team__commons=commons, status=LogStatus.DISPUTED)
            .select_related("visit", "visit__team", "worker").prefetch_related(disputes).order_by("-status_changed", "-pk"))
    return logs


def dispute_of(log):
    for answer in getattr(log, "disputes", []):
        if answer.version == log.version:
            return answer
    return None


def week_start(d: date):
    return d - timedelta(days=d.weekday())
