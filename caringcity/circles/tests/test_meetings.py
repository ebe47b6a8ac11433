"""Meetings: planning, changing, cancelling, recording who came, minutes, actions; the state
machine's refusals; confidential minutes; who is around the table (numbers and the SVG chart);
the logbook section; role matrices over every page and action; constant query counts."""

import re
import xml.etree.ElementTree as ET
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from caringcity.circles.models import (
    Action,
    AgendaItem,
    CircleHatKind,
    DecisionKind,
    How,
    Meeting,
    MeetingStatus,
    Participant,
    ParticipantKind,
    Proposal,
    ProposalStage,
    Stakeholder,
    Taker,
)
from caringcity.circles.selectors import meetings as selectors
from caringcity.circles.services import meetings as services
from caringcity.circles.services.records import decision_record
from caringcity.circles.tests.factories import CIRCLE_ROLES, add_participant, circle_world, give_circle_hat, make_circle  # noqa: F401
from caringcity.core.models import AuditEvent, OutboundEmail
from caringcity.core.testing import assert_matrix, assert_queries_constant
from caringcity.people.tests.factories import PersonFactory, member_with_login

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
OK, REDIR, NF = 200, 302, 404
VIEWERS = {"anonymous": REDIR, "other_commons": NF, "outsider": OK, "guest": OK, "learning": OK, "full": OK, "secretary": OK,
           "facilitator": OK}
KEEPERS = {"anonymous": REDIR, "other_commons": NF, "outsider": NF, "guest": NF, "learning": NF, "full": NF, "secretary": OK,
           "facilitator": OK}


def murl(name, meeting, *args):
    return reverse(f"circles:{name}", args=[meeting.circle.commons.slug, meeting.uuid, *args])


def curl(name, circle):
    return reverse(f"circles:{name}", args=[circle.commons.slug, circle.uuid])


@pytest.fixture
def mw(circle_world):
    """circle_world, plus a planned meeting in ten days and a meeting held twenty days ago with its
    minutes: full (supported), secretary (volunteer), absent (supported, by phone), learning
    (family, by video) came, and Oona from outside the circle as a volunteer."""
    w = circle_world
    sec = w.user("secretary")
    now = timezone.now()
    w.planned = services.meeting_plan(actor=sec, circle=w.circle, title="Next circle meeting", starts=now + timedelta(days=10),
                                      place="Clapton Library", agenda="Welcome\nThe budget")
    w.past = services.meeting_plan(actor=sec, circle=w.circle, title="Last circle meeting", starts=now - timedelta(days=20),
                                   agenda=["Welcome", "Tea rota"])
    services.meeting_hold(actor=sec, meeting=w.past,
                          people=[(w.person("full"), How.MEETING), (w.person("secretary"), How.MEETING),
                                  (w.absent.person, How.PHONE), (w.person("learning"), How.VIDEO)],
                          guests=[(w.person("outsider"), How.MEETING, Stakeholder.VOLUNTEER)])
    items = list(w.past.agenda.all())
    services.meeting_write_minutes(actor=sec, meeting=w.past, notes="A warm meeting.", item_notes={items[0]: "We said hello."},
                                   actions=[("Buy tea for the next meeting", w.person("full"), date(2030, 1, 1)),
                                            ("Ask the library about the room", None, None)])
    return w


def _came(w, **how):
    """The attendance form's answers: ``how[role]`` for those roles, "absent" for everyone else."""
    people = {w.person(r).pk: r for r in ("guest", "learning", "full", "secretary", "facilitator")}
    people[w.absent.person.pk] = "absent_person"
    return {f"came_{pk}": how.get(role, "absent") for pk, role in people.items()}


def _snapshot(meeting):
    meeting.refresh_from_db()
    return (meeting.title, meeting.starts, meeting.status, meeting.sequence, meeting.notes, meeting.confidential,
            meeting.cancel_reason, list(meeting.agenda.values_list("title", "notes")),
            sorted(meeting.attendance.values_list("person_id", "how")), list(meeting.actions.values_list("text", "done_at")))


# --- planning, changing, cancelling --------------------------------------------------------------
def test_plan_writes_the_meeting_its_agenda_and_an_audit(circle_world):
    w = circle_world
    proposal = Proposal.objects.create(circle=w.circle, title="Welcome pack", brought_by=w.person("full"))
    starts = datetime(2030, 7, 1, 18, 30, tzinfo=LONDON)
    meeting = services.meeting_plan(actor=w.user("secretary"), circle=w.circle, title=" Summer meeting ", starts=starts,
                                    minutes_long=60, place="The hall", agenda="- Welcome\n\n• Budget  \n", proposals=[proposal])
    assert (meeting.title, meeting.status, meeting.sequence, meeting.minutes_long) == ("Summer meeting", MeetingStatus.PLANNED, 0, 60)
    assert list(meeting.agenda.values_list("title", "proposal")) == [("Welcome", None), ("Budget", None), ("Welcome pack", proposal.pk)]
    assert AuditEvent.objects.filter(action="circles.meeting.plan", object_id=str(meeting.uuid)).count() == 1


