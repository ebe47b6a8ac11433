"""The circle role matrix for every page and action of the proposals part, and the query counts of
its pages. A denied action changes nothing; an allowed one changes the record."""

import pytest
from django.urls import reverse

from caringcity.circles.models import ConsentAnswer, Decision, Proposal, ProposalVersion, Resolution, Response, Round
from caringcity.circles.services import proposals as services
from caringcity.circles.tests.factories import CIRCLE_ROLES, add_participant, circle_world  # noqa: F401
from caringcity.circles.tests.proposals_world import bring, days, everyone_answers, to_consent
from caringcity.core.testing import assert_matrix, assert_queries_constant
from caringcity.people.tests.factories import member_with_login

pytestmark = pytest.mark.django_db

VIEWERS = {"anonymous": 302, "other_commons": 404, "outsider": 200, "guest": 200, "learning": 200, "full": 200, "secretary": 200,
           "facilitator": 200}
# In the world, the secretary is the facilitator's named back-stop, so she may facilitate too.
FACILITATORS = {"secretary", "facilitator"}


def _only(allowed, ok=200):
    return {role: 302 if role == "anonymous" else (ok if role in allowed else 404) for role in CIRCLE_ROLES}


def snapshot():
    """Everything a proposals action could change."""
    return (sorted(Proposal.objects.values_list("pk", "stage", "stage_note")),
            sorted(Response.objects.values_list("pk", "answer", "text", "reply", "how", "recorded_by_person")),
            sorted(Round.objects.values_list("pk", "closed_at")),
            ProposalVersion.objects.count(), Resolution.objects.count(), Decision.objects.count())


def _url(w, proposal, name, *args):
    return reverse(f"circles:proposal_{name}", args=[w.commons.slug, proposal.uuid, *args])


def test_pages(circle_world):
    w = circle_world
    clarifying = bring(w)
    consent = to_consent(w, bring(w, title="Tea at meetings"))
    resolving = to_consent(w, bring(w, title="Taxis to evening visits"))
    everyone_answers(w, resolving, {"full": (ConsentAnswer.OBJECT, "It costs more than the budget: nothing left for other needs.")})
    services.proposal_close(actor=w.user("facilitator"), proposal=resolving)
    slug = w.commons.slug
    assert_matrix(w.clients, reverse("circles:proposals", args=[slug, w.circle.uuid]), VIEWERS)
    assert_matrix(w.clients, reverse("circles:proposal_create", args=[slug, w.circle.uuid]), VIEWERS)
    assert_matrix(w.clients, reverse("circles:proposals_waiting", args=[slug]), VIEWERS)
    for proposal in (clarifying, consent, resolving):
        assert_matrix(w.clients, _url(w, proposal, "detail"), VIEWERS)
    assert_matrix(w.clients, _url(w, resolving, "resolve"), _only(FACILITATORS))
    assert_matrix(w.clients, _url(w, resolving, "pass_up"), _only(FACILITATORS))
    assert_matrix(w.clients, _url(w, clarifying, "withdraw"), _only(FACILITATORS | {"full"}))  # full brought it


def _question(w):
    proposal = bring(w)
    question = services.proposal_ask(actor=w.user("learning"), proposal=proposal, text="Who prints it?")
    return proposal, question


def _reactions(w):
    proposal = bring(w)
    services.proposal_move(actor=w.user("facilitator"), proposal=proposal, move="to_reactions")
    return proposal


def _all_answered(w):
    proposal = to_consent(w, bring(w))
    everyone_answers(w, proposal)
    return proposal


def _resolving(w):
    proposal = to_consent(w, bring(w))
    everyone_answers(w, proposal, {"full": (ConsentAnswer.OBJECT, "It puts off people who read little.")})
    services.proposal_close(actor=w.user("facilitator"), proposal=proposal)
    return proposal


def _resolve_data(w, proposal):
    return {"objection_1_tools": ["amend"], "objection_1_note": "Pictures instead of words.", "text": "A one-page pack with pictures.",
            "review_on": days(90).isoformat(), "note": "Pictures."}


