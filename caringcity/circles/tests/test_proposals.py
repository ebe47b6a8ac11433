"""Proposals and consent rounds: the whole journey through the rounds, reasoned objections,
amendments that make a new version and run the round again, the secretary entering a paper
answer, closing, passing up and withdrawing."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from caringcity.circles.models import (
    ConsentAnswer,
    DecisionKind,
    How,
    Proposal,
    ProposalKind,
    ProposalStage,
    Resolution,
    ResolutionTool,
    Response,
    Round,
    RoundKind,
)
from caringcity.circles.selectors import proposals as selectors
from caringcity.circles.services import proposals as services
from caringcity.circles.tests.factories import circle_world  # noqa: F401
from caringcity.circles.tests.proposals_world import bring, days, everyone_answers, to_consent
from caringcity.core.models import AuditEvent, OutboundEmail

pytestmark = pytest.mark.django_db


def detail(w, proposal):
    return reverse("circles:proposal_detail", args=[w.commons.slug, proposal.uuid])


def action(w, proposal, name, *args):
    return reverse(f"circles:proposal_{name}", args=[w.commons.slug, proposal.uuid, *args])


def page_text(response):
    return response.content.decode()


# --- the whole journey, through the pages ------------------------------------------------------
def test_a_proposal_goes_through_the_rounds_and_is_adopted(circle_world):
    w = circle_world
    c = w.clients
    create_url = reverse("circles:proposal_create", args=[w.commons.slug, w.circle.uuid])
    assert "Starting new care teams" in page_text(c["full"].get(create_url))
    response = c["full"].post(create_url, {
        "title": "Welcome pack for new volunteers", "domain_item": "Welcoming new volunteers",
        "driver": "New volunteers do not know who to ask.", "text": "Give every new volunteer a one-page welcome pack.",
        "review_on": days(90).isoformat(), "term_ends": days(365).isoformat()})
    proposal = Proposal.objects.get(title="Welcome pack for new volunteers")
    assert response.status_code == 302 and response["Location"] == detail(w, proposal)
    assert proposal.stage == ProposalStage.CLARIFYING and proposal.brought_by == w.person("full")
    assert proposal.domain_item == "Welcoming new volunteers" and proposal.versions.get().number == 1
    assert list(proposal.rounds.values_list("kind", "number")) == [(RoundKind.CLARIFYING, 1)]

    # Questions: a learning participant asks, the person who brought it answers.
    assert c["learning"].post(action(w, proposal, "ask"), {"ask-text": "Will it be in Turkish too?"}).status_code == 302
    question = Response.objects.get(round__proposal=proposal)
    assert c["learning"].post(action(w, proposal, "reply", question.uuid), {f"reply-{question.uuid}-reply": "I answer"}).status_code == 404
    assert c["full"].post(action(w, proposal, "reply", question.uuid), {f"reply-{question.uuid}-reply": "Yes, and in Bengali."}).status_code == 302
    question.refresh_from_db()
    assert question.reply == "Yes, and in Bengali." and question.replied_by == w.person("full")

    # Only the facilitator moves the proposal on.
    assert c["full"].post(action(w, proposal, "move", "to_reactions")).status_code == 404
    assert c["facilitator"].post(action(w, proposal, "move", "to_reactions")).status_code == 302
    proposal.refresh_from_db()
    assert proposal.stage == ProposalStage.REACTIONS

    # Reactions: a guest reacts; the learning participant reacts and then changes it (one each).
    assert c["guest"].post(action(w, proposal, "react"), {"react-text": "Our charity can print it."}).status_code == 302
    c["learning"].post(action(w, proposal, "react"), {"react-text": "Good idea."})
    c["learning"].post(action(w, proposal, "react"), {"react-text": "Good idea, with pictures please."})
    reactions = Response.objects.filter(round__proposal=proposal, round__kind=RoundKind.REACTIONS)
    assert sorted(reactions.values_list("text", flat=True)) == ["Good idea, with pictures please.", "Our charity can print it."]

    assert c["facilitator"].post(action(w, proposal, "move", "to_consent")).status_code == 302
    proposal.refresh_from_db()
    assert proposal.stage == ProposalStage.CONSENT

    # The full participants with an e-mail address get a link, and nothing but the title.
    sent = OutboundEmail.objects.filter(subject__contains="Welcome pack for new volunteers")
    assert sorted(sent.values_list("to", flat=True)) == sorted([w.user("full").email, w.user("secretary").email])
    body = sent.first().body_text
    assert detail(w, proposal) in body and "who to ask" not in body and "one-page" not in body

    # Learning participants and guests do not answer the consent round; the page says why.
    assert c["learning"].post(action(w, proposal, "answer"), {"answer-answer": "consent"}).status_code == 404
    assert "Only full participants answer the consent round" in page_text(c["learning"].get(detail(w, proposal)))

    c["full"].post(action(w, proposal, "answer"), {"answer-answer": "consent"})
    c["secretary"].post(action(w, proposal, "answer"), {"answer-answer": "concern", "answer-text": "Printing costs money."})
    c["facilitator"].post(action(w, proposal, "answer"), {"answer-answer": "consent"})

    # Closing is refused while a full participant has not answered, naming them.
    response = c["facilitator"].post(action(w, proposal, "move", "close_consent"), follow=True)
    assert "Still to answer: Albert Absent" in page_text(response)
    proposal.refresh_from_db()
    assert proposal.stage == ProposalStage.CONSENT and not proposal.decisions.exists()

    # The secretary enters Albert's answer, given on paper.
    response = c["secretary"].post(action(w, proposal, "enter"), {
        "enter-person": str(w.absent.person.uuid), "enter-how": "paper", "enter-answer": "concern",
        "enter-text": "The print must be large."})
    assert response.status_code == 302
    paper = Response.objects.get(person=w.absent.person)
    assert paper.how == How.PAPER and paper.recorded_by == w.user("secretary") and paper.recorded_by_person == w.person("secretary")
    assert AuditEvent.objects.filter(action="circles.proposal.answer", acting_for=w.absent.person.uuid).count() == 1
    assert "Entered by Sally Secretary for Albert Absent (on paper)" in page_text(c["outsider"].get(detail(w, proposal)))

    response = c["facilitator"].post(action(w, proposal, "move", "close_consent"), follow=True)
    proposal.refresh_from_db()
    assert proposal.stage == ProposalStage.ADOPTED
    decision = proposal.decisions.get()
    version = decision.versions.get()
    assert decision.kind == DecisionKind.CONSENT and version.title == "Welcome pack for new volunteers"
    assert version.text == "Give every new volunteer a one-page welcome pack." and version.reasons == "New volunteers do not know who to ask."
    assert version.review_on == days(90) and version.ends_on == days(365)
    assert "Sally Secretary: Printing costs money." in version.concerns
    assert "Albert Absent (on paper, entered by Sally Secretary): The print must be large." in version.concerns
    assert version.objections == ""
    takers = {t.person.name: t.how for t in decision.takers.select_related("person")}
    assert takers == {"Femi Full": How.ONLINE, "Sally Secretary": How.ONLINE, "Fatima Facilitator": How.ONLINE,
                      "Albert Absent": How.PAPER, "Lale Learner": How.ONLINE, "Gita Guest": How.ONLINE}
    assert f"decision D{decision.number}" in page_text(response)


# --- objections need a reason --------------------------------------------------------------------
def test_an_objection_without_a_reason_is_refused_next_to_the_field_and_nothing_is_saved(circle_world):
    w = circle_world
    proposal = to_consent(w, bring(w))
    response = w.clients["full"].post(action(w, proposal, "answer"), {"answer-answer": "object", "answer-text": "  "})
    assert response.status_code == 400
    html = page_text(response)
    assert 'id="id_answer-text-error"' in html and "An objection needs its reason" in html
    assert not Response.objects.filter(round__proposal=proposal).exists()

    response = w.clients["full"].post(action(w, proposal, "answer"), {"answer-answer": "concern"})
    assert response.status_code == 400 and "Say what your concern is" in page_text(response)
    assert not Response.objects.filter(round__proposal=proposal).exists()

    # The secretary entering a paper objection must give its reason too.
    response = w.clients["secretary"].post(action(w, proposal, "enter"), {
        "enter-person": str(w.absent.person.uuid), "enter-how": "paper", "enter-answer": "object"})
    assert response.status_code == 400 and "An objection needs its reason" in page_text(response)
    assert not Response.objects.filter(round__proposal=proposal).exists()

    with pytest.raises(ValidationError) as error:
        services.proposal_answer(actor=w.user("full"), proposal=proposal, answer=ConsentAnswer.OBJECT, text="")
    assert "text" in error.value.message_dict
    assert not Response.objects.filter(round__proposal=proposal).exists()


def test_one_answer_each_which_they_may_change_and_a_secretary_cannot_overwrite(circle_world):
    w = circle_world
    proposal = to_consent(w, bring(w))
    first = services.proposal_answer(actor=w.user("full"), proposal=proposal, answer=ConsentAnswer.CONSENT)
    second = services.proposal_answer(actor=w.user("full"), proposal=proposal, answer=ConsentAnswer.OBJECT, text="It leaves out people who cannot read.")
    assert first.pk == second.pk
    assert list(Response.objects.filter(round__proposal=proposal).values_list("answer", flat=True)) == [ConsentAnswer.OBJECT]
    assert list(AuditEvent.objects.filter(action="circles.proposal.answer").order_by("created").values_list("reason", flat=True)) == [
        "answer given", "answer changed"]
    with pytest.raises(ValidationError) as error:
        services.proposal_answer(actor=w.user("secretary"), proposal=proposal, person=w.person("full"), answer=ConsentAnswer.CONSENT, how=How.PHONE)
    assert "Only they can change their answer" in str(error.value)
    assert Response.objects.get(round__proposal=proposal).answer == ConsentAnswer.OBJECT
    # An answer the secretary entered may be corrected by the secretary (he rang back).
    services.proposal_answer(actor=w.user("secretary"), proposal=proposal, person=w.absent.person, answer=ConsentAnswer.CONSENT, how=How.PHONE)
    services.proposal_answer(actor=w.user("secretary"), proposal=proposal, person=w.absent.person, answer=ConsentAnswer.CONCERN,
                             text="Large print.", how=How.PHONE)
    assert Response.objects.filter(person=w.absent.person).count() == 1
    # Entering for someone needs how they gave it, and only full participants answer.
    with pytest.raises(ValidationError) as error:
        services.proposal_answer(actor=w.user("secretary"), proposal=proposal, person=w.absent.person, answer=ConsentAnswer.CONSENT, how=How.ONLINE)
    assert "how" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.proposal_answer(actor=w.user("secretary"), proposal=proposal, person=w.person("learning"), answer=ConsentAnswer.CONSENT, how=How.PAPER)
    assert "person" in error.value.message_dict


# --- amendment and a shorter term: version 2, the round again ------------------------------------
def _objected(w, reason="A thick pack puts off volunteers who read little English: fewer would stay.", title="Welcome pack for new volunteers"):
    proposal = to_consent(w, bring(w, term_days=365, title=title))
    everyone_answers(w, proposal, {"full": (ConsentAnswer.OBJECT, reason)})
    services.proposal_close(actor=w.user("facilitator"), proposal=proposal)
    proposal.refresh_from_db()
    return proposal


def test_amending_and_shortening_the_term_makes_version_2_and_the_round_runs_again(circle_world):
    w = circle_world
    proposal = _objected(w)
    assert proposal.stage == ProposalStage.RESOLVING and not proposal.decisions.exists()
    url = action(w, proposal, "resolve")
    page = w.clients["facilitator"].get(url)
    assert page.status_code == 200 and "The objection from Femi Full" in page_text(page)
    good = {"objection_1_tools": ["amend", "shorten"], "objection_1_note": "A one-page pack with pictures, for six months first.",
            "text": "Give every new volunteer a one-page welcome pack with pictures.", "review_on": days(60).isoformat(),
            "term_ends": days(180).isoformat(), "measure": "", "note": "Shorter pack with pictures; a six-month trial."}

    # Refused while the objection has no resolution; nothing is saved.
    response = w.clients["facilitator"].post(url, {**good, "objection_1_tools": [], "objection_1_note": ""})
    assert response.status_code == 400 and "Choose how the objection from Femi Full was resolved" in page_text(response)
    # Refused when the tools chosen do not match what changed.
    response = w.clients["facilitator"].post(url, {**good, "text": "Give every new volunteer a one-page welcome pack."})
    assert response.status_code == 400 and "change the wording of the proposal" in page_text(response)
    response = w.clients["facilitator"].post(url, {**good, "term_ends": days(365).isoformat(), "review_on": days(90).isoformat()})
    assert response.status_code == 400 and "give an earlier end date or an earlier review date" in page_text(response)
    assert proposal.versions.count() == 1 and not Resolution.objects.exists()
    proposal.refresh_from_db()
    assert proposal.stage == ProposalStage.RESOLVING

    response = w.clients["facilitator"].post(url, good)
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.stage == ProposalStage.CONSENT
    v1, v2 = proposal.versions.order_by("number")
    assert (v1.number, v2.number) == (1, 2)
    assert v1.text == "Give every new volunteer a one-page welcome pack." and v1.term_ends == days(365)  # the old version is kept
    assert v2.text == good["text"] and v2.term_ends == days(180) and v2.review_on == days(60)
    assert v2.tools == [ResolutionTool.AMEND, ResolutionTool.SHORTEN] and v2.note == good["note"]
    resolution = Resolution.objects.get()
    assert resolution.objection.person == w.person("full") and resolution.new_version == v2
    rounds = list(proposal.rounds.order_by("number"))
    assert [(r.kind, r.version.number) for r in rounds] == [
        (RoundKind.CLARIFYING, 1), (RoundKind.REACTIONS, 1), (RoundKind.CONSENT, 1), (RoundKind.CONSENT, 2)]
    assert rounds[2].closed_at is not None and rounds[3].closed_at is None

    html = page_text(w.clients["full"].get(detail(w, proposal)))
    assert "Version 2" in html and "Shorter pack with pictures; a six-month trial." in html
    assert "Change the proposal, Shorten its term" in html and "A one-page pack with pictures, for six months first." in html

    everyone_answers(w, proposal)
    decision = services.proposal_close(actor=w.user("facilitator"), proposal=proposal)
    version = decision.versions.get()
    assert version.text == good["text"] and version.ends_on == days(180) and version.review_on == days(60)
    assert "Femi Full objected to version 1: A thick pack puts off volunteers" in version.objections
    assert "How it was resolved: Change the proposal, Shorten its term. A one-page pack with pictures" in version.objections


def test_measuring_the_concern_and_a_withdrawn_objection(circle_world):
    w = circle_world
    proposal = to_consent(w, bring(w))
    everyone_answers(w, proposal, {"full": (ConsentAnswer.OBJECT, "Volunteers may not read it."),
                                   "absent": (ConsentAnswer.OBJECT, "Too much paper.")})
    services.proposal_close(actor=w.user("facilitator"), proposal=proposal)
    first, second = selectors.open_objections(proposal)
    latest = selectors.latest_version(proposal)
    resolutions = [{"objection": first, "tools": [ResolutionTool.MEASURE], "note": "We will ask new volunteers."},
                   {"objection": second, "tools": [ResolutionTool.WITHDRAWN], "note": "Albert withdrew it after we talked."}]
    with pytest.raises(ValidationError) as error:  # measuring needs what will be measured
        services.proposal_resolve(actor=w.user("facilitator"), proposal=proposal, resolutions=resolutions, text=latest.text,
                                  review_on=latest.review_on, measure="", note="Measure it.")
    assert "measure" in error.value.message_dict
    version = services.proposal_resolve(actor=w.user("facilitator"), proposal=proposal, resolutions=resolutions, text=latest.text,
                                        review_on=latest.review_on, measure="How many new volunteers say they read it.",
                                        note="We measure whether it is read.")
    assert version.number == 2 and version.tools == [ResolutionTool.MEASURE, ResolutionTool.WITHDRAWN]
    everyone_answers(w, proposal)
    decision = services.proposal_close(actor=w.user("facilitator"), proposal=proposal)
    assert "What we will measure: How many new volunteers say they read it." in decision.versions.get().concerns


# --- closing ------------------------------------------------------------------------------------
def test_closing_is_refused_while_full_participants_have_not_answered(circle_world):
    w = circle_world
    proposal = to_consent(w, bring(w))
    services.proposal_answer(actor=w.user("full"), proposal=proposal, answer=ConsentAnswer.CONSENT)
    with pytest.raises(ValidationError) as error:
        services.proposal_close(actor=w.user("facilitator"), proposal=proposal)
    assert "Still to answer: Albert Absent, Fatima Facilitator, Sally Secretary." in str(error.value)
    proposal.refresh_from_db()
    assert proposal.stage == ProposalStage.CONSENT and not proposal.decisions.exists()
    assert Round.objects.filter(proposal=proposal, closed_at__isnull=True).count() == 1
    # Moves out of order are refused with the state machine's reason.
    with pytest.raises(ValidationError) as error:
        services.proposal_move(actor=w.user("facilitator"), proposal=proposal, move="to_reactions")
    assert "comes after the questions round" in str(error.value)


# --- bringing a proposal ------------------------------------------------------------------------
def test_none_of_these_is_refused_naming_the_circle_above(circle_world):
    w = circle_world
    url = reverse("circles:proposal_create", args=[w.commons.slug, w.circle.uuid])
    response = w.clients["outsider"].post(url, {"title": "A new minibus", "domain_item": "none", "driver": "Trips are hard.",
                                               "text": "Buy a minibus.", "review_on": days(90).isoformat()})
    assert response.status_code == 400
    assert "Bring it to the circle above, General circle." in page_text(response)
    assert 'id="id_domain_item-error"' in page_text(response)
    assert not Proposal.objects.exists()
    # A review date in the past and an end before the review are refused too.
    with pytest.raises(ValidationError) as error:
        bring(w, review_on=days(0))
    assert "review_on" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        bring(w, review_on=days(100), term_days=30)
    assert "review_on" in error.value.message_dict
    assert not Proposal.objects.exists()


def test_a_secretary_brings_a_proposal_for_someone_from_a_paper_form(circle_world):
    w = circle_world
    url = reverse("circles:proposal_create", args=[w.commons.slug, w.circle.uuid])
    data = {"title": "Tea at meetings", "domain_item": "Welcoming new volunteers", "driver": "People arrive thirsty.",
            "text": "Tea and biscuits at every meeting.", "review_on": days(90).isoformat(), "acting_for": str(w.absent.person.uuid)}
    response = w.clients["secretary"].post(url, data)
    proposal = Proposal.objects.get()
    assert response.status_code == 302
    assert proposal.brought_by == w.absent.person and proposal.acting_for == w.absent.person and proposal.created_by == w.user("secretary")
    assert AuditEvent.objects.get(action="circles.proposal.create").acting_for == w.absent.person.uuid
    assert "Albert Absent – entered by Sally Secretary" in page_text(w.clients["full"].get(detail(w, proposal)))
    # Someone who is not the secretary cannot: the field is not even offered, and the service refuses.
    assert 'name="acting_for"' not in page_text(w.clients["full"].get(url))
    with pytest.raises(ValidationError):
        bring(w, role="full", title="Another", acting_for=w.absent.person)
    assert Proposal.objects.count() == 1
    # The secretary who entered it may answer its questions and withdraw it for Albert.
    assert services.may_reply(w.user("secretary"), proposal) and services.may_withdraw(w.user("secretary"), proposal)


# --- passing up and withdrawing -----------------------------------------------------------------
def test_the_facilitator_passes_an_unresolved_proposal_to_the_parent(circle_world):
    w = circle_world
    proposal = _objected(w)
    url = action(w, proposal, "pass_up")
    response = w.clients["facilitator"].post(url, {"note": ""})
    assert response.status_code == 400 and not Proposal.objects.filter(circle=w.parent).exists()
    response = w.clients["facilitator"].post(url, {"note": "We could not agree about the cost."})
    assert response.status_code == 302
    proposal.refresh_from_db()
    passed = Proposal.objects.get(circle=w.parent)
    assert proposal.stage == ProposalStage.PASSED_UP and proposal.stage_note == "We could not agree about the cost."
    assert passed.passed_from == proposal and passed.stage == ProposalStage.CLARIFYING and passed.title == proposal.title
    assert passed.brought_by == proposal.brought_by and passed.domain_item == ""
    version = passed.versions.get()
    assert version.text == selectors.latest_version(proposal).text and version.note == "We could not agree about the cost."
    html = page_text(w.clients["outsider"].get(detail(w, proposal)))
    assert detail(w, passed) in html and "General circle" in html
    assert detail(w, proposal) in page_text(w.clients["outsider"].get(detail(w, passed)))


def test_passing_up_is_refused_with_no_parent_and_for_a_hat(circle_world):
    w = circle_world
    proposal = _objected(w)
    w.circle.parent = None
    w.circle.save()
    with pytest.raises(ValidationError) as error:
        services.proposal_pass_up(actor=w.user("facilitator"), proposal=proposal, note="Cannot agree.")
    assert "no circle above it" in str(error.value)
    proposal.refresh_from_db()
    assert proposal.stage == ProposalStage.RESOLVING and Proposal.objects.count() == 1

    role = bring(w, title="Sally for the welcoming hat", kind=ProposalKind.ROLE, domain_item="")
    to_consent(w, role)
    everyone_answers(w, role, {"full": (ConsentAnswer.OBJECT, "She has no time this year.")})
    services.proposal_close(actor=w.user("facilitator"), proposal=role)
    with pytest.raises(ValidationError) as error:
        services.proposal_pass_up(actor=w.user("facilitator"), proposal=role, note="Cannot agree.")
    assert "Who wears a hat is decided in the circle itself" in str(error.value)
    page = page_text(w.clients["facilitator"].get(detail(w, role)))
    assert "Who wears a hat is decided in the circle itself" in page and action(w, role, "pass_up") not in page


def test_withdrawing(circle_world):
    w = circle_world
    proposal = bring(w)
    url = action(w, proposal, "withdraw")
    assert w.clients["learning"].get(url).status_code == 404
    assert w.clients["learning"].post(url, {"note": "No."}).status_code == 404
    assert w.clients["full"].post(url, {"note": ""}).status_code == 400
    proposal.refresh_from_db()
    assert proposal.stage == ProposalStage.CLARIFYING
    assert w.clients["full"].post(url, {"note": "The hub already has a pack."}).status_code == 302
    proposal.refresh_from_db()
    assert proposal.stage == ProposalStage.WITHDRAWN and proposal.stage_note == "The hub already has a pack."
    assert not Round.objects.filter(proposal=proposal, closed_at__isnull=True).exists()
    with pytest.raises(ValidationError) as error:
        services.proposal_withdraw(actor=w.user("facilitator"), proposal=proposal, note="Again.")
    assert "already finished" in str(error.value)
    # Nothing more can happen to a withdrawn proposal.
    with pytest.raises(ValidationError):
        services.proposal_ask(actor=w.user("full"), proposal=proposal, text="Why?")


def test_a_hat_proposal_starts_the_term_when_adopted(circle_world):
    from caringcity.circles.models import CircleHatKind, TermStatus
    from caringcity.circles.services.structure import term_nominate

    w = circle_world
    term = term_nominate(actor=w.user("full"), circle=w.circle, kind=CircleHatKind.WELCOMING, holder=w.person("full"),
                         backstop=w.person("secretary"), starts=days(1), ends=days(365), review_on=days(180),
                         driver="New volunteers need a named person to welcome them.")
    proposal = term.proposal
    assert proposal.kind == ProposalKind.ROLE and proposal.stage == ProposalStage.CLARIFYING
    to_consent(w, proposal)
    everyone_answers(w, proposal)
    decision = services.proposal_close(actor=w.user("facilitator"), proposal=proposal)
    term.refresh_from_db()
    assert term.status == TermStatus.HELD and decision.proposal == proposal


def test_a_withdrawn_hat_proposal_withdraws_the_nomination(circle_world):
    from caringcity.circles.models import CircleHatKind, TermStatus
    from caringcity.circles.services.structure import term_nominate

    w = circle_world
    term = term_nominate(actor=w.user("full"), circle=w.circle, kind=CircleHatKind.WELCOMING, holder=w.person("full"),
                         backstop=w.person("secretary"), starts=days(1), ends=days(365), review_on=days(180),
                         driver="New volunteers need a named person to welcome them.")
    services.proposal_withdraw(actor=w.user("facilitator"), proposal=term.proposal, note="Femi moved away.")
    term.refresh_from_db()
    assert term.status == TermStatus.WITHDRAWN


# --- the list and what is waiting ----------------------------------------------------------------
def test_the_list_shows_open_proposals_first_with_their_stage_in_words(circle_world):
    w = circle_world
    done = bring(w, title="An old idea")
    services.proposal_withdraw(actor=w.user("full"), proposal=done, note="Not needed.")
    _objected(w, title="Taxis to evening visits")  # four answers in its closed consent round: they are not counted for the others
    tea = to_consent(w, bring(w, title="Tea at meetings"))
    services.proposal_answer(actor=w.user("secretary"), proposal=tea, answer=ConsentAnswer.CONSENT)
    bring(w, title="Welcome pack")
    html = page_text(w.clients["guest"].get(reverse("circles:proposals", args=[w.commons.slug, w.circle.uuid])))
    assert html.index("Welcome pack") < html.index("Tea at meetings") < html.index("Taxis to evening visits") < html.index("An old idea")
    assert "Questions round: ask what you need to understand it" in html
    assert "Consent round: full participants give their answer" in html and "1 of 4 have answered" in html
    assert "Working through objections" in html
    assert "Withdrawn" in html


def test_what_is_waiting_for_my_answer(circle_world):
    w = circle_world
    consent = to_consent(w, bring(w, title="Tea at meetings"))
    questions = bring(w, title="Welcome pack", role="secretary")
    services.proposal_ask(actor=w.user("full"), proposal=questions, text="How long is it?")
    url = reverse("circles:proposals_waiting", args=[w.commons.slug])
    full = selectors.waiting_for(w.user("full"), w.commons)
    assert [p.title for p in full["consent"]] == ["Tea at meetings"] and [p.title for p in full["questions"]] == ["Welcome pack"]
    secretary = selectors.waiting_for(w.user("secretary"), w.commons)
    assert [p.title for p in secretary["replies"]] == ["Welcome pack"]
    learning = selectors.waiting_for(w.user("learning"), w.commons)
    assert learning["consent"] == []  # learning participants do not answer the consent round
    services.proposal_answer(actor=w.user("full"), proposal=consent, answer=ConsentAnswer.CONSENT)
    assert selectors.waiting_for(w.user("full"), w.commons)["consent"] == []
    assert selectors.waiting_for(w.user("outsider"), w.commons) == {"consent": [], "reactions": [], "questions": [], "replies": []}
    html = page_text(w.clients["secretary"].get(url))
    assert "Tea at meetings" in html and "Questions about your proposals" in html
    home = page_text(w.clients["outsider"].get(reverse("people:commons", args=[w.commons.slug])))
    assert url in home and "Proposals waiting for my answer" in home
    assert w.clients["other_commons"].get(url).status_code == 404