@pytest.mark.parametrize("change, field", [
    ({"title": "  "}, "title"),
    ({"minutes_long": 5}, "minutes_long"),
    ({"agenda": ["x" * 201]}, "agenda"),
    ({"starts": datetime(2030, 7, 1, 18, 30)}, "starts"),  # a naive time: no time zone
])
def test_plan_refuses_bad_details_and_saves_nothing(circle_world, change, field):
    w = circle_world
    data = {"title": "Meeting", "starts": timezone.now() + timedelta(days=3), "minutes_long": 90, "agenda": ["Welcome"], **change}
    with pytest.raises(ValidationError) as error:
        services.meeting_plan(actor=w.user("secretary"), circle=w.circle, **data)
    assert field in error.value.error_dict
    assert not Meeting.objects.exists() and not AgendaItem.objects.exists()


def test_only_open_proposals_of_the_circle_go_on_the_agenda(circle_world):
    w = circle_world
    other = Proposal.objects.create(circle=w.parent, title="Budget", brought_by=w.person("full"))
    done = Proposal.objects.create(circle=w.circle, title="Old", brought_by=w.person("full"), stage=ProposalStage.ADOPTED)
    for proposal in (other, done):
        with pytest.raises(ValidationError) as error:
            services.meeting_plan(actor=w.user("secretary"), circle=w.circle, title="M", starts=timezone.now(), proposals=[proposal])
        assert "proposals" in error.value.error_dict
    assert not Meeting.objects.exists()


def test_change_raises_the_sequence_rewrites_the_agenda_and_tells_people(mw):
    w, meeting = mw, mw.planned
    OutboundEmail.objects.all().delete()
    later = meeting.starts + timedelta(days=1)
    services.meeting_change(actor=w.user("secretary"), meeting=meeting, title="Moved meeting", starts=later, minutes_long=60,
                            place="Clapton Library", agenda="Only one item")
    meeting.refresh_from_db()
    assert (meeting.title, meeting.starts, meeting.sequence) == ("Moved meeting", later, 1)
    assert list(meeting.agenda.values_list("title", flat=True)) == ["Only one item"]
    # Everyone in the circle with an e-mail, except the secretary who moved it; no title in it.
    to = set(OutboundEmail.objects.values_list("to", flat=True))
    expected = {w.user(r).email for r in ("guest", "learning", "full", "facilitator")}
    assert to == expected
    assert all("Moved meeting" not in m.body_text for m in OutboundEmail.objects.all())
    services.meeting_change(actor=w.user("secretary"), meeting=meeting, title="Renamed", starts=later, minutes_long=60,
                            place="Clapton Library", agenda="")
    meeting.refresh_from_db()
    assert meeting.sequence == 2 and OutboundEmail.objects.count() == len(expected)  # same time and place: nobody told again


def test_cancel_needs_a_reason_and_then_the_meeting_cannot_change(mw):
    w, meeting = mw, mw.planned
    before = _snapshot(meeting)
    with pytest.raises(ValidationError) as error:
        services.meeting_cancel(actor=w.user("secretary"), meeting=meeting, reason=" ")
    assert "reason" in error.value.error_dict and _snapshot(meeting) == before
    services.meeting_cancel(actor=w.user("secretary"), meeting=meeting, reason="The hall is closed.")
    meeting.refresh_from_db()
    assert (meeting.status, meeting.sequence, meeting.cancel_reason) == (MeetingStatus.CANCELLED, 1, "The hall is closed.")
    cancelled = _snapshot(meeting)
    with pytest.raises(ValidationError) as error:
        services.meeting_change(actor=w.user("secretary"), meeting=meeting, title="Back on", starts=meeting.starts,
                                minutes_long=90, agenda="")
    assert "Only a planned meeting can be changed." in error.value.messages
    for call in (lambda: services.meeting_cancel(actor=w.user("secretary"), meeting=meeting, reason="Again"),
                 lambda: services.meeting_hold(actor=w.user("secretary"), meeting=meeting, people=[(w.person("full"), How.MEETING)])):
        with pytest.raises(ValidationError):
            call()
    assert _snapshot(meeting) == cancelled


