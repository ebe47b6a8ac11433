"""The proposals demo loads on top of the people, teams and circles demos, in the states it promises,
and running it again changes nothing."""

import pytest
from django.urls import reverse

from caringcity.circles import demo_proposals
from caringcity.circles.models import (
    ConsentAnswer,
    How,
    Proposal,
    ProposalStage,
    ProposalVersion,
    Resolution,
    ResolutionTool,
    Response,
    Round,
    RoundKind,
)
from caringcity.circles.tests.factories import client_for
from caringcity.circles.tests.demo_world import load_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def ctx():
    return load_demo(before="demo_proposals")  # as ``manage.py demo`` runs the demos before this one


def _counts():
    return (Proposal.objects.count(), ProposalVersion.objects.count(), Round.objects.count(), Response.objects.count(),
            Resolution.objects.count())


def test_the_demo_tells_the_proposals_story_and_runs_twice(ctx):
    demo_proposals.build(ctx)
    first = _counts()
    demo_proposals.build(ctx)
    assert _counts() == first
    p, circles = ctx["people"], ctx["circles"]
    north, general, park = circles["north"], circles["general"], circles["park"]
    made = ctx["proposals"]

    # Adopted after Doreen's objection was resolved by changing the text and shortening the term.
    welcome = Proposal.objects.get(circle=north, title="Welcome pack for new volunteers")
    assert welcome.stage == ProposalStage.ADOPTED
    v1, v2 = welcome.versions.order_by("number")
    assert v2.tools == [ResolutionTool.AMEND, ResolutionTool.SHORTEN]
    assert v2.term_ends < v1.term_ends and v2.review_on < v1.review_on and v2.text != v1.text
    objection = Response.objects.get(round__proposal=welcome, answer=ConsentAnswer.OBJECT)
    assert objection.person == p["doreen"] and "read little English" in objection.text
    assert objection.resolutions.get().new_version == v2
    final = welcome.rounds.filter(kind=RoundKind.CONSENT).order_by("-number").first()
    assert final.version == v2
    arthur = final.responses.get(person=p["paper"])
    assert arthur.answer == ConsentAnswer.CONCERN and arthur.how == How.PAPER and arthur.recorded_by_person == p["proxy"]
    decision = welcome.decisions.get().versions.get()
    assert decision.ends_on == v2.term_ends and "Arthur Price (on paper, entered by Janet Price)" in decision.concerns
    assert "Doreen Clarke objected to version 1" in decision.objections

    # Passed to the General circle, where it is in the questions round with a question asked.
    taxis = Proposal.objects.get(circle=north, title="Paying for taxis to evening visits")
    passed = Proposal.objects.get(circle=general, passed_from=taxis)
    assert taxis.stage == ProposalStage.PASSED_UP and passed.stage == ProposalStage.CLARIFYING
    assert passed.rounds.get().responses.get().person == p["gloria"]

    # One in each round, one resolving, one withdrawn.
    assert made["questions"].stage == ProposalStage.CLARIFYING and made["questions"].rounds.get().responses.count() == 1
    assert made["reactions"].stage == ProposalStage.REACTIONS
    assert made["consent"].stage == ProposalStage.CONSENT
    waiting = {r.person for r in made["consent"].rounds.order_by("-number").first().responses.all()}
    assert waiting == {p["member"], p["ayo"], p["proxy"]}  # Doreen can answer; Janet can enter Arthur's
    resolving = Proposal.objects.get(circle=park, title="Sunday lunch club at the Chatsworth Road market")
    assert resolving.stage == ProposalStage.RESOLVING
    assert Response.objects.get(round__proposal=resolving, person=p["stan"]).how == How.PHONE
    assert made["withdrawn"].stage == ProposalStage.WITHDRAWN

    # A hat nomination (made with the structure part's term_nominate) waiting in the consent round.
    assert made["hat"].stage == ProposalStage.CONSENT and made["hat"].hat_term.holder == p["member"]

    # Doreen sees the buddy proposal waiting for her answer; the page shows Arthur's paper answer.
    doreen = client_for(p["doreen"].user)
    html = doreen.get(reverse("circles:proposals_waiting", args=["clapton"])).content.decode()
    assert "A buddy for each new volunteer" in html
    page = doreen.get(reverse("circles:proposal_detail", args=["clapton", welcome.uuid])).content.decode()
    assert "Entered by Janet Price for Arthur Price (on paper)" in page
