"""Events pages: who reaches what, characteristics never shown per person (not even to organisers),
attendance at the door, schema.org JSON-LD, the iCalendar feed, the open data, the trail source,
and query counts that do not grow with the data."""

import csv
import datetime
import io
import json
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from caringcity.core.models import AuditEvent
from caringcity.core.testing import assert_matrix, assert_queries_constant
from caringcity.lab.models import Event, Registration
from caringcity.lab.tests.factories import make_event, make_plan, make_registration

pytestmark = pytest.mark.django_db

OK, NF, REDIR = 200, 404, 302
MEMBERS = {"anonymous": REDIR, "outsider": NF, "member": OK, "owner": OK, "proxy": OK, "organiser": OK, "admin": OK}
KEEP = {"anonymous": REDIR, "outsider": NF, "member": NF, "owner": NF, "proxy": NF, "organiser": OK, "admin": OK}
ANYONE = {role: OK for role in MEMBERS}
SECRET = {"age": "65_plus", "ethnic_group": "mixed", "disability": "yes", "carer": "yes", "local": "no"}
SECRET_WORDS = ["65 or older", "Mixed or multiple", "65_plus", "mixed"]


def _event_form(**change):
    data = {"title": "Care hubs workshop", "kind": "workshop", "summary": "We talk about care hubs.",
            "starts_at": "2030-03-14T18:00", "ends_at": "2030-03-14T20:00", "place": "Round Chapel", "address": "",
            "postcode": "E5 0PD", "online_url": "", "access_info": "Step-free", "capacity": "20", "public": "on"}
    return {**data, **change}


def test_who_reaches_each_page(commons, clients):
    event = make_event(commons)
    slug = commons.slug
    for name in ("events", "table"):
        assert_matrix(clients, reverse(f"lab:{name}", args=[slug]), MEMBERS)
    assert_matrix(clients, reverse("lab:event", args=[slug, event.uuid]), MEMBERS)
    for name in ("event_create", "payments", "payments_csv", "payments_360_json", "payments_360_csv", "benchmarks"):
        assert_matrix(clients, reverse(f"lab:{name}", args=[slug]), KEEP)
    for name in ("event_edit", "event_cancel", "event_registrations", "event_attendance", "event_outcomes", "payment_create"):
        assert_matrix(clients, reverse(f"lab:{name}", args=[slug, event.uuid]), KEEP)
    for name in ("public_events", "events_ics", "events_csv", "events_json"):
        assert_matrix(clients, reverse(f"lab:{name}", args=[slug]), ANYONE)
    for name in ("public_event", "event_ics", "event_register"):
        assert_matrix(clients, reverse(f"lab:{name}", args=[slug, event.uuid]), ANYONE)


@pytest.mark.parametrize("role", ["anonymous", "outsider", "member", "proxy"])
def test_denied_event_writes_change_nothing(commons, clients, role):
    event = make_event(commons, "Untouched")
    clients[role].post(reverse("lab:event_create", args=[commons.slug]), _event_form(title="New"))
    clients[role].post(reverse("lab:event_edit", args=[commons.slug, event.uuid]), _event_form(title="Changed"))
    clients[role].post(reverse("lab:event_cancel", args=[commons.slug, event.uuid]))
    event.refresh_from_db()
    assert Event.objects.count() == 1 and event.title == "Untouched" and event.cancelled_at is None
    assert not AuditEvent.objects.filter(action__startswith="lab.event").exists()


def test_an_organiser_plans_changes_and_cancels_an_event(commons, clients):
    plan = make_plan(commons)
    policy = plan.policies.get(number=3)
    client, slug = clients["organiser"], commons.slug
    bad = client.post(reverse("lab:event_create", args=[slug]), _event_form(ends_at="2030-03-14T17:00", place=""))
    assert bad.status_code == 400 and "The end must be after the start." in bad.content.decode()
    assert 'value="Care hubs workshop"' in bad.content.decode() and Event.objects.count() == 0
    response = client.post(reverse("lab:event_create", args=[slug]), _event_form(policies=[policy.pk]))
    event = Event.objects.get()
    assert response["Location"] == reverse("lab:event", args=[slug, event.uuid])
    assert list(event.policies.all()) == [policy] and event.capacity == 20 and event.public
    assert client.post(reverse("lab:event_edit", args=[slug, event.uuid]), _event_form(title="Care hubs, again")).status_code == 302
    event.refresh_from_db()
    assert event.title == "Care hubs, again" and list(event.policies.all()) == []
    assert client.post(reverse("lab:event_cancel", args=[slug, event.uuid])).status_code == 302
    event.refresh_from_db()
    assert event.cancelled_at is not None
    assert list(AuditEvent.objects.filter(action__startswith="lab.event").values_list("action", flat=True).order_by("pk")) == [
        "lab.event.create", "lab.event.update", "lab.event.cancel"]