def test_changing_a_cancelled_meeting_through_the_page_is_refused_with_the_reason(mw):
    w, meeting = mw, mw.planned
    services.meeting_cancel(actor=w.user("secretary"), meeting=meeting, reason="The hall is closed.")
    before = _snapshot(meeting)
    client = w.clients["secretary"]
    response = client.get(murl("meeting_change", meeting), follow=True)
    assert "Only a planned meeting can be changed." in response.content.decode()
    response = client.post(murl("meeting_change", meeting), {"title": "Back on", "date": "2030-01-01", "start_time": "18:00",
                                                             "minutes_long": 90})
    assert response.status_code == 400 and "Only a planned meeting can be changed." in response.content.decode()
    assert _snapshot(meeting) == before


# --- holding and minutes -------------------------------------------------------------------------------
def test_minutes_for_a_planned_meeting_are_refused(mw):
    w, meeting = mw, mw.planned
    before = _snapshot(meeting)
    with pytest.raises(ValidationError) as error:
        services.meeting_write_minutes(actor=w.user("secretary"), meeting=meeting, notes="Too soon")
    assert "Minutes are written for a meeting that was held." in error.value.messages
    item = meeting.agenda.first()
    response = w.clients["secretary"].post(murl("meeting_write", meeting), {f"item_{item.pk}": "Too soon", "notes": "Too soon"})
    assert response.status_code == 400 and "Minutes are written for a meeting that was held." in response.content.decode()
    assert _snapshot(meeting) == before


def test_a_meeting_cannot_be_recorded_as_held_before_it_starts(mw):
    w, meeting = mw, mw.planned
    before = _snapshot(meeting)
    with pytest.raises(ValidationError) as error:
        services.meeting_hold(actor=w.user("secretary"), meeting=meeting, people=[(w.person("full"), How.MEETING)])
    assert "has not started yet" in " ".join(error.value.messages)
    assert _snapshot(meeting) == before


@pytest.mark.parametrize("case", ["nobody", "outsider_ticked", "member_as_guest", "twice", "bad_how", "not_in_commons"])
def test_attendance_refusals_save_nothing(circle_world, case):
    w = circle_world
    meeting = services.meeting_plan(actor=w.user("secretary"), circle=w.circle, title="M", starts=timezone.now() - timedelta(hours=2))
    stranger = PersonFactory(name="Stan Stranger")
    people, guests = {
        "nobody": ([], []),
        "outsider_ticked": ([(w.person("outsider"), How.MEETING)], []),
        "member_as_guest": ([], [(w.person("full"), How.MEETING, Stakeholder.OTHER)]),
        "twice": ([(w.person("full"), How.MEETING)], [(w.person("outsider"), How.MEETING, Stakeholder.OTHER),
                                                      (w.person("outsider"), How.PHONE, Stakeholder.OTHER)]),
        "bad_how": ([(w.person("full"), How.PAPER)], []),
        "not_in_commons": ([], [(stranger, How.MEETING, Stakeholder.OTHER)]),
    }[case]
    before = _snapshot(meeting)
    with pytest.raises(ValidationError):
        services.meeting_hold(actor=w.user("secretary"), meeting=meeting, people=people, guests=guests)
    assert _snapshot(meeting) == before and not Taker.objects.exists()


def test_holding_keeps_each_persons_place_at_the_time(mw):
    w = mw
    got = {t.person.name: (t.kind, t.stakeholder, t.hats, t.how) for t in w.past.attendance.select_related("person")}
    assert got == {
        "Femi Full": ("full", "supported", [], "meeting"),
        "Sally Secretary": ("full", "volunteer", ["secretary"], "meeting"),
        "Albert Absent": ("full", "supported", [], "phone"),
        "Lale Learner": ("learning", "family", [], "video"),
        "Oona Outsider": ("", "volunteer", [], "meeting"),  # a guest from the commons: not in the circle
    }
    assert w.past.status == MeetingStatus.HELD and w.past.sequence == 1
    # Someone's place changes later: the record stays as it was; a correction keeps the old snapshot.
    Participant.objects.filter(circle=w.circle, person=w.person("full")).update(stakeholder=Stakeholder.WORKER)
    services.meeting_attendance(actor=w.user("secretary"), meeting=w.past,
                                people=[(w.person("full"), How.PHONE), (w.person("facilitator"), How.MEETING)], guests=[])
    got = {t.person.name: (t.stakeholder, t.how, t.hats) for t in w.past.attendance.select_related("person")}
    assert got == {"Femi Full": ("supported", "phone", []), "Fatima Facilitator": ("worker", "meeting", ["facilitator"])}


