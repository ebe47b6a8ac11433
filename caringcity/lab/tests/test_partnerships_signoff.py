"""Joint decisions: only a side's named person answers for it, the page and the lab home say who
has agreed and who has not yet, the decision is made when every current side agreed, a change to
its words clears the answers, and every refusal says why and changes nothing."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from caringcity.core.models import AuditEvent
from caringcity.lab.models import JointDecision, SignOff
from caringcity.lab.rules import rules
from caringcity.lab.selectors import partnerships as selectors
from caringcity.lab.services import partnerships as services
from caringcity.lab.tests.factories import make_partnership, make_plan
from caringcity.lab.trail import trail_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(commons, personas):
    signers = [personas["member"].person, personas["owner"].person, personas["proxy"].person]
    partnership = make_partnership(commons, signers)
    partners = list(partnership.partners.order_by("organisation__name"))
    decision = services.decision_propose(actor=personas.user("organiser"), partnership=partnership, title="Share the data",
                                         summary="We share what we learn.", text="In full.")
    return partnership, partners, decision


def _sign(personas, role, decision, partner, answer=SignOff.Answer.AGREE, note=""):
    return services.decision_sign(actor=personas.user(role), decision=decision, partner=partner, answer=answer, note=note)


def test_only_the_named_person_answers_for_a_side_and_a_refusal_changes_nothing(world, personas):
    partnership, (a, b, c), decision = world
    for role in ("organiser", "admin", "owner", "proxy"):  # not a's signatory, however senior
        with pytest.raises(ValidationError, match="Only the person named to sign for"):
            _sign(personas, role, decision, a)
    assert not SignOff.objects.exists()
    _sign(personas, "member", decision, a)
    assert SignOff.objects.get().person == personas["member"].person


def test_the_waiting_list_names_who_has_agreed_and_who_has_not(world, personas):
    partnership, (a, b, c), decision = world
    _sign(personas, "member", decision, a)
    _sign(personas, "owner", decision, b, SignOff.Answer.NOT_YET, "Say who pays for it.")
    view = selectors.decision_page(JointDecision.objects.get(pk=decision.pk), personas.user("member"))["view"]
    assert [p for p, _s in view.agreed] == [a]
    assert [(p, s.note) for p, s in view.not_yet] == [(b, "Say who pays for it.")]
    assert view.waiting == [c]
    assert not view.made
    # On the lab home: waiting for the owner (said not yet) and the proxy (no answer), not for the member (agreed).
    assert [(d.pk, p.pk) for d, p in selectors.decisions_waiting_for(personas.user("owner"), partnership.commons)] == [(decision.pk, b.pk)]
    assert [p.pk for _d, p in selectors.decisions_waiting_for(personas.user("proxy"), partnership.commons)] == [c.pk]
    assert selectors.decisions_waiting_for(personas.user("member"), partnership.commons) == []
    client = Client()
    client.force_login(personas.user("proxy"))
    page = client.get(reverse("lab:home", args=[partnership.commons.slug])).content.decode()
    assert "Decisions waiting for your sign-off" in page and "Share the data" in page


def test_the_decision_is_made_when_every_current_side_agreed(world, personas):
    partnership, (a, b, c), decision = world
    _sign(personas, "member", decision, a)
    _sign(personas, "owner", decision, b, SignOff.Answer.NOT_YET, "Change the date.")
    _sign(personas, "owner", decision, b)  # from not yet to agree
    decision.refresh_from_db()
    assert decision.agreed_at is None
    _sign(personas, "proxy", decision, c)
    decision.refresh_from_db()
    assert decision.agreed_at is not None
    assert AuditEvent.objects.filter(action="lab.decision.agree", object_id=str(decision.uuid)).count() == 1
    assert AuditEvent.objects.filter(action="lab.decision.signoff").count() == 4


def test_refusals_say_why_and_change_nothing(world, personas):
    partnership, (a, b, c), decision = world
    with pytest.raises(ValidationError) as error:
        _sign(personas, "member", decision, a, SignOff.Answer.NOT_YET, "")
    assert error.value.message_dict == {"note": ["Say what needs to change."]}
    _sign(personas, "member", decision, a)
    with pytest.raises(ValidationError, match="already agreed"):
        _sign(personas, "member", decision, a, SignOff.Answer.NOT_YET, "Changed my mind.")
    assert SignOff.objects.get().answer == SignOff.Answer.AGREE
    _sign(personas, "owner", decision, b)
    _sign(personas, "proxy", decision, c)
    decision.refresh_from_db()
    made = decision.agreed_at
    with pytest.raises(ValidationError, match="already made"):
        _sign(personas, "proxy", decision, c)
    with pytest.raises(ValidationError, match="already made"):
        services.decision_update(actor=personas.user("organiser"), decision=decision, title="New", summary="New words")
    decision.refresh_from_db()
    assert (decision.title, decision.agreed_at, SignOff.objects.count()) == ("Share the data", made, 3)


def test_changing_the_words_clears_the_answers_and_the_form_says_so_first(world, personas, clients):
    partnership, (a, b, c), decision = world
    _sign(personas, "member", decision, a)
    _sign(personas, "owner", decision, b)
    url = reverse("lab:decision_edit", args=[partnership.commons.slug, partnership.uuid, decision.uuid])
    page = clients["organiser"].get(url).content.decode()
    assert "2 partners have already answered" in page and "cleared" in page
    services.decision_update(actor=personas.user("organiser"), decision=decision, title="Share the data",
                             summary="We share what we learn.", text="In full.")  # same words: answers stay
    assert SignOff.objects.count() == 2
    clients["organiser"].post(url, {"title": "Share the data", "summary": "We share all we learn, within a month.", "text": "In full."})
    decision.refresh_from_db()
    assert decision.summary == "We share all we learn, within a month."
    assert SignOff.objects.count() == 0


def test_a_new_person_to_sign_answers_again_and_a_side_that_leaves_is_no_longer_waited_for(world, personas):
    partnership, (a, b, c), decision = world
    _sign(personas, "member", decision, a)
    services.partner_update(actor=personas.user("organiser"), partner=a, signatory=personas["owner"].person, role="")
    assert not SignOff.objects.filter(partner=a).exists()
    _sign(personas, "owner", decision, a)
    _sign(personas, "owner", decision, b)
    decision.refresh_from_db()
    assert decision.agreed_at is None
    services.partner_leave(actor=personas.user("organiser"), partner=c)
    decision.refresh_from_db()
    assert decision.agreed_at is not None


def test_the_rule_and_its_queryset_twin_agree(world, personas, other_commons):
    partnership, partners, decision = world
    c = partners[2]
    c.left_on = c.created.date()
    c.save()
    for role in ("outsider", "member", "owner", "proxy", "organiser", "admin", "anonymous"):
        user = personas.user(role)
        if user is None:
            from django.contrib.auth.models import AnonymousUser

            user = AnonymousUser()
        twin = set(selectors.partners_signable_by(user, partnership.commons))
        for partner in partners:
            assert rules.has_perm("lab.sign_off", user, partner) == (partner in twin), (role, partner)
        assert rules.has_perm("lab.sign_decision", user, decision) == selectors.decisions_signable_by(
            user, partnership.commons).filter(pk=decision.pk).exists(), role


def test_signing_in_the_page_works_without_javascript_and_a_stranger_is_turned_away(world, personas, clients):
    partnership, (a, b, c), decision = world
    slug = partnership.commons.slug
    url = reverse("lab:decision_sign", args=[slug, partnership.uuid, decision.uuid])
    page = clients["member"].get(reverse("lab:decision", args=[slug, partnership.uuid, decision.uuid])).content.decode()
    assert "Send my answer" in page and "Has not answered yet" in page
    response = clients["organiser"].post(url, {"partner": a.pk, "answer": "agree"}, follow=True)
    assert "You are not named to sign here" in response.content.decode()
    assert clients["outsider"].post(url, {"partner": a.pk, "answer": "agree"}).status_code == 404
    # The owner signs for b; posting a's id is refused by the form (not one of theirs).
    response = clients["owner"].post(url, {"partner": a.pk, "answer": "agree"})
    assert response.status_code == 400
    assert not SignOff.objects.exists()
    response = clients["member"].post(url, {"partner": a.pk, "answer": "not_yet", "note": ""})
    assert response.status_code == 400 and "Say what needs to change." in response.content.decode()
    assert clients["member"].post(url, {"partner": a.pk, "answer": "agree"}).status_code == 302
    assert SignOff.objects.get().partner == a


def test_agreed_decisions_join_the_influence_trail_and_waiting_ones_do_not(world, personas, commons):
    partnership, (a, b, c), decision = world
    plan = make_plan(commons)
    policy = plan.policies.get(number=1)
    other = services.decision_propose(actor=personas.user("organiser"), partnership=partnership, title="Still open",
                                      summary="Not agreed yet.", policies=[policy])
    services.decision_update(actor=personas.user("organiser"), decision=decision, title=decision.title,
                             summary=decision.summary, text=decision.text, policies=[policy])
    for role, partner in (("member", a), ("owner", b), ("proxy", c)):
        _sign(personas, role, decision, partner)
    steps = [s for s in trail_for([policy], public=True)[policy.pk] if s.kind == "decision"]
    assert [(s.title, s.summary, s.url) for s in steps] == [("Share the data", "We share what we learn.", "")]
    assert other.title not in [s.title for s in trail_for([policy], public=False)[policy.pk]]
