"""Visit logs confirmed by those present, the team's record settings, hours, disputes for the
coach, and the medication record (MAR), over every persona."""

from datetime import date, datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from caringcity.core.models import AuditEvent
from caringcity.core.testing import assert_matrix, assert_queries_constant
from caringcity.people.tests.factories import member_with_login
from caringcity.teams import services as team_services
from caringcity.teams.models import HatKind, MemberKind
from caringcity.teams.tests.factories import add_member, make_team
from caringcity.visits.access import record_standing
from caringcity.visits.models import (
    ConfirmBy,
    DoseOutcome,
    DoseResult,
    LogAnswer,
    LogStatus,
    Medicine,
    RecordSettings,
    TeamTask,
    VisitLog,
    VisitLogChange,
)
from caringcity.visits.selectors import logs as selectors
from caringcity.visits.selectors import medication as med_selectors
from caringcity.visits.services import logs as services
from caringcity.visits.services import medication as med_services
from caringcity.visits.tests.factories import client_for as _client, team, give_hat, make_visit  # noqa: F401  (team is a fixture)

pytestmark = pytest.mark.django_db
OK, REDIR, NF = 200, 302, 404
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def world(team, personas, commons, clients):
    worker = member_with_login(commons, name="Wendy Worker")
    add_member(team, personas, worker, kind=MemberKind.WORKER_SELF)
    friend = member_with_login(commons, name="Fay Friend")
    add_member(team, personas, friend)
    mar = member_with_login(commons, name="Max Marholder")
    add_member(team, personas, mar, kind=MemberKind.FAMILY)
    give_hat(team, mar.person, HatKind.MAR_HOLDER)
    former = member_with_login(commons, name="Fred Former")
    m = add_member(team, personas, former)
    team_services.member_leave(actor=former.person.user, member=m, notice_days=0, goodbye="Bye")
    extra = {"worker": worker, "friend": friend, "mar": mar, "former": former}
    all_clients = dict(clients)
    for role, membership in extra.items():
        all_clients[role] = _client(membership.person.user)
    return {"clients": all_clients, **{k: v.person for k, v in extra.items()}}


def _past_visit(team, worker, *, hours_ago=3, minutes=60, paid=True, **kw):
    starts = (timezone.now() - timedelta(hours=hours_ago)).replace(second=0, microsecond=0)
    return make_visit(team, starts=starts, minutes=minutes, joined=[worker] if worker else [], paid=paid, **kw)


def _data(visit, **kw):
    data = {"arrived": visit.starts, "left": visit.ends, "tasks": [], "done_text": "Made tea", "seemed": "well",
            "seemed_text": "", "food_drink": "Soup", "pass_on": ""}
    data.update(kw)
    return data


def _post_data(visit, **kw):
    fmt = "%Y-%m-%dT%H:%M"
    data = {"arrived": timezone.localtime(visit.starts).strftime(fmt), "left": timezone.localtime(visit.ends).strftime(fmt),
            "done_text": "Made tea", "seemed": "well", "food_drink": "Soup"}
    data.update(kw)
    return data


def url(name, team, *args):
    return reverse(f"visits:{name}", args=[team.commons.slug, team.uuid, *args])


ROLES_NF = {"anonymous": REDIR, "outsider": NF, "member": NF, "owner": NF, "proxy": NF, "organiser": NF, "admin": NF,
            "worker": NF, "friend": NF, "mar": NF, "former": NF}
IN_TEAM = {**ROLES_NF, "owner": OK, "proxy": OK, "worker": OK, "friend": OK, "mar": OK}


# --- role matrices ------------------------------------------------------------------------------
def test_log_pages_role_matrix(world, team, personas):
    visit = _past_visit(team, world["worker"])
    log = services.log_write(actor=world["worker"].user, visit=visit, data=_data(visit))
    assert_matrix(world["clients"], url("log_list", team), IN_TEAM)
    assert_matrix(world["clients"], url("log_detail", team, visit.uuid), IN_TEAM)
    # only parties of the log (the worker, the owner's side) may change or dispute it
    parties = {**ROLES_NF, "owner": OK, "proxy": OK, "worker": OK}
    assert_matrix(world["clients"], url("log_edit", team, visit.uuid), parties)
    assert_matrix(world["clients"], url("log_dispute", team, visit.uuid), parties)
    assert log.status == LogStatus.PENDING