def test_minutes_confidential_need_a_reason(mw):
    w = mw
    before = _snapshot(w.past)
    with pytest.raises(ValidationError) as error:
        services.meeting_write_minutes(actor=w.user("secretary"), meeting=w.past, notes="Secret", confidential=True)
    assert "confidential_reason" in error.value.error_dict
    assert _snapshot(w.past) == before


def test_minutes_write_notes_new_items_and_actions(mw):
    w = mw
    items = list(w.past.agenda.all())
    assert items[0].notes == "We said hello." and w.past.notes == "A warm meeting."
    services.meeting_write_minutes(actor=w.user("secretary"), meeting=w.past, notes="Later notes",
                                   item_notes={items[1]: "Rosa does tea."}, new_items=[("Summer party", "Yes, in July.")],
                                   actions=[("Book the park", w.person("outsider"), None)])
    assert list(w.past.agenda.values_list("title", "notes")) == [
        ("Welcome", "We said hello."), ("Tea rota", "Rosa does tea."), ("Summer party", "Yes, in July.")]
    assert w.past.actions.count() == 3  # the two earlier ones stay
    with pytest.raises(ValidationError):  # an action can only go to the circle's people or someone who came
        services.meeting_write_minutes(actor=w.user("secretary"), meeting=w.past,
                                       actions=[("Do it", member_with_login(w.commons, name="Nina New").person, None)])
    assert w.past.actions.count() == 3


def test_actions_are_marked_done_by_their_person_or_the_secretary(mw):
    w = mw
    tea, room = w.past.actions.order_by("pk")
    before = list(Action.objects.values_list("pk", "done_at"))
    for role in ("anonymous", "other_commons", "outsider", "guest", "learning"):
        response = w.clients[role].post(murl("action_done", w.past, tea.uuid))
        assert response.status_code in (REDIR, NF) and (role != "anonymous" or "/accounts/login/" in response["Location"]), role
    response = w.clients["full"].post(murl("action_done", w.past, room.uuid))  # not theirs
    assert response.status_code == NF
    assert list(Action.objects.values_list("pk", "done_at")) == before
    assert w.clients["full"].post(murl("action_done", w.past, tea.uuid)).status_code == REDIR
    assert w.clients["secretary"].post(murl("action_done", w.past, room.uuid)).status_code == REDIR
    assert not Action.objects.filter(done_at__isnull=True).exists()
    response = w.clients["secretary"].post(murl("action_done", w.past, room.uuid), follow=True)
    assert "This action is already done." in response.content.decode()
    assert w.clients["secretary"].get(murl("action_done", w.past, room.uuid)).status_code == 405


# --- pages through the forms ------------------------------------------------------------------------
def test_the_secretary_plans_holds_and_writes_minutes_through_the_pages(circle_world):
    w = circle_world
    client = w.clients["secretary"]
    response = client.post(curl("meeting_plan", w.circle), {"title": "", "date": "2030-07-01", "start_time": "18:30",
                                                            "minutes_long": 90})
    assert response.status_code == 400 and "error-summary" in response.content.decode() and not Meeting.objects.exists()
    day = timezone.localdate() - timedelta(days=1)
    response = client.post(curl("meeting_plan", w.circle), {"title": "Yesterday's meeting", "date": day.isoformat(),
                                                            "start_time": "18:30", "minutes_long": 60, "place": "Hall",
                                                            "agenda": "Welcome\nTea"})
    meeting = Meeting.objects.get()
    assert response.status_code == REDIR and response["Location"] == murl("meeting_detail", meeting)
    assert timezone.localtime(meeting.starts).replace(tzinfo=None) == datetime.combine(day, datetime.min.time()).replace(hour=18, minute=30)
    page = client.get(murl("meeting_detail", meeting)).content.decode()
    assert "Record that it was held" in page and "Change this meeting" in page
    response = client.post(murl("meeting_hold", meeting), {f"came_{w.person('full').pk}": "phone"})  # the others left out
    assert response.status_code == 400 and "Say whether they came." in response.content.decode()
    response = client.post(murl("meeting_hold", meeting), {**_came(w, full="phone", guest="video"),
                                                           "guest_0_person": w.person("outsider").pk, "guest_0_as": "",
                                                           "guest_0_how": "meeting"})
    assert response.status_code == 400 and "Say who they are here as." in response.content.decode()
    assert Meeting.objects.get().status == MeetingStatus.PLANNED and not Taker.objects.exists()
    response = client.post(murl("meeting_hold", meeting), {**_came(w, full="phone", guest="video"),
                                                           "guest_0_person": w.person("outsider").pk, "guest_0_as": "partner",
                                                           "guest_0_how": "meeting"})
    assert response.status_code == REDIR and response["Location"] == murl("meeting_write", meeting)
    assert dict(Taker.objects.values_list("person__name", "how")) == {"Femi Full": "phone", "Gita Guest": "video",
                                                                      "Oona Outsider": "meeting"}
    items = list(meeting.agenda.all())
    form = {f"item_{items[0].pk}": "Hello all.", "notes": "Short.", "action_0_text": "", "action_0_who": w.person("full").pk,
            "confidential": "on", "confidential_reason": ""}
    response = client.post(murl("meeting_write", meeting), form)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Say what will be done." in body and "Say why the minutes are confidential." in body
    form.update(action_0_text="Write to the council", action_0_due="2030-02-01", confidential="", confidential_reason="")
    assert client.post(murl("meeting_write", meeting), form).status_code == REDIR
    action = Action.objects.get()
    assert (action.text, action.who, action.due) == ("Write to the council", w.person("full"), date(2030, 2, 1))
    page = client.get(murl("meeting_detail", meeting)).content.decode()
    assert "Hello all." in page and "Write to the council" in page and "Mark as done" in page


