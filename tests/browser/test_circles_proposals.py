"""Proposals in the browser with JavaScript off, as the issue checks them: the facilitator of
Clapton North (Ayo) brings a proposal (one outside the circle's domain is refused, naming the
circle above), takes it through questions and reactions to the consent round, gives an objection
with no reason (refused next to the box, nothing saved), the secretary (Janet) enters Arthur's
answer given on paper, Doreen objects with a reason, Ayo closes the round, resolves the objection by
changing the text and shortening the term (version 2), the round runs again and the proposal is
adopted. Every page passes axe (WCAG 2.2 AA)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser.support import sign_in
from tests.browser.test_teams import Mirror, follow, main, message, one, person_page, press

pytestmark = pytest.mark.browser


@pytest.fixture
def circles(demo):
    """The demos ``manage.py demo`` builds before the proposals demo (people, teams, visits and the
    circles' structure)."""
    from caringcity.circles.tests.demo_world import load_demo

    return load_demo(demo, before="demo_proposals")


@pytest.fixture
def axe(browse):
    return Mirror(browse).check


def _answer(proposal, person, answer, text=""):
    from caringcity.circles.services import proposals as services
    from caringcity.core.models import User

    services.proposal_answer(actor=User.objects.get(pk=person.user_id), proposal=proposal, answer=answer, text=text)


def test_the_facilitator_takes_a_proposal_through_the_rounds(browse, circles, axe):
    from caringcity.circles.models import ConsentAnswer, How, Proposal, ProposalStage, Response
    from caringcity.circles.selectors.proposals import full_participants

    people, north = circles["people"], circles["circles"]["north"]
    today = timezone.localdate()
    ayo = person_page(browse)
    sign_in(ayo, "ayo@example.org")
    follow(ayo, main(ayo).locator("a", has_text="Proposals waiting for my answer"), axe, "waiting for my answer")
    response = ayo.goto(f"/c/clapton/circles/{north.uuid}/proposals/")
    assert response.status == 200
    axe(ayo, "the circle's proposals")
    follow(ayo, main(ayo).locator("a", has_text="Bring a proposal"), axe, "bring a proposal")

    form = main(ayo).locator("form")
    form.get_by_label("Short title").fill("Welcome sheet for new volunteers")
    form.get_by_label("None of these").check()
    form.get_by_label("What is happening, and why does it matter?").fill("New volunteers do not know who to call.")
    form.get_by_label("Your proposal").fill("Every new volunteer gets a 12-page welcome booklet.")
    form.get_by_label("Review date").fill((today + timedelta(days=300)).isoformat())
    form.get_by_label("End date").fill((today + timedelta(days=365)).isoformat())
    with ayo.expect_navigation() as navigation:
        form.locator("button", has_text="Bring the proposal").click()
    assert navigation.value.status == 400
    axe(ayo, "bring a proposal, refused")
    assert "Bring it to the circle above, General circle." in main(ayo).locator(".error-summary").inner_text()
    assert not Proposal.objects.filter(title="Welcome sheet for new volunteers").exists()
    assert main(ayo).get_by_label("Short title").input_value() == "Welcome sheet for new volunteers"

    main(ayo).get_by_label("Welcoming and training local volunteers").check()
    press(ayo, main(ayo).locator("form button", has_text="Bring the proposal"), axe, "the new proposal")
    assert "The questions round is open" in message(ayo)
    proposal = Proposal.objects.get(title="Welcome sheet for new volunteers")

    ask = main(ayo).locator("form[action$='/ask/']")
    ask.get_by_label("Your question").fill("Who will hand it over?")
    press(ayo, ask.locator("button"), axe, "after asking")
    reply = one(main(ayo).locator("form[action*='/questions/']"), "answer form")
    reply.get_by_label("The answer").fill("The buddy, at the first meeting.")
    press(ayo, reply.locator("button"), axe, "after answering the question")
    assert "Answer from Ayodele Adeyemi: The buddy, at the first meeting." in main(ayo).inner_text()

    press(ayo, main(ayo).locator("button", has_text="Close the questions and start the reactions round"), axe, "reactions round")
    react = main(ayo).locator("form[action$='/react/']")
    react.get_by_label("Your reaction").fill("I think it will help people stay.")
    press(ayo, react.locator("button"), axe, "after reacting")
    press(ayo, main(ayo).locator("button", has_text="Close the reactions and start the consent round"), axe, "consent round")
    assert "consent round is open" in message(ayo)

    # An objection with no reason is refused next to the box, and nothing is saved.
    answer = main(ayo).locator("form[action$='/answer/']")
    answer.get_by_label("I object").check()
    with ayo.expect_navigation() as navigation:
        answer.locator("button").click()
    assert navigation.value.status == 400
    axe(ayo, "an objection with no reason")
    error = main(ayo).locator("#id_answer-text-error")
    assert "An objection needs its reason" in error.inner_text()
    assert not Response.objects.filter(round__proposal=proposal).exclude(answer="").exists()
    answer = main(ayo).locator("form[action$='/answer/']")
    answer.get_by_label("I consent", exact=True).check()
    press(ayo, answer.locator("button"), axe, "after consenting")

    # Janet, the secretary, enters Arthur's answer, given on paper.
    janet = person_page(browse)
    sign_in(janet, "janet@example.org")
    response = janet.goto(f"/c/clapton/circles/proposals/{proposal.uuid}/")
    assert response.status == 200
    axe(janet, "the proposal, for the secretary")
    enter = main(janet).locator("form[action$='/enter/']")
    enter.get_by_label("Arthur Price").check()
    enter.get_by_label("On paper").check()
    enter.get_by_label("I consent, with a concern").check()
    enter.get_by_label("Their concern, or the reason for their objection").fill("The print must be large.")
    press(janet, enter.locator("button"), axe, "after entering Arthur's answer")
    assert "Entered by Janet Price for Arthur Price (on paper)" in main(janet).inner_text()
    assert Response.objects.get(round__proposal=proposal, person=people["paper"]).how == How.PAPER

    # The others answer (Doreen objects, with her reason); Ayo closes the round.
    for person in full_participants(north):
        if person.pk in (people["ayo"].pk, people["paper"].pk):
            continue
        if person.pk == people["doreen"].pk:
            _answer(proposal, person, ConsentAnswer.OBJECT, "Twelve pages would put off volunteers who read little English.")
        else:
            _answer(proposal, person, ConsentAnswer.CONSENT)
    ayo.reload()
    press(ayo, main(ayo).locator("button", has_text="Close the consent round"), axe, "objections to work through")
    assert "There are objections" in message(ayo)
    follow(ayo, main(ayo).locator("a", has_text="Record how the objections were resolved"), axe, "resolve")

    form = main(ayo).locator("form")
    form.get_by_label("Change the proposal").check()
    form.get_by_label("Shorten its term").check()
    form.get_by_label("What was agreed with Doreen Clarke").fill("One page with pictures, and a six-month trial.")
    form.get_by_label("The proposal, as it reads now").fill("Every new volunteer gets a one-page welcome sheet with pictures.")
    form.get_by_label("Review date").fill((today + timedelta(days=150)).isoformat())
    form.get_by_label("End date").fill((today + timedelta(days=182)).isoformat())
    form.get_by_label("What changed, and why").fill("Shorter, with pictures; a six-month trial.")
    press(ayo, form.locator("button", has_text="Save and run the consent round again"), axe, "version 2 in the consent round")
    assert "Version 2 is written" in message(ayo)
    proposal.refresh_from_db()
    assert proposal.stage == ProposalStage.CONSENT and proposal.versions.count() == 2

    for person in full_participants(north):
        if person.pk == people["paper"].pk:
            continue
        _answer(proposal, person, ConsentAnswer.CONSENT)
    janet.reload()
    enter = main(janet).locator("form[action$='/enter/']")
    enter.get_by_label("Arthur Price").check()
    enter.get_by_label("On paper").check()
    enter.get_by_label("I consent", exact=True).check()
    press(janet, enter.locator("button"), axe, "Arthur's second answer")

    ayo.reload()
    press(ayo, main(ayo).locator("button", has_text="Close the consent round"), axe, "adopted")
    assert "adopted by consent" in message(ayo)
    proposal.refresh_from_db()
    assert proposal.stage == ProposalStage.ADOPTED
    assert "Shorter, with pictures; a six-month trial." in main(ayo).inner_text()