def test_characteristics_are_never_shown_per_person_not_even_to_organisers(commons, clients):
    event = make_event(commons, days=0)
    make_registration(event, "Only Person", characteristics=SECRET, bsl=True, interpreter="Bengali", childcare=2,
                      access_needs="Step-free", dietary="Halal")
    slug = commons.slug
    pages = [reverse("lab:event_registrations", args=[slug, event.uuid]), reverse("lab:event_attendance", args=[slug, event.uuid]),
             reverse("lab:event", args=[slug, event.uuid]), reverse("lab:table", args=[slug]),
             reverse("lab:payments_csv", args=[slug]), reverse("lab:payments_360_json", args=[slug])]
    for url in pages:
        body = clients["organiser"].get(url).content.decode()
        for word in SECRET_WORDS:
            assert word not in body, (url, word)
    needs = clients["organiser"].get(pages[0]).content.decode()
    assert "Bengali: 1" in needs and "1 person needs one" in needs and "2 children" in needs and "Only Person: Step-free" in needs
    for url in (reverse("lab:public_event", args=[slug, event.uuid]), reverse("lab:events_json", args=[slug]),
                reverse("lab:events_csv", args=[slug]), reverse("lab:events_ics", args=[slug])):
        body = Client().get(url).content.decode()
        for word in ["Only Person", "Bengali", "Step-free", "Halal", *SECRET_WORDS]:
            assert word not in body, (url, word)


def test_attendance_at_the_door_in_one_form_and_a_walk_in(commons, clients):
    event = make_event(commons, days=0)
    came, missed, waiting = (make_registration(event, name) for name in ("Ada", "Bo", "Cy"))
    waiting.state = "waiting"
    waiting.save()
    cancelled = make_registration(event, "Dilys Wainwright", state="cancelled")
    client, url = clients["organiser"], reverse("lab:event_attendance", args=[commons.slug, event.uuid])
    page = client.get(url).content.decode()
    assert page.count('type="checkbox" name="present"') == 3 and "Dilys Wainwright" not in page
    assert client.post(url, {"present": [str(came.uuid), str(waiting.uuid)]}).status_code == 302
    got = dict(Registration.objects.values_list("name", "attended"))
    assert got == {"Ada": True, "Bo": False, "Cy": True, "Dilys Wainwright": None}
    # A walk-in is added as there; a missing name is refused next to the field.
    walk_in = reverse("lab:event_walk_in", args=[commons.slug, event.uuid])
    refused = client.post(walk_in, {"walkin-name": "", "walkin-organisation_kind": "resident"})
    assert refused.status_code == 400 and "This field is required" in refused.content.decode()
    assert client.post(walk_in, {"walkin-name": "Eve", "walkin-organisation_kind": "resident"}).status_code == 302
    eve = Registration.objects.get(name="Eve")
    assert eve.walk_in and eve.attended and eve.organisation_kind == "resident"
    assert "Eve" in client.get(url).content.decode()
    # Taken again afterwards: same form.
    client.post(url, {"present": [str(missed.uuid)]})
    got = dict(Registration.objects.values_list("name", "attended"))
    assert got == {"Ada": False, "Bo": True, "Cy": False, "Dilys Wainwright": None, "Eve": False}
    assert AuditEvent.objects.filter(action="lab.attendance.record").count() == 2
    # Not before the day; a member may not take it.
    later = make_event(commons, "Later", days=5)
    make_registration(later, "Fay")
    assert "from the day of the event" in client.get(reverse("lab:event_attendance", args=[commons.slug, later.uuid])).content.decode()
    client.post(reverse("lab:event_attendance", args=[commons.slug, later.uuid]), {"present": []})
    assert clients["member"].post(url, {"present": [str(came.uuid)]}).status_code == 404
    assert Registration.objects.get(name="Fay").attended is None and Registration.objects.get(name="Ada").attended is False


def test_outcomes_and_notes_afterwards_and_the_policy_trail(commons, clients):
    plan = make_plan(commons)
    policy = plan.policies.get(number=1)
    event = make_event(commons, days=-10)
    hidden = make_event(commons, "Members only", days=-5, public=False)
    for ev in (event, hidden):
        ev.policies.add(policy)
    url = reverse("lab:event_outcomes", args=[commons.slug, event.uuid])
    assert clients["organiser"].post(url, {"notes": "Private notes", "outcomes": "We agreed to ask for hubs.\nMore."}).status_code == 302
    from caringcity.lab.trail import trail_for

    public_steps = trail_for([policy], public=True)[policy.pk]
    assert [(s.kind, s.title, s.summary) for s in public_steps] == [("event", "Care hubs workshop", "We agreed to ask for hubs.")]
    assert public_steps[0].url == reverse("lab:public_event", args=[commons.slug, event.uuid])
    assert len(trail_for([policy], public=False)[policy.pk]) == 2
    page = Client().get(reverse("lab:public_event", args=[commons.slug, event.uuid])).content.decode()
    assert "We agreed to ask for hubs." in page and "Private notes" not in page


