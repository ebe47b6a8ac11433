"""Visit reminders: once per visit and person, in each person's own window, on their channel,
never for cancelled visits or people who left; the channel registry; the settings page."""

from datetime import timedelta
from io import StringIO

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from caringcity.core.models import AuditEvent, OutboundEmail
from caringcity.core.testing import assert_matrix
from caringcity.people.tests.factories import member_with_login
from caringcity.teams import services as team_services
from caringcity.visits import reminders
from caringcity.visits.models import ReminderSent, ReminderSetting, Signup, SignupStatus, VisitStatus
from caringcity.visits.selectors import feeds as selectors
from caringcity.visits.services import feeds as services
from caringcity.visits.services.feeds import reminders_send, run_housekeeping
from caringcity.visits.tests.factories import make_visit
from caringcity.visits.tests.test_feeds import IN_COMMONS, OK, REDIR, team, world  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


@pytest.fixture
def now():
    return timezone.now().replace(second=0, microsecond=0)


@pytest.fixture
def friend(world):
    return world["team_member"].person


def _emails():
    """Reminder e-mails only (joining a team sends e-mails too)."""
    return list(OutboundEmail.objects.filter(subject__startswith="Reminder").order_by("pk"))


def test_one_reminder_in_the_window_and_never_twice(team, friend, now):
    visit = make_visit(team, starts=now + timedelta(hours=20), joined=[friend], title="Bath and dressing")
    make_visit(team, starts=now + timedelta(hours=30), joined=[friend])  # outside the default 24 hours
    assert reminders_send(now=now) == (1, 1)
    assert reminders_send(now=now) == (0, 0)
    assert reminders_send(now=now + timedelta(minutes=15)) == (0, 0)
    sent = ReminderSent.objects.get()
    assert (sent.visit, sent.person, sent.channel) == (visit, friend, "email")
    [email] = _emails()
    assert email.to == friend.user.email
    local = timezone.localtime(visit.starts)
    assert date_format(local, "H:i") in email.body_text and date_format(local, "l j F") in email.body_text
    assert team.commons.name in email.body_text and "/my-visits/week/?week=" in email.body_text
    for private in ("Olive", team.name, "Bath", "Company and a chat", "At home"):
        assert private not in email.body_text and private not in email.subject
    # Later, the second visit enters the window.
    assert reminders_send(now=now + timedelta(hours=7)) == (1, 1)


def test_each_persons_own_window_and_channel(world, team, friend, now):
    holder = world["rota_holder"].person
    trial = world["trial"].person
    ReminderSetting.objects.create(person=friend, hours_before=2)
    ReminderSetting.objects.create(person=holder, channel="none", hours_before=48)
    ReminderSetting.objects.create(person=trial, hours_before=48)
    make_visit(team, starts=now + timedelta(hours=40), joined=[friend, holder, trial])
    assert reminders_send(now=now) == (1, 1)
    assert ReminderSent.objects.get().person == trial
    assert reminders_send(now=now + timedelta(hours=38, minutes=30)) == (1, 1)  # friend, 1.5 hours before
    assert not ReminderSent.objects.filter(person=holder).exists()  # chose no reminders


def test_none_for_cancelled_declined_past_or_people_who_left(world, team, friend, now):
    former_member = team.members.get(person=friend)
    holder = world["rota_holder"].person
    make_visit(team, starts=now + timedelta(hours=3), joined=[holder], status=VisitStatus.CANCELLED)
    make_visit(team, starts=now - timedelta(hours=1), joined=[holder])
    declined = make_visit(team, starts=now + timedelta(hours=4))
    Signup.objects.create(visit=declined, person=holder, status=SignupStatus.DECLINED)
    make_visit(team, starts=now + timedelta(hours=5), joined=[friend])
    team_services.member_leave(actor=friend.user, member=former_member, notice_days=0, goodbye="Bye.")
    assert reminders_send(now=now) == (0, 0)
    assert not ReminderSent.objects.exists() and not _emails()


def test_several_visits_make_one_message(team, friend, now):
    make_visit(team, starts=now + timedelta(hours=3), joined=[friend])
    make_visit(team, starts=now + timedelta(hours=5), joined=[friend])
    assert reminders_send(now=now) == (2, 1)
    assert "2 visits" in _emails()[0].body_text


def test_a_run_that_loses_the_race_sends_nothing(team, friend, now, monkeypatch):
    """Two runs at once both see the visit; only the one whose claim went in sends."""
    visit = make_visit(team, starts=now + timedelta(hours=3), joined=[friend])
    seen = list(selectors.reminder_candidates(now, timedelta(hours=48)))
    ReminderSent.objects.create(visit=visit, person=friend, channel="email")  # the other run's claim
    monkeypatch.setattr(selectors, "reminder_candidates", lambda *a: seen)
    assert reminders_send(now=now) == (0, 0)
    assert ReminderSent.objects.count() == 1 and not _emails()


