"""The circle's "Everyday decisions" page: open first, the tab, the buttons for people in the
circle; and the query count of the list, a poll page and a time poll page stays the same as
answers, people and times grow."""

import itertools
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from caringcity.circles.models import PollOption, Vote, VoteAnswer
from caringcity.circles.services import everyday as services
from caringcity.circles.tests.factories import add_participant, circle_world  # noqa: F401
from caringcity.circles.tests.test_everyday_world import (  # noqa: F401
    options,
    start_advice,
    start_poll,
    start_time_poll,
    world,
)
from caringcity.core.testing import assert_queries_constant
from caringcity.people.tests.factories import member_with_login

pytestmark = pytest.mark.django_db
counter = itertools.count(1)


def test_open_first_with_the_buttons_for_people_in_the_circle(world):
    w = world
    url = reverse("circles:everyday", args=[w.commons.slug, w.circle.uuid])
    closed = start_poll(w, question="Tea or coffee?", choices=("Tea", "Coffee"))
    services.poll_close(actor=w.user("full"), poll=closed, option=options(closed)[0], reasons="Nobody voted; tea it is.")
    start_advice(w, by="full", title="Buy a new urn")
    start_time_poll(w, question="When shall we meet next?")
    html = w.clients["guest"].get(url).content.decode()
    assert html.index("Open now") < html.index("Buy a new urn") < html.index("Finished") < html.index("Tea or coffee?")
    assert html.index("When shall we meet next?") < html.index("Finished")
    assert "Advice from 0 of 1 asked" in html and 'aria-current="page">Everyday decisions</a>' in html
    for name in ("advice_start", "poll_start", "time_poll_start"):
        assert reverse(f"circles:{name}", args=[w.commons.slug, w.circle.uuid]) in html
    outsider = w.clients["outsider"].get(url).content.decode()
    assert "Buy a new urn" in outsider and reverse("circles:poll_start", args=[w.commons.slug, w.circle.uuid]) not in outsider


def _newcomer(w):
    n = next(counter)
    membership = member_with_login(w.commons, name=f"Newcomer {n}")
    add_participant(w.circle, membership.person)
    return membership.person


def test_the_list_takes_the_same_queries_as_it_grows(world):
    w = world

    def grow():
        person = _newcomer(w)
        process = start_advice(w, by="full", asked=("learning", person), title=f"Urn {next(counter)}")
        services.advice_give(actor=person.user, process=process, text="Yes.")
        poll = start_poll(w, by="full")
        services.poll_vote(actor=person.user, poll=poll, option=options(poll)[0])
        if next(counter) % 2:
            services.poll_close(actor=w.user("full"), poll=poll, option=options(poll)[0])
        start_time_poll(w, by="full")

    assert_queries_constant(w.clients["secretary"], reverse("circles:everyday", args=[w.commons.slug, w.circle.uuid]), grow)


def test_a_poll_page_takes_the_same_queries_as_voters_grow(world):
    w = world
    poll = start_poll(w, by="full")

    def grow():
        person = _newcomer(w)
        services.poll_vote(actor=w.user("secretary"), poll=poll, option=options(poll)[1], person=person, how="paper")

    assert_queries_constant(w.clients["secretary"], reverse("circles:poll_detail", args=[w.commons.slug, poll.uuid]), grow)


def test_a_time_poll_page_takes_the_same_queries_as_voters_and_times_grow(world):
    w = world
    poll = start_time_poll(w, by="full")

    def grow():
        last = options(poll)[-1]
        PollOption.objects.create(poll=poll, starts=last.starts + timedelta(days=1), minutes=60, order=last.order + 1)
        person = _newcomer(w)
        answers = {option.pk: VoteAnswer.MAYBE for option in options(poll)}
        services.poll_vote(actor=person.user, poll=poll, answers=answers)

    url = reverse("circles:poll_detail", args=[w.commons.slug, poll.uuid])
    assert_queries_constant(w.clients["secretary"], url, grow)
    assert Vote.objects.filter(option__poll=poll).count() > 10
    assert_queries_constant(w.clients["facilitator"], reverse("circles:poll_close", args=[w.commons.slug, poll.uuid]), grow)


def test_an_advice_page_takes_the_same_queries_as_advice_grows(world):
    w = world
    process = start_advice(w, by="full", asked=("learning",), decide_by=timezone.localdate() + timedelta(days=3))

    def grow():
        person = _newcomer(w)
        from caringcity.circles.models import Advice

        Advice.objects.create(process=process, person=person)
        services.advice_give(actor=w.user("secretary"), process=process, text="Fine.", person=person, how="phone")

    assert_queries_constant(w.clients["secretary"], reverse("circles:advice_detail", args=[w.commons.slug, process.uuid]), grow)