def test_write_page_role_matrix(world, team):
    paid = _past_visit(team, world["worker"])
    assert_matrix(world["clients"], url("log_write", team, paid.uuid), {**ROLES_NF, "worker": OK})
    family = _past_visit(team, None, paid=False)
    # a family visit nobody joined: the owner's side writes it
    assert_matrix(world["clients"], url("log_write", team, family.uuid), {**ROLES_NF, "owner": OK, "proxy": OK})


def test_settings_and_mar_role_matrix(world, team):
    owner_side = {**ROLES_NF, "owner": OK, "proxy": OK}
    assert_matrix(world["clients"], url("record_settings", team), owner_side)
    assert_matrix(world["clients"], url("medicine_add", team), {**owner_side, "mar": OK})
    view_mar = {**owner_side, "mar": OK, "worker": OK}
    assert_matrix(world["clients"], url("mar_chart", team), view_mar)
    assert_matrix(world["clients"], url("mar_print", team), view_mar)
    assert_matrix(world["clients"], url("medicine_list", team), view_mar)


def test_denied_confirm_changes_nothing(world, team):
    visit = _past_visit(team, world["worker"])
    log = services.log_write(actor=world["worker"].user, visit=visit, data=_data(visit))
    before = LogAnswer.objects.count()
    for role in ("friend", "mar", "former", "outsider", "member", "organiser", "admin"):
        assert world["clients"][role].post(url("log_confirm", team, visit.uuid)).status_code == NF, role
        assert world["clients"][role].post(url("log_dispute", team, visit.uuid), {"reason": "no"}).status_code == NF, role
    assert world["clients"]["anonymous"].post(url("log_confirm", team, visit.uuid)).status_code == REDIR
    log.refresh_from_db()
    assert log.status == LogStatus.PENDING and LogAnswer.objects.count() == before


# --- the journey: write, confirm, edit, dispute ------------------------------------------------
def test_worker_writes_proxy_confirms_edit_resets(world, team, personas):
    visit = _past_visit(team, world["worker"])
    task = TeamTask.objects.create(team=team, name="Help with lunch")
    c = world["clients"]
    late = timezone.localtime(visit.starts + timedelta(minutes=25)).strftime("%Y-%m-%dT%H:%M")
    r = c["worker"].post(url("log_write", team, visit.uuid), _post_data(visit, arrived=late, tasks=[task.pk]))
    assert r.status_code == REDIR, r.content.decode()[:2000]
    log = VisitLog.objects.get(visit=visit)
    assert log.worker == world["worker"] and log.paid and log.status == LogStatus.PENDING
    assert list(log.tasks.all()) == [task]
    page = c["owner"].get(url("log_detail", team, visit.uuid)).content.decode()
    assert "25 minutes late" in page
    r = c["proxy"].post(url("log_confirm", team, visit.uuid))
    log.refresh_from_db()
    assert log.status == LogStatus.CONFIRMED
    answer = log.answers.get(party=LogAnswer.Party.OWNER)
    assert answer.acting_for == personas["owner"].person and answer.person == personas["proxy"].person
    # an edit records what changed and resets the confirmation
    r = c["worker"].post(url("log_edit", team, visit.uuid), _post_data(visit, arrived=late, tasks=[task.pk], food_drink="Soup and bread"))
    assert r.status_code == REDIR
    log.refresh_from_db()
    assert log.version == 2 and log.status == LogStatus.PENDING
    change = VisitLogChange.objects.get(log=log, version=2)
    assert change.changed_fields == ["food_drink"] and change.previous == {"food_drink": "Soup"}
    assert log.answers.filter(version=1).count() == 2  # the old answers stay with the old version
    page = c["proxy"].get(url("log_detail", team, visit.uuid)).content.decode()
    assert "Soup and bread" in page and "<del>Soup</del>" in page
    assert "Soup" not in " ".join(AuditEvent.objects.values_list("reason", flat=True))


