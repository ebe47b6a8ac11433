"""Meeting time polls: times in London shown UK style; the answer grid (one radio group per time,
with a visible legend) works as a plain form; counts per time and who can't come; closing picks
the time most people can come to (the closer may choose another, saying why); the chosen time
becomes a meeting through the meetings part's ``meeting_plan`` and a decision record."""

import re
from datetime import date, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from caringcity.circles.models import Decision, DecisionKind, How, Meeting, Poll, PollKind, PollStatus, Vote
from caringcity.circles.services import everyday as services
from caringcity.circles.tests.factories import circle_world  # noqa: F401
from caringcity.circles.tests.test_everyday_world import (  # noqa: F401
    next_days,
    options,
    run_matrix,
    start_time_poll,
    world,
)

pytestmark = pytest.mark.django_db

ALL_IN_COMMONS = {"anonymous": "login", "other_commons": 404}
IN_CIRCLE = ("guest", "learning", "full", "secretary", "facilitator")

def _url(name, w, poll):
    return reverse(f"circles:{name}", args=[w.commons.slug, poll.uuid])


def _uk(day):
    return f"{day:%A} {day.day} {day:%B} {day.year}"


def _grid(poll, answers, prefix="mine"):
    return {f"{prefix}-slot_{option.pk}": answer for option, answer in zip(options(poll), answers) if answer}


def _answers(poll):
    return sorted(Vote.objects.filter(option__poll=poll).values_list("person__name", "option__order", "answer", "how"))


def test_starting_a_time_poll_in_london_time(world):
    w = world
    url = reverse("circles:time_poll_start", args=[w.commons.slug, w.circle.uuid])
    run_matrix(w, url, {**ALL_IN_COMMONS, "outsider": 404, **{role: 200 for role in IN_CIRCLE}})
    summer, winter = date(timezone.localdate().year + 1, 7, 15), date(timezone.localdate().year + 2, 1, 14)
    data = {"question": "When shall we meet next?", "closes": (timezone.localdate() + timedelta(days=3)).isoformat(), "rows": 4,
            "slot_1_date": winter.isoformat(), "slot_1_time": "18:00", "slot_1_minutes": 90,
            "slot_2_date": summer.isoformat(), "slot_2_time": "18:00", "slot_2_minutes": 60,
            "slot_3_date": "", "slot_3_time": "", "slot_3_minutes": 90, "slot_4_minutes": 90}
    response = w.clients["learning"].post(url, data)
    assert response.status_code == 302
    poll = Poll.objects.get()
    first, second = options(poll)
    assert poll.kind == PollKind.TIME
    # In order of time; 18:00 in London is 17:00 UTC in summer and 18:00 UTC in winter.
    assert (first.starts.utctimetuple()[:5], first.minutes) == ((summer.year, 7, 15, 17, 0), 60)
    assert (second.starts.utctimetuple()[:5], second.minutes) == ((winter.year, 1, 14, 18, 0), 90)
    page = w.clients["full"].get(_url("poll_detail", w, poll)).content.decode()
    legends = re.findall(r'<legend class="label">(.*?)</legend>', page, re.S)
    assert [" ".join(legend.split()) for legend in legends] == [f"{_uk(summer)}, 18:00 to 19:00", f"{_uk(winter)}, 18:00 to 19:30"]


def test_a_start_time_without_a_date_and_times_that_cannot_work_are_refused(world):
    w = world
    url = reverse("circles:time_poll_start", args=[w.commons.slug, w.circle.uuid])
    day = (timezone.localdate() + timedelta(days=10)).isoformat()
    base = {"question": "When?", "closes": timezone.localdate().isoformat(), "rows": 2, "slot_1_minutes": 60, "slot_2_minutes": 60}
    response = w.clients["full"].post(url, {**base, "slot_1_date": day, "slot_1_time": "10:00", "slot_2_time": "11:00"})
    assert response.status_code == 400 and 'id="id_slot_2_date-error"' in response.content.decode()
    response = w.clients["full"].post(url, {**base, "slot_1_date": day, "slot_1_time": "10:00"})
    assert response.status_code == 400 and "Give a date for choice 2." in response.content.decode()
    response = w.clients["full"].post(url, {**base, "slot_1_date": day, "slot_1_time": "10:00", "slot_2_date": day, "slot_2_time": "10:00"})
    assert response.status_code == 400 and "Each time must be different." in response.content.decode()
    past = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = w.clients["full"].post(url, {**base, "slot_1_date": day, "slot_1_time": "10:00", "slot_2_date": past, "slot_2_time": "10:00"})
    assert response.status_code == 400 and "has already passed" in response.content.decode()
    late = {**base, "closes": (timezone.localdate() + timedelta(days=20)).isoformat()}
    response = w.clients["full"].post(url, {**late, "slot_1_date": day, "slot_1_time": "10:00", "slot_2_date": day, "slot_2_time": "12:00"})
    assert response.status_code == 400 and 'id="id_closes-error"' in response.content.decode()
    assert not Poll.objects.exists()
    assert w.clients["full"].get(url + "?rows=12").content.decode().count("<fieldset class=\"fieldset slot-row\">") == 12
    for slots in (next_days(1), next_days(13)):
        with pytest.raises(ValidationError, match="Give between 2 and 12 times."):
            start_time_poll(w, slots=slots)