def test_the_attendance_form_shows_who_came_when_correcting(mw):
    w = mw
    page = w.clients["secretary"].get(murl("meeting_hold", w.past)).content.decode()
    assert re.search(rf'name="came_{w.absent.person.pk}" value="phone"[^>]*checked', page)
    assert "Oona Outsider" in page and "Who came to this meeting" in page


# --- confidential minutes -------------------------------------------------------------------------------
@pytest.mark.parametrize("page", ["meeting_detail", "meeting_minutes"])
def test_confidential_minutes_show_only_date_title_and_reason_to_others(mw, page):
    w = mw
    services.meeting_write_minutes(actor=w.user("secretary"), meeting=w.past, notes="Private matter of one team.",
                                   confidential=True, confidential_reason="It is about one person's safety.")
    for role in ("outsider", "guest", "learning", "full", "secretary"):
        body = w.clients[role].get(murl(page, w.past)).content.decode()
        assert "Last circle meeting" in body and "one person&#x27;s safety" in body, role
        reads = role in ("learning", "full", "secretary")
        for secret in ("Private matter of one team.", "We said hello.", "Buy tea for the next meeting", "Albert Absent", "Tea rota"):
            assert (secret in body) == reads, (role, secret)


def test_confidential_minutes_keep_their_actions_and_numbers_from_others(mw):
    w = mw
    services.meeting_write_minutes(actor=w.user("secretary"), meeting=w.past, confidential=True, confidential_reason="Safety.")
    rf = RequestFactory()
    from caringcity.circles.views.meetings import logbook_context

    for role, sees in (("outsider", False), ("full", True)):
        request = rf.get("/")
        request.user = w.user(role)
        ctx = logbook_context(request, w.circle)
        assert bool(ctx["open_actions"]) == sees, role
        assert ctx["meetings"] == [(w.past, sees)]
        over = selectors.around_the_table_over_time(w.user(role), w.circle)
        assert (len(over.meetings), over.left_out) == ((1, 0) if sees else (0, 1)), role
        listing = w.clients[role].get(curl("meetings", w.circle)).content.decode()
        row = re.search(r"Last circle meeting.*?</tr>", listing, re.S).group(0)
        assert ("<td>5</td>" in row) == sees, role


# --- who is around the table -------------------------------------------------------------------------
def test_around_the_table_counts_against_the_circles_people_now(mw):
    w = mw
    table = selectors.around_the_table(w.circle, w.past.attendance.all())
    roles = {r.key: (r.came, r.of, r.visitors) for r in table.roles}
    assert roles == {"full": (3, 4, 0), "learning": (1, 1, 0), "guest": (0, 1, 0), "visitor": (1, None, 0),
                     "hat-facilitator": (0, 1, 0), "hat-secretary": (1, 1, 0)}
    stakes = {r.key: (r.came, r.of, r.visitors) for r in table.stakeholders}
    assert stakes == {"supported": (2, 2, 0), "family": (1, 1, 0), "worker": (0, 1, 0), "volunteer": (1, 1, 1),
                      "partner": (0, 1, 0), "other": (0, 0, 0)}
    assert table.summary == "5 people took part: 4 of the circle's 6 people, and 1 visitor from outside the circle."
    assert [r.sentence for r in table.stakeholders][:4] == ["2 of 2 came", "1 of 1 came", "0 of 1 came", "1 of 1 came (and 1 visitor)"]


