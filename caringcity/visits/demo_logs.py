"""Demo visit logs and medication records for Arthur's and Gloria's teams, on top of the rota demo
(which makes four weeks of past and future visits with people joined). Logs in every state
(waiting, confirmed, disputed, paid, changed), medicines for Arthur with a refused dose, and the
most recent past visits left unwritten so a worker can write one. Fictional people only. Safe
to run again: each log and medicine is found before it is made.

Call ``build(ctx)`` with ``ctx["teams"]`` and ``ctx["people"]`` from the people and teams demos."""

from datetime import timedelta

from django.utils import timezone

from caringcity.visits.models import (
    DoseOutcome,
    DoseResult,
    LogStatus,
    Medicine,
    Seemed,
    Signup,
    SignupStatus,
    Support,
    TeamTask,
    Visit,
    VisitLog,
    VisitStatus,
)
from caringcity.visits.selectors import logs as log_selectors
from caringcity.visits.selectors import medication as med_selectors
from caringcity.visits.services import logs as log_services
from caringcity.visits.services import medication as med_services

TASKS = {
    "arthur": ["Help with lunch", "Hearing-aid batteries checked", "Walk to the shop", "Washing up", "Medicines reminder"],
    "gloria": ["Shopping", "Company and a chat", "Help with letters", "Tidy the kitchen"],
}
# How many of the most recent past visits to leave without a log (for someone to write).
LEAVE_UNWRITTEN = 2

# Per past visit, oldest first: what happens to its log.
ARTHUR_PLAN = ["paid", "confirmed_refused", "disputed", "edited", "pending", "confirmed"]
GLORIA_PLAN = ["paid", "confirmed", "disputed", "pending", "confirmed"]


def _writer(visit):
    signup = (Signup.objects.filter(visit=visit, status=SignupStatus.JOINED, person__user__isnull=False)
              .select_related("person__user").order_by("pk").first())
    return signup.person if signup else None


def _past_visits(team):
    now = timezone.now()
    visits = list(Visit.objects.filter(team=team, status=VisitStatus.PLANNED, starts__lt=now, ends__lt=now).order_by("starts", "pk"))
    return visits[:-LEAVE_UNWRITTEN] if len(visits) > LEAVE_UNWRITTEN else []


def _medicines(team, by):
    """Arthur's medicines: one at the start time of his usual visit (so visits see it due), one in the evening."""
    first = Visit.objects.filter(team=team, status=VisitStatus.PLANNED).order_by("starts").first()
    when = timezone.localtime(first.starts + timedelta(minutes=15)).strftime("%H:%M") if first else "09:00"
    start = timezone.localdate() - timedelta(days=60)
    meds = []
    for name, dose, times, support, how in (
        ("Amlodipine", "one 5 mg tablet", when, Support.PROMPT, "With a glass of water."),
        ("Paracetamol", "two 500 mg tablets when needed, at most four times a day", "20:00", Support.SELF, ""),
    ):
        med = Medicine.objects.filter(team=team, name=name).first()
        if med is None:
            med = Medicine.objects.create(team=team, name=name, dose=dose, times=times, support=support, instructions=how,
                                          first_day=start, created_by=by)
        meds.append(med)
    return meds


def _doses(visit, writer, refuse=False):
    for med, when in med_selectors.missing_doses(visit):
        result = DoseResult.REFUSED if refuse else DoseResult.PROMPTED
        med_services.dose_record(actor=writer.user, visit=visit, medicine=med, scheduled=when, result=result,
                                 reason="Said it makes him dizzy in the morning; will take it after lunch." if refuse else "")


def _log(team, visit, plan, owner_user, tasks):
    if VisitLog.objects.filter(visit=visit).exists():
        return None
    writer = _writer(visit)
    if writer is None:
        return None
    late = 20 if plan == "disputed" else 0
    data = {
        "arrived": visit.starts + timedelta(minutes=late), "left": visit.ends, "tasks": tasks[:2] if plan != "pending" else tasks[2:3],
        "done_text": "Sorted the post and put the bins out.", "seemed": Seemed.WELL if plan != "edited" else Seemed.LOW,
        "seemed_text": "Chatty, talked about the allotment." if plan != "edited" else "Quiet today, missing his friend.",
        "food_drink": "Soup and bread, two cups of tea.", "pass_on": "Milk is running low." if plan == "pending" else "",
    }
    log = log_services.log_write(actor=writer.user, visit=visit, data=data)
    if plan != "pending":
        _doses(visit, writer, refuse=(plan == "confirmed_refused"))
    log.refresh_from_db()
    if plan in ("paid", "confirmed", "confirmed_refused", "edited"):
        if log.status == LogStatus.PENDING:
            log_services.log_confirm(actor=owner_user, log=log)
    if plan == "paid" and visit.paid:
        log.refresh_from_db()
        if log.status == LogStatus.CONFIRMED:
            log_services.log_mark_paid(actor=None, log=log)
    if plan == "disputed" and log.status == LogStatus.PENDING:
        log_services.log_dispute(actor=owner_user, log=log, reason="The visit started twenty minutes late, not on time as planned.")
    if plan == "edited":
        log.refresh_from_db()
        log_services.log_edit(actor=writer.user, log=log, data={**data, "food_drink": "Soup and bread, two cups of tea, a biscuit."})
    return log


def build(ctx):
    teams, p = ctx["teams"], ctx["people"]
    confirmers = {"arthur": p["proxy"].user, "gloria": p["gloria"].user}
    for key, plan in (("arthur", ARTHUR_PLAN), ("gloria", GLORIA_PLAN)):
        team = teams[key]
        log_selectors.record_settings(team)
        tasks = []
        for name in TASKS[key]:
            task, _created = TeamTask.objects.get_or_create(team=team, name=name)
            tasks.append(task)
        if key == "arthur":
            _medicines(team, confirmers["arthur"])
        for visit, step in zip(_past_visits(team), plan * 4):
            _log(team, visit, step, confirmers[key], tasks)
    ctx["logs"] = {key: VisitLog.objects.filter(visit__team=teams[key]).count() for key in ("arthur", "gloria")}
    return ctx