def test_no_address_records_nothing_and_a_failing_channel_spares_the_others(world, team, friend, now):
    holder = world["rota_holder"].person
    friend.user.email = ""
    friend.user.save()
    friend.email = ""
    friend.save()
    calls = []

    def broken(person, visits, *, commons):
        calls.append(person)
        raise RuntimeError("gateway down")

    reminders.register_channel("broken", "Broken", broken)
    try:
        trial = world["trial"].person
        ReminderSetting.objects.create(person=trial, channel="broken")
        make_visit(team, starts=now + timedelta(hours=3), joined=[friend, holder, trial])
        assert reminders_send(now=now) == (1, 1)
    finally:
        reminders._CHANNELS.pop("broken")
    assert calls == [trial]
    assert list(ReminderSent.objects.values_list("person", flat=True)) == [holder.pk]
    assert [e.to for e in _emails()] == [holder.user.email]


def test_a_new_channel_can_be_registered(team, friend, now, world, commons):
    got = []
    reminders.register_channel("sms", "Text message", lambda person, visits, *, commons: got.append((person, visits)) or True)
    try:
        assert ("sms", "Text message") in reminders.channel_choices()
        client = world["clients"]["team_member"]
        r = client.post(reverse("visits:reminder_settings", args=[commons.slug]), {"channel": "sms", "hours_before": "12"})
        assert r.status_code == REDIR
        visit = make_visit(team, starts=now + timedelta(hours=11), joined=[friend])
        assert reminders_send(now=now) == (1, 1)
    finally:
        reminders._CHANNELS.pop("sms")
    assert got == [(friend, [visit])] and ReminderSent.objects.get().channel == "sms"
    assert not _emails()
    with pytest.raises(ValueError):
        reminders.register_channel("none", "x", lambda *a, **k: True)


def test_queries_do_not_grow_with_people(commons, team, now, personas):
    from caringcity.teams.tests.factories import add_member

    def run_with(n):
        for i in range(n):
            m = member_with_login(commons, name=f"Helper {n}-{i}")
            add_member(team, personas, m)
            make_visit(team, starts=now + timedelta(hours=2 + i), joined=[m.person])
        with CaptureQueriesContext(connection) as ctx:
            count, messages = reminders_send(now=now)
        data = [q for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"]]
        return len(data) - messages, count  # each e-mail writes one outbox row

    small, n_small = run_with(1)
    large, n_large = run_with(4)
    assert (n_small, n_large) == (1, 4)
    assert large <= small, (small, large)


def test_run_housekeeping_says_what_it_did(team, friend):
    make_visit(team, starts=timezone.now() + timedelta(hours=3), joined=[friend])
    out = StringIO()
    run_housekeeping(out)
    assert "1 visit reminders sent in 1 messages" in out.getvalue()
    assert AuditEvent.objects.filter(object_type="visits.remindersent").count() == 1


# --- the settings page ---------------------------------------------------------------------------
def test_settings_role_matrix(world, commons):
    url = reverse("visits:reminder_settings", args=[commons.slug])
    expected = {role: (REDIR if code == OK else code) for role, code in IN_COMMONS.items()}
    assert_matrix(world["clients"], url, expected, method="post", data={"channel": "none", "hours_before": "2"})
    assert ReminderSetting.objects.count() == len([c for c in IN_COMMONS.values() if c == OK])
    assert set(ReminderSetting.objects.values_list("channel", "hours_before")) == {("none", 2)}


def test_settings_page_saves_and_shows_choices(world, commons, friend):
    client = world["clients"]["team_member"]
    url = reverse("visits:reminder_settings", args=[commons.slug])
    html = client.get(url).content.decode()
    assert "E-mail" in html and "No reminders" in html and "2 hours before" in html and "2 days before" in html
    assert client.post(url, {"channel": "email", "hours_before": "48"}).status_code == REDIR
    setting = ReminderSetting.objects.get(person=friend)
    assert (setting.channel, setting.hours_before) == ("email", 48)
    assert AuditEvent.objects.filter(object_type="visits.remindersetting", subject=friend.uuid).exists()
    assert re.search(r'<input[^>]*value="48"[^>]*checked', client.get(url).content.decode())


@pytest.mark.parametrize("data,field", [
    ({"channel": "pigeon", "hours_before": "24"}, "How should we remind you?"),
    ({"channel": "email", "hours_before": "5"}, "How long before a visit?"),
    ({"channel": "email", "hours_before": "x" * 5000}, "How long before a visit?"),
    ({}, "How should we remind you?"),
])
def test_settings_bad_input_is_explained_and_saves_nothing(world, commons, data, field):
    client = world["clients"]["team_member"]
    response = client.post(reverse("visits:reminder_settings", args=[commons.slug]), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html and field in html
    assert not ReminderSetting.objects.exists()


def test_service_refuses_someone_elses_settings_and_bad_values(world, friend):
    from django.core.exceptions import PermissionDenied, ValidationError

    with pytest.raises(PermissionDenied):
        services.reminder_setting_save(actor=world["rota_holder"].person.user, person=friend, channel="none", hours_before=2)
    with pytest.raises(ValidationError) as error:
        services.reminder_setting_save(actor=friend.user, person=friend, channel="fax", hours_before=3)
    assert set(error.value.error_dict) == {"channel", "hours_before"}
    assert not ReminderSetting.objects.exists()