def test_around_the_table_works_for_a_decisions_takers(circle_world):
    w = circle_world
    decision = decision_record(actor=w.user("secretary"), circle=w.circle, kind=DecisionKind.POLL, title="Tea", text="Yes",
                               takers=[w.person("full"), w.person("facilitator")])
    table = selectors.around_the_table(w.circle, decision.takers.all())
    assert {r.key: r.came for r in table.stakeholders if r.came} == {"supported": 1, "worker": 1}
    html = render_to_string("circles/meetings/_table.html", {"table": table})
    assert "1 of 2 came" in html and "<svg" in html


def _svgs(body):
    return re.findall(r"<svg\b.*?</svg>", body, re.S)


def _parse(svg):
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    return root, root.find(f"{ns}title"), root.find(f"{ns}desc")


def test_the_charts_are_well_formed_svg_with_a_title_and_the_tables_numbers(mw):
    w = mw
    body = w.clients["outsider"].get(murl("meeting_detail", w.past)).content.decode()
    svgs = _svgs(body)
    assert len(svgs) == 1
    root, title, desc = _parse(svgs[0])
    assert root.get("role") == "img" and title is not None and "Who took part" in title.text
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert "People getting support: 2 of 2 came" in desc.text and "Care workers: 0 of 1 came" in desc.text
    assert "2 of 2 came" in body.split("</svg>", 1)[1]  # and the table has it too
    page = w.clients["outsider"].get(curl("around_the_table", w.circle)).content.decode()
    root, title, desc = _parse(_svgs(page)[0])
    assert root.get("role") == "img" and title.text and "came to 1 of 1 meetings" in desc.text


def test_around_the_table_over_time_gives_each_groups_share(circle_world):
    w = circle_world
    sec = w.user("secretary")
    plan = [  # (days ago, who came)
        (90, [("full", How.MEETING), ("facilitator", How.MEETING), ("secretary", How.MEETING), ("learning", How.MEETING)]),
        (60, [("facilitator", How.MEETING), ("secretary", How.MEETING)]),
        (30, [("full", How.PHONE), ("secretary", How.MEETING)]),
    ]
    for days, came in plan:
        m = services.meeting_plan(actor=sec, circle=w.circle, title=f"{days} days ago", starts=timezone.now() - timedelta(days=days))
        services.meeting_hold(actor=sec, meeting=m, people=[(w.person(r), how) for r, how in came])
    services.meeting_plan(actor=sec, circle=w.circle, title="Not held", starts=timezone.now() - timedelta(days=10))
    over = selectors.around_the_table_over_time(w.user("outsider"), w.circle)
    assert [m.title for m, _t, _c in over.meetings] == ["90 days ago", "60 days ago", "30 days ago"]
    supported = [cells[0] for _m, _t, cells in over.meetings]
    assert supported == [(1, 25), (0, 0), (1, 50)]
    kinds = {k[0]: k[2:] for k in over.kinds}
    assert kinds["supported"] == (2, 2, 25)  # 2 in the circle now; came to 2 of 3 meetings; 25% on average
    assert kinds["worker"] == (1, 2, 25)  # the facilitator: (25 + 50 + 0) / 3
    page = w.clients["outsider"].get(curl("around_the_table", w.circle)).content.decode()
    assert "Missing from some" in page and "1 (50%)" in page


# --- the logbook section ---------------------------------------------------------------------------------
def test_logbook_section_lists_meetings_and_open_actions(mw):
    from caringcity.circles.views.base import SECTIONS
    from caringcity.circles.views.meetings import logbook_context

    section = next(s for s in SECTIONS if s.template == "circles/meetings/_logbook.html")
    assert section.order == 60
    request = RequestFactory().get("/")
    request.user = mw.user("outsider")
    ctx = logbook_context(request, mw.circle)
    html = render_to_string(section.template, {**ctx, "circle": mw.circle, "commons": mw.commons}, request=request)
    assert "Last circle meeting" in html and murl("meeting_minutes", mw.past) in html
    assert "Buy tea for the next meeting" in html and "Next circle meeting" in html


# --- role matrices ---------------------------------------------------------------------------------------
def test_pages_role_matrix(mw):
    w = mw
    for url in (curl("meetings", w.circle), curl("around_the_table", w.circle), murl("meeting_detail", w.past),
                murl("meeting_minutes", w.past), murl("meeting_detail", w.planned), murl("meeting_ics", w.planned)):
        assert_matrix(w.clients, url, VIEWERS)


def test_forms_role_matrix(mw):
    w = mw
    for url in (curl("meeting_plan", w.circle), murl("meeting_change", w.planned), murl("meeting_cancel", w.planned),
                murl("meeting_hold", w.past), murl("meeting_write", w.past)):
        assert_matrix(w.clients, url, KEEPERS)


