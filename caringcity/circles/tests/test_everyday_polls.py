"""Simple polls: who may answer, enter a paper vote and close; one answer each, changed while
open; closed polls refuse votes; a tie must be reported and the closer says why; the results as
numbers, an SVG chart and a table; a care team's poll."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from caringcity.circles.models import Decision, DecisionKind, How, Poll, PollKind, PollStatus, Vote
from caringcity.circles.services import everyday as services
from caringcity.circles.tests.factories import circle_world  # noqa: F401
from caringcity.circles.tests.test_everyday_world import (  # noqa: F401
    make_team_circle,
    options,
    run_matrix,
    start_poll,
    world,
)
from caringcity.core.models import AuditEvent, OutboundEmail

pytestmark = pytest.mark.django_db

ALL_IN_COMMONS = {"anonymous": "login", "other_commons": 404}
IN_CIRCLE = ("guest", "learning", "full", "secretary", "facilitator")


def _url(name, w, poll):
    return reverse(f"circles:{name}", args=[w.commons.slug, poll.uuid])


def _votes(poll):
    return sorted(Vote.objects.filter(option__poll=poll).values_list("person__name", "option__label", "answer", "how"))


def _poll_state(poll):
    return Poll.objects.get(pk=poll.pk).status, _votes(poll), Decision.objects.count()


def test_starting_over_the_roles(world):
    w = world
    url = reverse("circles:poll_start", args=[w.commons.slug, w.circle.uuid])
    run_matrix(w, url, {**ALL_IN_COMMONS, "outsider": 404, **{role: 200 for role in IN_CIRCLE}})
    data = {"question": "Which day for the summer picnic?", "choices": "Saturday\nSunday\n\n",
            "closes": (timezone.localdate() + timedelta(days=7)).isoformat()}
    run_matrix(w, url, {**ALL_IN_COMMONS, "outsider": 404, **{role: 302 for role in IN_CIRCLE}}, method="post", data=data,
               snapshot=lambda: (Poll.objects.count(), OutboundEmail.objects.count()))
    poll = Poll.objects.filter(created_by=w.user("guest")).get()
    assert poll.kind == PollKind.SIMPLE and [o.label for o in options(poll)] == ["Saturday", "Sunday"]
    # Everyone else in the circle with a login is told: the question and a link, nothing more.
    emails = OutboundEmail.objects.filter(subject="A new poll in your circle")
    assert emails.count() == 5 * 4
    assert w.user("guest").email not in set(emails.filter(body_text__contains=str(poll.uuid)).values_list("to", flat=True))
    assert "Which day for the summer picnic?" in emails.first().body_text


@pytest.mark.parametrize("choices, message", [
    ("Only one", "Give between 2 and 10 choices."),
    ("\n".join(f"Day {n}" for n in range(11)), "Give between 2 and 10 choices."),
    ("Saturday\nsaturday", "Each choice must be different."),
])
def test_choices_are_checked_next_to_the_field(world, choices, message):
    w = world
    url = reverse("circles:poll_start", args=[w.commons.slug, w.circle.uuid])
    response = w.clients["full"].post(url, {"question": "Which day?", "choices": choices,
                                            "closes": timezone.localdate().isoformat()})
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and 'id="id_choices-error"' in html
    assert not Poll.objects.exists()


def test_pages_and_actions_over_the_roles(world):
    w = world
    poll = start_poll(w, by="full")
    saturday, sunday, monday = options(poll)
    run_matrix(w, _url("poll_detail", w, poll), {**ALL_IN_COMMONS, "outsider": 200, **{role: 200 for role in IN_CIRCLE}})
    snapshot = lambda: _poll_state(poll)  # noqa: E731
    run_matrix(w, _url("poll_vote", w, poll), {**ALL_IN_COMMONS, "outsider": 404, **{role: 302 for role in IN_CIRCLE}},
               method="post", data={"mine-option": sunday.pk}, snapshot=snapshot)
    assert len(_votes(poll)) == 5
    entry = {"entry-person": w.absent.person.pk, "entry-how": How.PAPER, "entry-option": monday.pk}
    run_matrix(w, _url("poll_enter", w, poll), {**ALL_IN_COMMONS, "outsider": 404, "guest": 404, "learning": 404, "full": 404,
                                                "secretary": 302, "facilitator": 302}, method="post", data=entry, snapshot=snapshot)
    # Closing: whoever started it (Femi), the facilitator and her back-stop (the secretary).
    closers = {**ALL_IN_COMMONS, "outsider": 404, "guest": 404, "learning": 404, "full": 200, "secretary": 200, "facilitator": 200}
    run_matrix(w, _url("poll_close", w, poll), closers)
    # Femi closes it first; then it is closed, and the others are refused with the reason.
    run_matrix(w, _url("poll_close", w, poll), {**closers, "full": 302, "secretary": 400, "facilitator": 400},
               method="post", data={"option": sunday.pk}, snapshot=snapshot)
    poll.refresh_from_db()
    assert poll.status == PollStatus.CLOSED and poll.chosen == sunday and Decision.objects.count() == 1


def test_one_answer_each_changed_while_open_and_a_paper_vote_shows_who_entered_it(world):
    w = world
    poll = start_poll(w, by="full")
    saturday, sunday, monday = options(poll)
    client = w.clients["learning"]
    client.post(_url("poll_vote", w, poll), {"mine-option": saturday.pk})
    client.post(_url("poll_vote", w, poll), {"mine-option": monday.pk})
    assert _votes(poll) == [("Lale Learner", "Monday", "yes", How.ONLINE)]
    response = client.post(_url("poll_vote", w, poll), {})
    assert response.status_code == 400 and 'id="id_mine-option-error"' in response.content.decode()
    w.clients["secretary"].post(_url("poll_enter", w, poll), {"entry-person": w.absent.person.pk, "entry-how": How.PAPER,
                                                              "entry-option": saturday.pk})
    vote = Vote.objects.get(person=w.absent.person)
    assert (vote.option, vote.how, vote.recorded_by) == (saturday, How.PAPER, w.user("secretary"))
    assert AuditEvent.objects.filter(action="circles.poll.vote").latest("created").acting_for == w.absent.person.uuid
    page = client.get(_url("poll_detail", w, poll)).content.decode()
    assert "Entered by Sally Secretary for Albert Absent (on paper)" in page
    assert 'value="%s" id="id_mine-option_2" checked' % monday.pk in page or re.search(
        r'<input[^>]*value="%s"[^>]*checked' % monday.pk, page)
    # The secretary cannot enter a vote for someone outside the circle, and must say how it was given.
    for bad in ({"entry-person": w.person("outsider").pk}, {"entry-how": How.ONLINE}):
        response = w.clients["secretary"].post(_url("poll_enter", w, poll), {"entry-person": w.absent.person.pk,
                                                                             "entry-how": How.PAPER, "entry-option": monday.pk, **bad})
        assert response.status_code == 400
    assert Vote.objects.get(person=w.absent.person).option == saturday


def test_results_as_numbers_chart_and_table(world):
    w = world
    poll = start_poll(w, by="full")
    saturday, sunday, monday = options(poll)
    for role in ("learning", "full", "secretary"):
        services.poll_vote(actor=w.user(role), poll=poll, option=saturday)
    services.poll_vote(actor=w.user("guest"), poll=poll, option=sunday)
    html = w.clients["outsider"].get(_url("poll_detail", w, poll)).content.decode()
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert "Saturday: 3. Sunday: 1. Monday: 0." in " ".join(svg.split())
    assert svg.count("<rect") == 2  # no bar for nobody
    table = re.search(r'<table class="poll-results">.*?</table>', html, re.S).group(0)
    rows = re.findall(r'<th scope="row">(\w+).*?</th>\s*<td>(\d+)</td>', table, re.S)
    assert rows == [("Saturday", "3"), ("Sunday", "1"), ("Monday", "0")]
    assert "<caption>" in table and "4 people have answered." in html
    assert "Not answered yet: Albert Absent, Fatima Facilitator" in " ".join(html.split())


def test_a_tie_is_reported_and_the_closer_must_say_why(world):
    w = world
    poll = start_poll(w, by="full")
    saturday, sunday, monday = options(poll)
    services.poll_vote(actor=w.user("learning"), poll=poll, option=saturday)
    services.poll_vote(actor=w.user("guest"), poll=poll, option=sunday)
    close = _url("poll_close", w, poll)
    page = w.clients["full"].get(close).content.decode()
    assert "Tied at the top" in page and not re.search(r'<input[^>]*name="option"[^>]*checked', page)  # nothing chosen for you
    response = w.clients["full"].post(close, {"option": sunday.pk, "reasons": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_reasons-error"' in html and "It is a tie between Saturday, Sunday. Say why you chose this one." in html
    assert Poll.objects.get(pk=poll.pk).status == PollStatus.OPEN and not Decision.objects.exists()
    response = w.clients["full"].post(close, {"option": sunday.pk, "reasons": "Saturday clashes with the market.",
                                              "note": "Bring a blanket."})
    assert response.status_code == 302
    poll.refresh_from_db()
    version = poll.decision.versions.get()
    assert poll.decision.kind == DecisionKind.POLL and poll.chosen == sunday
    assert (version.title, version.text, version.reasons) == (
        "Which day for the summer picnic?", "Chosen: Sunday.\n\nBring a blanket.", "Saturday clashes with the market.")
    assert {t.person for t in poll.decision.takers.all()} == {w.person("learning"), w.person("guest")}


def test_the_top_choice_needs_no_reason_but_another_one_does(world):
    w = world
    poll = start_poll(w, by="full")
    saturday, sunday, monday = options(poll)
    services.poll_vote(actor=w.user("learning"), poll=poll, option=saturday)
    services.poll_vote(actor=w.user("guest"), poll=poll, option=saturday)
    services.poll_vote(actor=w.user("secretary"), poll=poll, option=monday, person=w.absent.person, how=How.PHONE)
    with pytest.raises(ValidationError) as error:
        services.poll_close(actor=w.user("full"), poll=poll, option=monday)
    assert error.value.message_dict["reasons"] == ["Another choice has more votes. Say why you chose this one."]
    page = w.clients["full"].get(_url("poll_close", w, poll)).content.decode()
    assert re.search(r'<input[^>]*value="%s"[^>]*checked' % saturday.pk, page)  # the top choice is chosen for you
    services.poll_close(actor=w.user("full"), poll=poll, option=saturday)
    poll.refresh_from_db()
    assert poll.decision.versions.get().reasons == "It had the most votes: 2 of 3."
    assert {t.person: t.how for t in poll.decision.takers.all()} == {
        w.person("learning"): How.ONLINE, w.person("guest"): How.ONLINE, w.absent.person: How.PHONE}


def test_a_closed_poll_refuses_votes_with_the_reason(world):
    w = world
    poll = start_poll(w, by="full")
    saturday, sunday, monday = options(poll)
    services.poll_vote(actor=w.user("learning"), poll=poll, option=saturday)
    services.poll_close(actor=w.user("facilitator"), poll=poll, option=saturday)
    before = _poll_state(poll)
    response = w.clients["learning"].post(_url("poll_vote", w, poll), {"mine-option": sunday.pk})
    assert response.status_code == 400 and "This poll is closed." in response.content.decode()
    response = w.clients["secretary"].post(_url("poll_enter", w, poll), {"entry-person": w.absent.person.pk, "entry-how": How.PAPER,
                                                                          "entry-option": sunday.pk})
    assert response.status_code == 400 and "This poll is closed." in response.content.decode()
    with pytest.raises(ValidationError, match="already closed"):
        services.poll_close(actor=w.user("facilitator"), poll=poll, option=sunday, reasons="Again")
    assert _poll_state(poll) == before
    page = w.clients["learning"].get(_url("poll_detail", w, poll)).content.decode()
    assert "Your answer" not in page and "Chosen: Saturday." in page


def test_a_care_team_chooses_by_poll(world):
    w = world
    team_circle = make_team_circle(w)
    everyday = reverse("circles:everyday", args=[w.commons.slug, team_circle.uuid])
    assert w.clients["learning"].get(everyday).status_code == 200
    assert w.clients["outsider"].get(everyday).status_code == 404
    organiser = w.clients["learning"].__class__()
    organiser.force_login(w.organiser.person.user)
    assert organiser.get(everyday).status_code == 200  # organisers see team circles, but are not in them
    poll = start_poll(w, by="full", circle=team_circle, question="Which café for Femi's birthday tea?",
                      choices=("The Clapton Hart", "Venetia's"))
    hart, venetia = options(poll)
    assert w.clients["learning"].post(_url("poll_vote", w, poll), {"mine-option": venetia.pk}).status_code == 302
    assert organiser.post(_url("poll_vote", w, poll), {"mine-option": hart.pk}).status_code == 404
    assert w.clients["guest"].get(_url("poll_detail", w, poll)).status_code == 404
    assert _votes(poll) == [("Lale Learner", "Venetia's", "yes", How.ONLINE)]
    html = w.clients["full"].get(everyday).content.decode()
    assert "Which café for Femi&#x27;s birthday tea?" in html and "1 person answered" in html