# name: (make the proposal (and what the url needs), url, data, the roles allowed)
ACTIONS = {
    "create": (lambda w: None, lambda w, p: reverse("circles:proposal_create", args=[w.commons.slug, w.circle.uuid]),
               lambda w, p: {"title": "Tea", "domain_item": "Welcoming new volunteers", "driver": "Thirsty.", "text": "Tea.",
                             "review_on": days(30).isoformat()},
               {"outsider", "guest", "learning", "full", "secretary", "facilitator"}),
    "ask": (bring, lambda w, p: _url(w, p, "ask"), lambda w, p: {"ask-text": "Why?"}, {"guest", "learning", "full", "secretary", "facilitator"}),
    "reply": (_question, lambda w, pq: _url(w, pq[0], "reply", pq[1].uuid), lambda w, pq: {f"reply-{pq[1].uuid}-reply": "We do."},
              {"full"} | FACILITATORS),
    "react": (_reactions, lambda w, p: _url(w, p, "react"), lambda w, p: {"react-text": "Yes!"},
              {"guest", "learning", "full", "secretary", "facilitator"}),
    "answer": (lambda w: to_consent(w, bring(w)), lambda w, p: _url(w, p, "answer"), lambda w, p: {"answer-answer": "consent"},
               {"full", "secretary", "facilitator"}),
    "enter": (lambda w: to_consent(w, bring(w)), lambda w, p: _url(w, p, "enter"),
              lambda w, p: {"enter-person": str(w.absent.person.uuid), "enter-how": "phone", "enter-answer": "consent"}, FACILITATORS),
    "to_reactions": (bring, lambda w, p: _url(w, p, "move", "to_reactions"), lambda w, p: {}, FACILITATORS),
    "to_consent": (_reactions, lambda w, p: _url(w, p, "move", "to_consent"), lambda w, p: {}, FACILITATORS),
    "back_to_questions": (_reactions, lambda w, p: _url(w, p, "move", "back_to_questions"), lambda w, p: {}, FACILITATORS),
    "close_consent": (_all_answered, lambda w, p: _url(w, p, "move", "close_consent"), lambda w, p: {}, FACILITATORS),
    "resolve": (_resolving, lambda w, p: _url(w, p, "resolve"), _resolve_data, FACILITATORS),
    "pass_up": (_resolving, lambda w, p: _url(w, p, "pass_up"), lambda w, p: {"note": "We could not agree."}, FACILITATORS),
    "withdraw": (bring, lambda w, p: _url(w, p, "withdraw"), lambda w, p: {"note": "Not needed now."}, {"full"} | FACILITATORS),
}


@pytest.mark.parametrize("name", list(ACTIONS))
def test_actions(circle_world, name):
    """Each role tries the action on a proposal of its own; only the allowed roles change anything."""
    w = circle_world
    make, url, data, allowed = ACTIONS[name]
    for role in CIRCLE_ROLES:
        target = make(w)
        before = snapshot()
        response = w.clients[role].post(url(w, target), data(w, target))
        if role == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], role
        elif role in allowed:
            assert response.status_code == 302 and "/accounts/" not in response["Location"], (role, response.status_code)
        else:
            assert response.status_code == 404, (role, response.status_code)
        assert (snapshot() != before) == (role in allowed), f"{name} by {role}"


# --- query counts -------------------------------------------------------------------------------
def test_the_proposal_page_runs_the_same_queries_whatever_happened(circle_world):
    w = circle_world
    proposal = bring(w)

    def grow():  # a question and its answer, a reactions round with a reaction, and back to questions
        question = services.proposal_ask(actor=w.user("learning"), proposal=proposal, text="Why?")
        services.proposal_reply(actor=w.user("full"), proposal=proposal, question=question, reply="Because.")
        services.proposal_move(actor=w.user("facilitator"), proposal=proposal, move="to_reactions")
        services.proposal_react(actor=w.user("guest"), proposal=proposal, text="Good.")
        services.proposal_move(actor=w.user("facilitator"), proposal=proposal, move="back_to_questions")
        services.proposal_ask(actor=w.user("guest"), proposal=proposal, text="And when?")

    assert_queries_constant(w.clients["facilitator"], _url(w, proposal, "detail"), grow)


def test_the_consent_round_page_runs_the_same_queries_whatever_the_number_of_answers(circle_world):
    w = circle_world
    proposal = to_consent(w, bring(w))
    count = [0]

    def grow():  # one more full participant who answers, and one more who has not
        for answered in (True, False):
            count[0] += 1
            member = member_with_login(w.commons, name=f"Extra Person {count[0]}")
            add_participant(w.circle, member.person)
            if answered:
                services.proposal_answer(actor=member.person.user, proposal=proposal, answer=ConsentAnswer.CONCERN, text="Cost.")

    assert_queries_constant(w.clients["secretary"], _url(w, proposal, "detail"), grow)


def test_the_list_and_the_waiting_page_run_the_same_queries_whatever_the_number_of_proposals(circle_world):
    w = circle_world
    n = [0]

    def grow():
        n[0] += 1
        to_consent(w, bring(w, title=f"Consent {n[0]}"))
        done = bring(w, title=f"Done {n[0]}")
        services.proposal_withdraw(actor=w.user("full"), proposal=done, note="No.")
        services.proposal_ask(actor=w.user("learning"), proposal=bring(w, title=f"Questions {n[0]}"), text="Why?")

    assert_queries_constant(w.clients["full"], reverse("circles:proposals", args=[w.commons.slug, w.circle.uuid]), grow)
    assert_queries_constant(w.clients["full"], reverse("circles:proposals_waiting", args=[w.commons.slug]), grow)