def test_denied_posts_change_nothing(mw):
    w = mw
    w.planned.starts = timezone.now() - timedelta(hours=1)  # so that holding it would be allowed
    w.planned.save()
    item = w.past.agenda.first()
    posts = [
        (curl("meeting_plan", w.circle), {"title": "Sneaky", "date": "2030-01-01", "start_time": "10:00", "minutes_long": 60}),
        (murl("meeting_change", w.planned), {"title": "Sneaky", "date": "2030-01-01", "start_time": "10:00", "minutes_long": 60}),
        (murl("meeting_cancel", w.planned), {"reason": "Sneaky"}),
        (murl("meeting_hold", w.planned), _came(w, full="meeting")),
        (murl("meeting_hold", w.past), _came(w, full="meeting")),
        (murl("meeting_write", w.past), {f"item_{item.pk}": "Sneaky", "notes": "Sneaky", "action_0_text": "Sneaky"}),
    ]
    before = (_snapshot(w.planned), _snapshot(w.past), Meeting.objects.count(), Action.objects.count())
    for role in ("anonymous", "other_commons", "outsider", "guest", "learning", "full"):
        for url, data in posts:
            response = w.clients[role].post(url, data)
            assert response.status_code == (REDIR if role == "anonymous" else NF), (role, url)
    assert (_snapshot(w.planned), _snapshot(w.past), Meeting.objects.count(), Action.objects.count()) == before
    # The facilitator may (the secretary's back-stop and the one who runs the circle).
    assert w.clients["facilitator"].post(*posts[2]).status_code == REDIR


def make_team_circle(w):
    """A care team (owner Olu, proxy Pam, member Will the worker) and its circle under ``w.circle``."""
    from caringcity.people.models import Membership, Proxy
    from caringcity.teams import services as team_services
    from caringcity.teams.models import MemberKind, MemberStatus, TeamMember

    organiser = member_with_login(w.commons, Membership.Role.ORGANISER, name="Orla Organiser")
    owner = member_with_login(w.commons, name="Olu Owner")
    team = team_services.team_create(actor=organiser.person.user, commons=w.commons, owner=owner.person, name="Olu's team")
    worker = member_with_login(w.commons, name="Will Worker")
    TeamMember.objects.create(team=team, person=worker.person, kind=MemberKind.WORKER_EMPLOYED, status=MemberStatus.ACTIVE)
    pam = member_with_login(w.commons, name="Pam Proxy")
    Proxy.objects.create(commons=w.commons, principal=owner.person, proxy=pam.person)
    circle = make_circle(w.commons, name="Olu's team", kind="team", parent=w.circle, team=team)
    return circle, {"organiser": organiser, "owner": owner, "worker": worker, "proxy": pam}


def test_a_team_circles_meetings_stay_with_the_team(mw):
    from caringcity.circles.tests.factories import client_for

    w = mw
    circle, team_people = make_team_circle(w)
    assert [(p.person.name, p.kind, p.stakeholder) for p in selectors.people_of(circle)] == [
        ("Olu Owner", "full", "supported"), ("Pam Proxy", "full", "family"), ("Will Worker", "full", "worker")]
    meeting = services.meeting_plan(actor=team_people["organiser"].person.user, circle=circle, title="Team chat",
                                    starts=timezone.now() + timedelta(days=2))
    for key in ("organiser", "owner", "worker", "proxy"):
        assert client_for(team_people[key].person.user).get(murl("meeting_detail", meeting)).status_code == OK, key
    for role in ("outsider", "full", "secretary", "other_commons"):
        assert w.clients[role].get(murl("meeting_detail", meeting)).status_code == NF, role
    # The owner's organiser plans; the worker cannot.
    assert client_for(team_people["worker"].person.user).get(murl("meeting_change", meeting)).status_code == NF


# --- the tab and the .ics file ---------------------------------------------------------------------
def test_the_meetings_tab_is_registered(mw):
    from caringcity.circles.views.base import TABS

    tab = next(t for t in TABS if t.url_name == "meetings")
    assert tab.order == 50 and str(tab.label) == "Meetings"
    body = mw.clients["outsider"].get(curl("meetings", mw.circle)).content.decode()
    assert 'aria-current="page"' in body and "Next circle meeting" in body and "Last circle meeting" in body
    assert "Plan a meeting" not in body and "Plan a meeting" in mw.clients["secretary"].get(curl("meetings", mw.circle)).content.decode()