def test_the_public_page_carries_schema_org_event_json_ld(commons):
    event = make_event(commons, "Care </script><script>alert(1)</script> hubs", online_url="https://meet.example.org/x",
                       address="12 Lower Clapton Road", postcode="E5 0PD")
    page = Client().get(reverse("lab:public_event", args=[commons.slug, event.uuid])).content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert len(blocks) == 1 and "<script>alert" not in page
    data = json.loads(blocks[0])
    assert data["@type"] == "Event" and data["@context"] == "https://schema.org" and data["name"] == event.title
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert {loc["@type"] for loc in data["location"]} == {"Place", "VirtualLocation"}
    assert data["organizer"] == {"@type": "Organization", "name": commons.name, "url": data["organizer"]["url"]}
    event.cancelled_at = timezone.now()
    event.online_url = ""
    event.save()
    page = Client().get(reverse("lab:public_event", args=[commons.slug, event.uuid])).content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert data["eventStatus"] == "https://schema.org/EventCancelled" and data["location"]["@type"] == "Place"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"


def test_the_icalendar_feed_parses_with_stable_uids_and_cancelled_events(commons):
    one = make_event(commons, "One")
    two = make_event(commons, "Two", days=14)
    make_event(commons, "Private", public=False)
    two.cancelled_at = timezone.now()
    two.save()
    first = Client().get(reverse("lab:events_ics", args=[commons.slug]))
    assert first["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(first.content)
    events = {str(e["summary"]): e for e in cal.walk("VEVENT")}
    assert set(events) == {"One", "Two"}
    assert str(events["Two"]["status"]) == "CANCELLED" and str(events["One"]["status"]) == "CONFIRMED"
    assert all("dtstamp" in e and "dtstart" in e and "dtend" in e for e in events.values())
    assert events["One"].decoded("dtstart") == one.starts_at
    again = {str(e["summary"]): str(e["uid"]) for e in Calendar.from_ical(Client().get(first.wsgi_request.path).content).walk("VEVENT")}
    assert again == {name: str(e["uid"]) for name, e in events.items()} and again["One"] == f"lab-event-{one.uuid}@caringcity"
    single = Calendar.from_ical(Client().get(reverse("lab:event_ics", args=[commons.slug, one.uuid])).content)
    assert [str(e["uid"]) for e in single.walk("VEVENT")] == [again["One"]]


def test_open_data_lists_public_events_only_without_registrations(commons):
    event = make_event(commons, "Open one")
    make_event(commons, "Private", public=False)
    make_registration(event, "Hidden Name", email="hidden@example.org")
    data = Client().get(reverse("lab:events_json", args=[commons.slug])).json()
    assert [e["title"] for e in data["events"]] == ["Open one"] and data["events"][0]["id"] == str(event.uuid)
    rows = list(csv.DictReader(io.StringIO(Client().get(reverse("lab:events_csv", args=[commons.slug])).content.decode())))
    assert [r["title"] for r in rows] == ["Open one"] and rows[0]["cancelled"] == "False"
    assert "Hidden" not in json.dumps(data) and "hidden@" not in str(rows)


def test_next_events_show_on_the_lab_home_and_the_public_home(commons, clients):
    make_event(commons, "Soon and public")
    make_event(commons, "Soon for members", public=False)
    members = clients["member"].get(reverse("lab:home", args=[commons.slug])).content.decode()
    public = Client().get(reverse("lab:public_home", args=[commons.slug])).content.decode()
    assert "Soon and public" in members and "Soon for members" in members
    assert "Soon and public" in public and "Soon for members" not in public


def test_query_counts_do_not_grow_on_the_event_attendance_and_table_pages(commons, clients):
    plan = make_plan(commons)
    event = make_event(commons, days=0)
    counter = iter(range(1000))

    def grow():
        n = next(counter)
        make_registration(event, f"P{n}", characteristics=SECRET, attended=True, organisation_kind="resident")
        event.policies.add(plan.policies.all()[n % 4])
        past = make_event(commons, f"Past {n}", days=-(n + 2) * 40)
        past.policies.add(plan.policies.first())
        for i in range(6):
            make_registration(past, f"Q{n}-{i}", characteristics=SECRET, attended=True)

    client = clients["organiser"]
    for url in (reverse("lab:event", args=[commons.slug, event.uuid]), reverse("lab:event_attendance", args=[commons.slug, event.uuid]),
                reverse("lab:table", args=[commons.slug]), reverse("lab:event_registrations", args=[commons.slug, event.uuid])):
        assert_queries_constant(client, url, grow)
    assert_queries_constant(Client(), reverse("lab:public_event", args=[commons.slug, event.uuid]), grow)
    assert_queries_constant(Client(), reverse("lab:public_events", args=[commons.slug]), grow)


def test_a_persons_private_calendar_holds_the_lab_events_they_are_booked_on(commons, personas):
    from caringcity.core.extensions import calendar_events

    person = personas["member"].person
    booked, waiting, other = make_event(commons, "Booked"), make_event(commons, "Waiting"), make_event(commons, "Other")
    make_registration(booked, person.name, person=person)
    make_registration(waiting, person.name, person=person, state="waiting")
    now = timezone.now()
    got = [str(e["summary"]) for e in calendar_events(person, commons, now, now + datetime.timedelta(days=30))
           if str(e["uid"]).startswith("lab-event-")]
    assert got == ["Booked"]