def test_answering_the_grid_and_changing_it(world):
    w = world
    poll = start_time_poll(w)
    vote = _url("poll_vote", w, poll)
    snapshot = lambda: (_answers(poll), Decision.objects.count())  # noqa: E731
    run_matrix(w, vote, {**ALL_IN_COMMONS, "outsider": 404, **{role: 302 for role in IN_CIRCLE}}, method="post",
               data=_grid(poll, ["yes", "maybe", "no"]), snapshot=snapshot)
    assert len(_answers(poll)) == 15
    # Every time needs an answer: the missing one is named next to its own radio group, nothing is saved.
    before = _answers(poll)
    response = w.clients["full"].post(vote, _grid(poll, ["no", None, "yes"]))
    assert response.status_code == 400
    html = response.content.decode()
    second = options(poll)[1]
    assert f'id="id_mine-slot_{second.pk}-error"' in html and "Answer for this time: yes, if I must, or no." in html
    assert _answers(poll) == before
    w.clients["full"].post(vote, _grid(poll, ["no", "no", "yes"]))
    assert [a for a in _answers(poll) if a[0] == "Femi Full"] == [("Femi Full", 0, "no", How.ONLINE), ("Femi Full", 1, "no", How.ONLINE),
                                                                 ("Femi Full", 2, "yes", How.ONLINE)]
    page = w.clients["full"].get(_url("poll_detail", w, poll)).content.decode()
    assert "Change your answer" in page and len(re.findall(r'<input[^>]*value="no"[^>]*checked', page)) == 2