def test_a_meeting_downloads_as_an_ics_file_without_the_agenda(mw):
    from icalendar import Calendar

    response = mw.clients["guest"].get(murl("meeting_ics", mw.planned))
    assert response["Content-Type"] == "text/calendar; charset=utf-8" and "attachment" in response["Content-Disposition"]
    cal = Calendar.from_ical(response.content)
    (event,) = cal.walk("VEVENT")
    assert str(event["UID"]) == f"meeting-{mw.planned.uuid}@caringcity"
    assert str(event["SUMMARY"]) == "Next circle meeting – Clapton local circle"
    assert event.decoded("DTSTART").tzinfo.key == "Europe/London" and str(event["LOCATION"]) == "Clapton Library"
    assert b"budget" not in response.content.lower() and len(cal.walk("VTIMEZONE")) == 1


# --- query counts -------------------------------------------------------------------------------------
def _grow_meetings(w):
    n = [0]

    def grow():
        n[0] += 1
        person = member_with_login(w.commons, name=f"Pat {n[0]}").person
        add_participant(w.circle, person, ParticipantKind.FULL, Stakeholder.WORKER)
        give_circle_hat(w.circle, person, CircleHatKind.WELCOMING)
        m = services.meeting_plan(actor=w.user("secretary"), circle=w.circle, title=f"Meeting {n[0]}",
                                  starts=timezone.now() - timedelta(days=n[0]), agenda=["A", "B"])
        services.meeting_hold(actor=w.user("secretary"), meeting=m, people=[(person, How.MEETING), (w.person("full"), How.PHONE)])
        services.meeting_write_minutes(actor=w.user("secretary"), meeting=m, actions=[("Do a thing", person, None)])
        services.meeting_plan(actor=w.user("secretary"), circle=w.circle, title=f"Later {n[0]}", starts=timezone.now() + timedelta(days=n[0]))
        # and more on the held meeting of the fixture: people, an action, an agenda item, a decision that day
        services.meeting_attendance(actor=w.user("secretary"), meeting=w.past,
                                    people=[(p.person, How.MEETING) for p in selectors.people_of(w.circle)], guests=[])
        services.meeting_write_minutes(actor=w.user("secretary"), meeting=w.past, new_items=[(f"Item {n[0]}", "Said")],
                                       actions=[(f"Action {n[0]}", person, None)])
        decision = decision_record(actor=w.user("secretary"), circle=w.circle, kind=DecisionKind.POLL, title=f"D {n[0]}", text="x")
        type(decision).objects.filter(pk=decision.pk).update(created=w.past.starts)

    return grow


def test_query_counts_do_not_grow(mw):
    w = mw
    grow = _grow_meetings(w)
    for role in ("outsider", "secretary"):
        client = w.clients[role]
        assert_queries_constant(client, curl("meetings", w.circle), grow, times=2)
        assert_queries_constant(client, murl("meeting_detail", w.past), grow, times=2)
        assert_queries_constant(client, murl("meeting_minutes", w.past), grow, times=2)
        assert_queries_constant(client, curl("around_the_table", w.circle), grow, times=2)


def test_decisions_recorded_on_the_meeting_day_show_in_the_minutes(mw):
    w = mw
    day = decision_record(actor=w.user("secretary"), circle=w.circle, kind=DecisionKind.POLL, title="Tea at meetings", text="Yes")
    secret = decision_record(actor=w.user("secretary"), circle=w.circle, kind=DecisionKind.POLL, title="A hidden one", text="x",
                             confidential=True, confidential_reason="About one person.")
    other = decision_record(actor=w.user("secretary"), circle=w.circle, kind=DecisionKind.POLL, title="Another day", text="x")
    type(day).objects.filter(pk__in=[day.pk, secret.pk]).update(created=w.past.starts + timedelta(hours=1))
    body = w.clients["outsider"].get(murl("meeting_minutes", w.past)).content.decode()
    assert "D1: Tea at meetings" in body and "Another day" not in body and other.number == 3
    assert "A hidden one" not in body and "D2: confidential." in body and "About one person." in body
    assert "A hidden one" in w.clients["full"].get(murl("meeting_minutes", w.past)).content.decode()


def test_the_secretarys_buttons_follow_the_state(mw):
    w = mw
    planned = w.clients["secretary"].get(murl("meeting_detail", w.planned)).content.decode()
    assert "Change this meeting" in planned and "Cancel this meeting" in planned
    assert "Record that it was held" not in planned and "Once the meeting has started" in planned
    held = w.clients["secretary"].get(murl("meeting_detail", w.past)).content.decode()
    assert "Write the minutes" in held and "Change this meeting" not in held
    assert "Write the minutes" not in w.clients["full"].get(murl("meeting_detail", w.past)).content.decode()