def test_worker_only_setting_confirms_on_write(world, team):
    RecordSettings.objects.create(team=team, confirm_by=ConfirmBy.WORKER)
    visit = _past_visit(team, world["worker"])
    log = services.log_write(actor=world["worker"].user, visit=visit, data=_data(visit))
    assert log.status == LogStatus.CONFIRMED


def test_leaving_before_arriving_is_refused(world, team):
    visit = _past_visit(team, world["worker"])
    bad = _post_data(visit, left=timezone.localtime(visit.starts - timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M"))
    r = world["clients"]["worker"].post(url("log_write", team, visit.uuid), bad)
    assert r.status_code == 400
    assert "must be after the time you arrived" in r.content.decode()
    assert 'value="Made tea"' in r.content.decode() or "Made tea" in r.content.decode()
    assert not VisitLog.objects.exists()
    with pytest.raises(ValidationError) as err:
        services.log_write(actor=world["worker"].user, visit=visit, data=_data(visit, left=visit.starts))
    assert "left" in err.value.error_dict
    for junk in ({"arrived": "yesterday", "left": "x"}, {"arrived": "", "left": ""}, {"seemed": "ecstatic"}, {"tasks": ["abc"]}):
        assert world["clients"]["worker"].post(url("log_write", team, visit.uuid), {**_post_data(visit), **junk}).status_code == 400
    assert not VisitLog.objects.exists()


def test_no_log_before_the_visit_starts(world, team):
    visit = make_visit(team, joined=[world["worker"]], paid=True)
    with pytest.raises(ValidationError):
        services.log_write(actor=world["worker"].user, visit=visit, data=_data(visit))
    assert not VisitLog.objects.exists()


def test_dispute_needs_reason_and_shows_to_coach(world, team, personas, clients):
    visit = _past_visit(team, world["worker"])
    log = services.log_write(actor=world["worker"].user, visit=visit, data=_data(visit))
    r = world["clients"]["proxy"].post(url("log_dispute", team, visit.uuid), {"reason": "  "})
    assert r.status_code == 400
    log.refresh_from_db()
    assert log.status == LogStatus.PENDING
    r = world["clients"]["proxy"].post(url("log_dispute", team, visit.uuid), {"reason": "Wendy left at ten, not eleven."})
    assert r.status_code == REDIR
    log.refresh_from_db()
    assert log.status == LogStatus.DISPUTED
    with pytest.raises(ValidationError):
        services.log_confirm(actor=world["worker"].user, log=log)
    disputes = reverse("visits:log_disputes", args=[team.commons.slug])
    expected = {"anonymous": REDIR, "outsider": NF, "member": NF, "owner": NF, "proxy": NF, "organiser": OK, "admin": OK,
                "worker": NF, "friend": NF, "mar": NF, "former": NF}
    assert_matrix(world["clients"], disputes, expected)
    page = world["clients"]["organiser"].get(disputes).content.decode()
    assert "Wendy left at ten, not eleven." in page and "Pat Proxy" in page
    # correcting it makes a new version, waiting again
    services.log_edit(actor=world["worker"].user, log=log, data=_data(visit, left=visit.ends - timedelta(minutes=30)))
    log.refresh_from_db()
    assert log.status == LogStatus.PENDING and log.version == 2


def test_paid_only_from_confirmed_and_then_frozen(world, team):
    visit = _past_visit(team, world["worker"])
    log = services.log_write(actor=world["worker"].user, visit=visit, data=_data(visit))
    with pytest.raises(ValidationError):
        services.log_mark_paid(actor=None, log=log)
    services.log_confirm(actor=team.owner.user, log=log)
    log.refresh_from_db()
    assert log.status == LogStatus.CONFIRMED
    services.log_mark_paid(actor=None, log=log)
    log.refresh_from_db()
    assert log.status == LogStatus.PAID
    with pytest.raises(ValidationError):
        services.log_edit(actor=world["worker"].user, log=log, data=_data(visit, food_drink="changed"))
    log.refresh_from_db()
    assert log.version == 1 and log.food_drink == "Soup"
    assert "Paid" in world["clients"]["owner"].get(url("log_detail", team, visit.uuid)).content.decode()


def test_auto_confirm_housekeeping(world, team):
    visit = _past_visit(team, world["worker"], hours_ago=100)
    log = services.log_write(actor=world["worker"].user, visit=visit, data=_data(visit))
    other = _past_visit(team, world["worker"], hours_ago=90)
    disputed = services.log_write(actor=world["worker"].user, visit=other, data=_data(other))
    services.log_dispute(actor=team.owner.user, log=disputed, reason="Not right")
    fresh = _past_visit(team, world["worker"], hours_ago=5)
    fresh_log = services.log_write(actor=world["worker"].user, visit=fresh, data=_data(fresh))
    VisitLog.objects.filter(pk__in=[log.pk, disputed.pk]).update(status_changed=timezone.now() - timedelta(hours=80))
    out = StringIO()
    assert services.run_housekeeping(out) == 1
    assert services.run_housekeeping(out) == 0  # idempotent
    log.refresh_from_db(); disputed.refresh_from_db(); fresh_log.refresh_from_db()
    assert log.status == LogStatus.CONFIRMED and log.answers.filter(party=LogAnswer.Party.AUTO).count() == 1
    assert disputed.status == LogStatus.DISPUTED and fresh_log.status == LogStatus.PENDING


# --- settings and tasks ---------------------------------------------------------------------------
def test_record_settings_and_tasks(world, team):
    c = world["clients"]["proxy"]
    r = c.post(url("record_settings", team), {"confirm_by": "worker", "auto_confirm_hours": "", "late_after_minutes": "10",
                                              "note_readers_allowed": ["team", "owner"]})
    assert r.status_code == REDIR
    s = selectors.record_settings(team)
    s.refresh_from_db()
    assert (s.confirm_by, s.auto_confirm_hours, s.late_after_minutes, s.allowed_readers) == ("worker", None, 10, ["team", "owner"])
    assert AuditEvent.objects.filter(object_type="visits.recordsettings", acting_for=team.owner.uuid).exists()
    r = c.post(url("record_settings", team), {"confirm_by": "nobody", "late_after_minutes": "-3"})
    assert r.status_code == 400
    s.refresh_from_db()
    assert s.late_after_minutes == 10
    assert c.post(url("task_add", team), {"name": "Help with lunch"}).status_code == REDIR
    r = c.post(url("task_add", team), {"name": "help with LUNCH"})
    assert r.status_code == 400 and "already has" in r.content.decode()
    task = TeamTask.objects.get(team=team)
    assert c.post(url("task_edit", team, task.uuid), {"name": "Lunch", "active": ""}).status_code == REDIR
    task.refresh_from_db()
    assert task.name == "Lunch" and not task.active
    # a member without the owner's side changes nothing
    assert world["clients"]["worker"].post(url("task_add", team), {"name": "Other"}).status_code == NF
    assert TeamTask.objects.count() == 1


def test_hours_summary_paid_and_gifted(world, team):
    paid = _past_visit(team, world["worker"], minutes=90)
    services.log_write(actor=world["worker"].user, visit=paid, data=_data(paid))
    gifted = _past_visit(team, None, paid=False, hours_ago=6, minutes=120)
    services.log_write(actor=team.owner.user, visit=gifted, data=_data(gifted))
    h = selectors.hours_summary(team)
    assert (h["this"]["paid"], h["this"]["gifted"]) == (1.5, 2.0) or (h["last"]["paid"], h["last"]["gifted"]) == (1.5, 2.0)
    assert "Visit logs and hours" in world["clients"]["friend"].get(reverse("teams:team_detail", args=[team.commons.slug, team.uuid])).content.decode()


def test_log_list_and_disputes_queries_constant(world, team):
    def grow():
        v = _past_visit(team, world["worker"], hours_ago=2 + VisitLog.objects.count())
        log = services.log_write(actor=world["worker"].user, visit=v, data=_data(v))
        services.log_dispute(actor=team.owner.user, log=log, reason="No")
    assert_queries_constant(world["clients"]["owner"], url("log_list", team), grow)
    assert_queries_constant(world["clients"]["organiser"], reverse("visits:log_disputes", args=[team.commons.slug]), grow)


# --- medication ---------------------------------------------------------------------------------
def _medicine(team, times, first=None, **kw):
    return Medicine.objects.create(team=team, name=kw.pop("name", "Amlodipine"), dose="one 5 mg tablet", times=times,
                                   first_day=first or timezone.localdate() - timedelta(days=10), **kw)


def _visit_at(team, worker, day, hh, mm=0, minutes=60):
    starts = datetime(day.year, day.month, day.day, hh, mm, tzinfo=LONDON)
    return make_visit(team, starts=starts, minutes=minutes, joined=[worker], paid=True)


def test_refused_dose_blocks_confirmation_until_recorded(world, team, personas):
    visit = _past_visit(team, world["worker"], hours_ago=3, minutes=120)
    at = timezone.localtime(visit.starts + timedelta(minutes=30)).strftime("%H:%M")
    med = _medicine(team, at)
    log = services.log_write(actor=world["worker"].user, visit=visit, data=_data(visit))
    c = world["clients"]
    r = c["proxy"].post(url("log_confirm", team, visit.uuid), follow=True)
    assert "cannot be confirmed yet" in r.content.decode()
    log.refresh_from_db()
    assert log.status == LogStatus.PENDING and not log.answers.filter(party=LogAnswer.Party.OWNER).exists()
    (m, when), = med_selectors.scheduled_doses(visit)
    key = f"{med.uuid}-{when:%Y%m%d%H%M}"
    r = c["worker"].post(url("dose_record", team, visit.uuid), {"dose_key": key, f"d{key}-result": "refused", f"d{key}-reason": ""})
    assert r.status_code == 400 and "Say why" in r.content.decode()
    assert not DoseOutcome.objects.exists()
    r = c["friend"].post(url("dose_record", team, visit.uuid), {"dose_key": key, f"d{key}-result": "given"})
    assert r.status_code == NF and not DoseOutcome.objects.exists()
    r = c["worker"].post(url("dose_record", team, visit.uuid), {"dose_key": key, f"d{key}-result": "refused", f"d{key}-reason": "Said it makes her dizzy"})
    assert r.status_code == REDIR
    assert c["proxy"].post(url("log_confirm", team, visit.uuid)).status_code == REDIR
    log.refresh_from_db()
    assert log.status == LogStatus.CONFIRMED
    # a change needs a reason and keeps the original
    first = DoseOutcome.objects.get()
    r = c["mar"].post(url("dose_change", team, visit.uuid, first.uuid), {"result": "given", "reason": ""})
    assert r.status_code == 400 and DoseOutcome.objects.count() == 1
    r = c["mar"].post(url("dose_change", team, visit.uuid, first.uuid), {"result": "given", "reason": "She took it after lunch"})
    assert r.status_code == REDIR
    first.refresh_from_db()
    new = DoseOutcome.objects.get(current=True)
    assert not first.current and new.replaces == first and new.result == DoseResult.GIVEN
    page = c["owner"].get(url("log_detail", team, visit.uuid)).content.decode()
    assert "<del>Refused" in page and "Max Marholder" in page


def test_medicine_validation(world, team):
    c = world["clients"]["mar"]
    base = {"name": "Metformin", "dose": "500 mg", "times": "8:00, 20:00", "support": "prompt", "first_day": "2026-03-01"}
    for bad, field_msg in (({"times": "8am"}, "is not a time"), ({"times": "25:00"}, "is not a time"),
                           ({"last_day": "2026-02-01"}, "on or after the first day"), ({"first_day": "soon"}, "")):
        r = c.post(url("medicine_add", team), {**base, **bad})
        assert r.status_code == 400 and field_msg in r.content.decode()
    assert not Medicine.objects.exists()
    assert c.post(url("medicine_add", team), base).status_code == REDIR
    med = Medicine.objects.get()
    assert med.times == "08:00, 20:00" and med.created_by == world["mar"].user
    assert world["clients"]["worker"].post(url("medicine_stop", team, med.uuid)).status_code == NF
    assert c.post(url("medicine_stop", team, med.uuid)).status_code == REDIR
    med.refresh_from_db()
    assert med.last_day == timezone.localdate()


def test_scheduled_doses_use_london_time_across_clock_change(world, team):
    # 30 March 2025: clocks go forward. 08:00 local is 07:00 UTC.
    med = _medicine(team, "08:00, 13:00", first=date(2025, 3, 1))
    visit = _visit_at(team, world["worker"], date(2025, 3, 30), 7, 30, minutes=60)
    doses = med_selectors.scheduled_doses(visit)
    assert [(m.pk, w.astimezone(ZoneInfo("UTC")).hour) for m, w in doses] == [(med.pk, 7)]
    winter = _visit_at(team, world["worker"], date(2025, 1, 10), 7, 30)
    assert med_selectors.scheduled_doses(winter) == []  # not started yet
    stopped = _medicine(team, "08:00", first=date(2025, 3, 1), last_day=date(2025, 3, 29), name="Old")
    assert stopped not in [m for m, _w in med_selectors.scheduled_doses(visit)]


def test_mar_chart_and_queries_constant(world, team):
    monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    c = world["clients"]["mar"]

    def grow():
        n = Medicine.objects.count()
        med = _medicine(team, "09:00", first=monday - timedelta(days=7), name=f"Med {n}")
        visit = _visit_at(team, world["worker"], monday, 8, 30, minutes=60)
        DoseOutcome.objects.create(visit=visit, medicine=med, scheduled=datetime(monday.year, monday.month, monday.day, 9, tzinfo=LONDON),
                                   result=DoseResult.REFUSED, reason="no")
    assert_queries_constant(c, url("mar_chart", team) + f"?week={monday}", grow)
    page = c.get(url("mar_print", team) + f"?week={monday}").content.decode()
    assert 'title="Refused">R<' in page and "mar-print" in page
    assert c.get(url("mar_chart", team) + "?week=not-a-date").status_code == OK
    assert c.get(url("mar_chart", team) + "?week=9999-99-99").status_code == OK


# --- the demo -----------------------------------------------------------------------------------
def test_demo_builder_is_idempotent_and_shows_every_state():
    from caringcity.people import demo as people_demo
    from caringcity.teams import demo as teams_demo
    from caringcity.visits import demo_logs

    ctx = {"signins": []}
    people_demo.build(ctx)
    teams_demo.build(ctx)
    p, teams = ctx["people"], ctx["teams"]
    day = timezone.localdate() - timedelta(days=20)
    for i in range(12):  # as the rota demo makes them: past visits with people joined
        d = day + timedelta(days=i)
        make_visit(teams["arthur"], starts=datetime(d.year, d.month, d.day, 10, tzinfo=LONDON), minutes=60, joined=[p["ayo"]], paid=True)
        make_visit(teams["gloria"], starts=datetime(d.year, d.month, d.day, 14, tzinfo=LONDON), minutes=90,
                   joined=[p["zeynep"] if i % 2 else p["ayo"]], paid=not i % 2)
    demo_logs.build(ctx)
    counts = (VisitLog.objects.count(), DoseOutcome.objects.count(), Medicine.objects.count(), TeamTask.objects.count())
    demo_logs.build(ctx)
    assert counts == (VisitLog.objects.count(), DoseOutcome.objects.count(), Medicine.objects.count(), TeamTask.objects.count())
    statuses = set(VisitLog.objects.filter(visit__team=teams["arthur"]).values_list("status", flat=True))
    assert statuses == {LogStatus.PAID, LogStatus.CONFIRMED, LogStatus.DISPUTED, LogStatus.PENDING}
    assert DoseOutcome.objects.filter(result=DoseResult.REFUSED, visit__team=teams["arthur"]).exists()
    assert VisitLog.objects.filter(version=2).exists()
    assert VisitLog.objects.filter(visit__team=teams["gloria"], paid=False).exists()
    assert selectors.visits_to_write_up(record_standing(p["ayo"].user, teams["arthur"]), teams["arthur"]).exists()


def test_commons_home_links_disputes_for_organisers_only(personas, clients, commons):
    link = reverse("visits:log_disputes", args=[commons.slug])
    assert link in clients["organiser"].get(reverse("people:commons", args=[commons.slug])).content.decode()
    assert link not in clients["member"].get(reverse("people:commons", args=[commons.slug])).content.decode()