def test_the_table_shows_counts_and_who_cannot_come(world):
    w = world
    poll = start_time_poll(w)
    services.poll_vote(actor=w.user("full"), poll=poll, answers=dict(zip([o.pk for o in options(poll)], ["yes", "no", "maybe"])))
    services.poll_vote(actor=w.user("guest"), poll=poll, answers=dict(zip([o.pk for o in options(poll)], ["no", "no", "yes"])))
    services.poll_vote(actor=w.user("secretary"), poll=poll, person=w.absent.person, how=How.PAPER,
                       answers=dict(zip([o.pk for o in options(poll)], ["yes", "no", "yes"])))
    html = w.clients["learning"].get(_url("poll_detail", w, poll)).content.decode()
    table = re.search(r'<table class="time-results">.*?</table>', html, re.S).group(0)
    rows = [[" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in re.findall(r"<td>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr.*?</tr>", table, re.S)[1:]]
    assert rows == [["2", "0", "1", "Gita Guest"], ["0", "0", "3", "Albert Absent, Femi Full, Gita Guest"],
                    ["2", "1", "0", "Everyone who answered can come"]]
    assert "<caption>" in table and 'scope="col"' in table and 'scope="row"' in table
    assert "Entered by Sally Secretary for Albert Absent (on paper)" in html


def test_closing_picks_the_most_yes_then_yes_and_maybe_and_makes_the_meeting(world):
    w = world
    poll = start_time_poll(w, by="full")
    a, b, c = options(poll)
    for role, answers in [("full", ["yes", "yes", "no"]), ("guest", ["yes", "yes", "yes"]), ("learning", ["no", "maybe", "no"])]:
        services.poll_vote(actor=w.user(role), poll=poll, answers={a.pk: answers[0], b.pk: answers[1], c.pk: answers[2]})
    close = _url("poll_close", w, poll)
    page = w.clients["facilitator"].get(close).content.decode()
    assert re.search(r'<input[^>]*value="%s"[^>]*checked' % b.pk, page)  # 2 yes + 1 if they must beats 2 yes
    assert 'value="General circle meeting"' not in page and 'value="Clapton local circle meeting"' in page
    # Choosing another time needs a reason; nothing is saved without one.
    response = w.clients["facilitator"].post(close, {"option": a.pk, "title": "Circle meeting"})
    assert response.status_code == 400
    assert "More people can come at another time. Say why you chose this one." in response.content.decode()
    assert Poll.objects.get(pk=poll.pk).status == PollStatus.OPEN and not Decision.objects.exists() and not Meeting.objects.exists()
    response = w.clients["facilitator"].post(close, {"option": b.pk, "title": "Circle meeting", "place": "Lea Bridge hub"})
    assert response.status_code == 302
    poll.refresh_from_db()
    decision = poll.decision
    version = decision.versions.get()
    assert poll.status == PollStatus.CLOSED and poll.chosen == b and decision.kind == DecisionKind.TIME_POLL
    local = timezone.localtime(b.starts)
    assert version.text == f"We meet on {_uk(local.date())}, 18:00 to 19:30."
    assert version.reasons == "2 can come and 1 can come if they must, of 3 who answered."
    assert {t.person for t in decision.takers.all()} == {w.person("full"), w.person("guest"), w.person("learning")}
    # the meetings part's meeting_plan made the meeting
    assert (poll.meeting.title, poll.meeting.starts, poll.meeting.minutes_long, poll.meeting.place) == (
        "Circle meeting", b.starts, 90, "Lea Bridge hub")
    html = w.clients["guest"].get(_url("poll_detail", w, poll)).content.decode()
    assert f"The meeting “Circle meeting” is planned for {_uk(local.date())}, 18:00." in html
    assert "Your answer" not in html and "Chosen" in html


def test_a_tie_between_times_needs_a_reason(world):
    w = world
    poll = start_time_poll(w, by="full", slots=next_days(2))
    a, b = options(poll)
    services.poll_vote(actor=w.user("full"), poll=poll, answers={a.pk: "yes", b.pk: "maybe"})
    services.poll_vote(actor=w.user("guest"), poll=poll, answers={a.pk: "maybe", b.pk: "yes"})
    with pytest.raises(ValidationError) as error:
        services.poll_close(actor=w.user("full"), poll=poll, option=a, title="Meeting")
    assert error.value.message_dict["reasons"][0].startswith("It is a tie between ")
    page = w.clients["full"].get(_url("poll_close", w, poll)).content.decode()
    assert not re.search(r'<input[^>]*name="option"[^>]*checked', page)
    services.poll_close(actor=w.user("full"), poll=poll, option=a, title="Meeting", reasons="Femi chairs and prefers it.")
    poll.refresh_from_db()
    assert poll.decision.versions.get().reasons == "Femi chairs and prefers it."


def test_starting_by_post_over_the_roles(world):
    w = world
    url = reverse("circles:time_poll_start", args=[w.commons.slug, w.circle.uuid])
    days = [(timezone.localdate() + timedelta(days=n)).isoformat() for n in (8, 9)]
    data = {"question": "When shall we meet?", "closes": timezone.localdate().isoformat(), "rows": 2,
            "slot_1_date": days[0], "slot_1_time": "18:00", "slot_1_minutes": 60,
            "slot_2_date": days[1], "slot_2_time": "10:00", "slot_2_minutes": 120}
    run_matrix(w, url, {**ALL_IN_COMMONS, "outsider": 404, **{role: 302 for role in IN_CIRCLE}}, method="post", data=data,
               snapshot=lambda: Poll.objects.count())
    assert Poll.objects.filter(kind=PollKind.TIME).count() == 5
    assert all(poll.options.count() == 2 for poll in Poll.objects.all())


def test_a_time_that_has_passed_cannot_be_chosen(world):
    w = world
    poll = start_time_poll(w, by="full", slots=next_days(2))
    a, b = options(poll)
    a.starts = timezone.now() - timedelta(hours=1)
    a.save(update_fields=["starts"])
    with pytest.raises(ValidationError) as error:
        services.poll_close(actor=w.user("full"), poll=poll, option=a, title="Meeting", reasons="It was Tuesday.")
    assert "That time has passed" in error.value.message_dict["option"][0]
    assert Poll.objects.get(pk=poll.pk).status == PollStatus.OPEN and not Decision.objects.exists()
