"""Appeals: three people who did not take part in a decision ask for it to be reopened, first in
its own circle, then, once it was reopened there and decided again, in the parent circle."""

import pytest
from django.core.exceptions import ValidationError

from caringcity.circles.models import (
    Appeal,
    AppealBacker,
    AppealStatus,
    DecisionStatus,
    DecisionVersion,
    How,
    Proposal,
)
from caringcity.circles.services import decisions as services
from caringcity.circles.services.records import decision_revise, latest_version
from caringcity.circles.tests.decisions_world import (  # noqa: F401
    BAD,
    CIRCLE_ROLES,
    NF,
    OK,
    REDIR,
    circle_world,
    detail_url,
    record,
)
from caringcity.circles.tests.factories import make_circle
from caringcity.core.models import AuditEvent
from caringcity.people.tests.factories import member_with_login

pytestmark = pytest.mark.django_db

REASON = "People in the next street were not asked, and it changes things for them."


def appeal_url(w, decision, appeal=None, name="appeal_start"):
    from django.urls import reverse

    args = [w.commons.slug, decision.uuid] + ([appeal.uuid] if appeal else [])
    return reverse(f"circles:{name}", args=args)


def state():
    return (list(Appeal.objects.order_by("pk").values_list("pk", "status", "proposal_id")),
            list(AppealBacker.objects.order_by("pk").values_list("pk", "person_id", "how")),
            DecisionVersion.objects.count(), Proposal.objects.count())


def start(w, decision, role="outsider"):
    return services.appeal_start(actor=w.user(role), decision=decision, reason=REASON)


# --- starting ----------------------------------------------------------------------------------
def test_someone_not_involved_starts_an_appeal_and_is_its_first_backer(circle_world):
    w = circle_world
    decision = record(w)  # taken by full and secretary
    response = w.clients["outsider"].post(appeal_url(w, decision), {"reason": REASON})
    assert response.status_code == REDIR and response.url.endswith("#appeals")
    appeal = Appeal.objects.get()
    assert (appeal.decision, appeal.to_circle, appeal.status, appeal.reason) == (decision, w.circle, AppealStatus.GATHERING, REASON)
    assert [(b.person, b.how) for b in appeal.backers.all()] == [(w.person("outsider"), How.ONLINE)]
    assert AuditEvent.objects.filter(action="circles.appeal.start", object_id=str(appeal.uuid)).count() == 1
    html = w.clients["guest"].get(detail_url(w, decision)).content.decode()
    assert REASON in html and "1 person backs it; it needs 2 more." in html and "I back this appeal" in html


@pytest.mark.parametrize("role", ["full", "secretary"])
def test_people_who_took_part_are_refused_with_the_reason_and_nothing_is_saved(circle_world, role):
    w = circle_world
    decision = record(w)
    html = w.clients[role].get(detail_url(w, decision)).content.decode()
    assert "You took part in this decision, so you cannot appeal it." in html
    assert "Ask for it to be looked at again" not in html
    before = state()
    response = w.clients[role].post(appeal_url(w, decision), {"reason": REASON})
    assert response.status_code == BAD and "You took part in this decision" in response.content.decode()
    assert state() == before


def test_start_appeal_role_matrix_and_denied_roles_change_nothing(circle_world):
    w = circle_world
    decision = record(w)
    before = state()
    for role in ("anonymous", "other_commons"):
        response = w.clients[role].post(appeal_url(w, decision), {"reason": REASON})
        assert response.status_code == {"anonymous": REDIR, "other_commons": NF}[role]
        assert state() == before
    for role in ("outsider", "guest", "learning", "facilitator"):  # may see the circle and took no part
        assert w.clients[role].get(appeal_url(w, decision)).status_code == OK, role


def test_a_reason_is_needed_and_one_appeal_gathers_at_a_time(circle_world):
    w = circle_world
    decision = record(w)
    response = w.clients["outsider"].post(appeal_url(w, decision), {"reason": "  "})
    assert response.status_code == BAD and not Appeal.objects.exists()
    start(w, decision)
    response = w.clients["guest"].post(appeal_url(w, decision), {"reason": "Me too"})
    assert response.status_code == BAD and "There is already an appeal for this decision. You can back it instead." in response.content.decode()
    assert Appeal.objects.count() == 1


def test_an_ended_decision_cannot_be_appealed(circle_world):
    w = circle_world
    decision = record(w)
    decision_revise(actor=w.user("secretary"), decision=decision, note="Closed.", status=DecisionStatus.ENDED)
    with pytest.raises(ValidationError, match="nothing to reopen"):
        start(w, decision)


def test_a_confidential_decision_is_not_appealed_by_those_who_cannot_read_it(circle_world):
    w = circle_world
    decision = record(w, confidential=True, confidential_reason="About one person's money")
    assert w.clients["guest"].get(appeal_url(w, decision)).status_code == NF
    assert w.clients["learning"].get(appeal_url(w, decision)).status_code == OK


# --- backing and the threshold -----------------------------------------------------------------
def test_three_backers_reopen_the_decision_in_its_own_circle_with_a_proposal(circle_world):
    w = circle_world
    decision = record(w, "Tea at meetings", "We bring our own cups.")
    appeal = start(w, decision, "outsider")
    response = w.clients["guest"].post(appeal_url(w, decision, appeal, "appeal_back"))
    assert response.status_code == REDIR
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.GATHERING and appeal.backers.count() == 2
    assert latest_version(decision).status == DecisionStatus.IN_FORCE, "two of three: nothing reopened yet"
    w.clients["learning"].post(appeal_url(w, decision, appeal, "appeal_back"))
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.REOPENED and appeal.backers.count() == 3
    latest = latest_version(decision)
    assert (latest.number, latest.status) == (2, DecisionStatus.REOPENED) and "Reopened after an appeal" in latest.note
    assert decision.versions.get(number=1).status == DecisionStatus.IN_FORCE, "the earlier version is unchanged"
    proposal = appeal.proposal
    assert (proposal.circle, proposal.reopens, proposal.title) == (w.circle, decision, "Tea at meetings")
    assert proposal.versions.get(number=1).text == "We bring our own cups."
    assert REASON in proposal.versions.get(number=1).driver
    assert AuditEvent.objects.filter(action="circles.appeal.reopen", reason="same circle").count() == 1
    html = w.clients["learning"].get(detail_url(w, decision)).content.decode()
    assert "Reopened after an appeal" in html and "The proposal made to look at it again: Tea at meetings" in html
    assert "I back this appeal" not in html


def test_backing_twice_or_after_it_finished_is_refused(circle_world):
    w = circle_world
    decision = record(w)
    appeal = start(w, decision, "outsider")
    with pytest.raises(ValidationError, match="You already back this appeal"):
        services.appeal_back(actor=w.user("outsider"), appeal=appeal)
    with pytest.raises(ValidationError, match="You took part"):
        services.appeal_back(actor=w.user("full"), appeal=appeal)
    services.appeal_withdraw(actor=w.user("outsider"), appeal=appeal)
    before = state()
    response = w.clients["guest"].post(appeal_url(w, decision, appeal, "appeal_back"), follow=True)
    assert "This appeal is finished: it cannot be backed any more." in response.content.decode()
    assert state() == before


def test_back_role_matrix_denied_roles_change_nothing(circle_world):
    w = circle_world
    decision = record(w)
    appeal = start(w, decision, "outsider")
    before = state()
    address = appeal_url(w, decision, appeal, "appeal_back")
    assert w.clients["anonymous"].post(address).status_code == REDIR
    assert w.clients["other_commons"].post(address).status_code == NF
    for role in ("full", "secretary"):  # took part: refused with the reason
        response = w.clients[role].post(address, follow=True)
        assert "You took part in this decision" in response.content.decode()
    assert w.clients["guest"].get(address).status_code == 405, "backing is a button (POST)"
    assert state() == before


# --- entered by the secretary ------------------------------------------------------------------
def test_the_secretary_enters_a_paper_backing_and_the_page_says_so(circle_world):
    w = circle_world
    decision = record(w)
    appeal = start(w, decision, "outsider")
    address = appeal_url(w, decision, appeal, "appeal_enter")
    expected = {**{role: NF for role in CIRCLE_ROLES}, "anonymous": REDIR, "secretary": OK, "facilitator": OK}
    for role, status in expected.items():
        assert w.clients[role].get(address).status_code == status, role
    page = w.clients["secretary"].get(address).content.decode()
    assert "Albert Absent" in page and "Femi Full" not in page and "Oona Outsider" not in page, "no one who took part or backs it"
    before = state()
    response = w.clients["guest"].post(address, {"person": w.absent.person.pk, "how": How.PAPER})
    assert response.status_code == NF and state() == before
    response = w.clients["secretary"].post(address, {"person": w.absent.person.pk, "how": How.PAPER})
    assert response.status_code == REDIR
    backer = AppealBacker.objects.get(person=w.absent.person)
    assert (backer.how, backer.recorded_by) == (How.PAPER, w.user("secretary"))
    event = AuditEvent.objects.get(action="circles.appeal.back")
    assert event.acting_for == w.absent.person.uuid and event.actor == w.user("secretary")
    html = w.clients["outsider"].get(detail_url(w, decision)).content.decode()
    assert "Entered by Sally Secretary for Albert Absent (on paper)" in html


def test_the_secretary_cannot_enter_someone_who_took_part(circle_world):
    w = circle_world
    decision = record(w, takers=("full", "secretary"))
    decision.takers.create(person=w.absent.person, kind="full", stakeholder="supported")
    appeal = start(w, decision, "outsider")
    with pytest.raises(ValidationError, match="Albert Absent took part in this decision"):
        services.appeal_back(actor=w.user("secretary"), appeal=appeal, person=w.absent.person, how=How.PAPER)
    stranger = member_with_login(w["other_commons"].commons, name="Far Away")
    with pytest.raises(ValidationError, match="Only members of the commons"):
        services.appeal_back(actor=w.user("secretary"), appeal=appeal, person=stranger.person, how=How.PHONE)
    with pytest.raises(ValidationError):
        services.appeal_back(actor=w.user("guest"), appeal=appeal, person=w.person("learning"), how=How.PAPER)
    assert appeal.backers.count() == 1


# --- the second appeal goes to the parent ------------------------------------------------------
def _reopen(w, decision, backers=("outsider", "guest", "learning")):
    appeal = start(w, decision, backers[0])
    for role in backers[1:]:
        services.appeal_back(actor=w.user(role), appeal=appeal)
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.REOPENED
    return appeal


def test_after_it_was_reopened_and_decided_again_the_next_appeal_goes_to_the_parent_circle(circle_world):
    w = circle_world
    decision = record(w, "Tea at meetings")
    first = _reopen(w, decision)
    with pytest.raises(ValidationError, match="already been reopened"):
        start(w, decision, "facilitator")
    # The circle decides again on the reopening proposal.
    again = record(w, "Tea and coffee at meetings", proposal=first.proposal, takers=("full", "secretary"))
    second = _reopen(w, again)
    assert second.to_circle == w.parent and second.proposal.circle == w.parent and second.proposal.reopens == again
    assert latest_version(again).status == DecisionStatus.REOPENED
    assert AuditEvent.objects.filter(action="circles.appeal.reopen", reason="parent circle").count() == 1
    html = w.clients["outsider"].get(detail_url(w, again)).content.decode()
    assert "It asks the General circle to look at the decision again." in html
    # Decided again, now by the parent circle: no third appeal.
    third = record(w, "Tea for everyone", circle=w.parent, proposal=second.proposal, takers=())
    with pytest.raises(ValidationError, match="by its own circle and by the circle above it"):
        start(w, third, "outsider")


def test_a_circle_with_no_parent_has_no_second_appeal(circle_world):
    w = circle_world
    top = make_circle(w.commons, name="Members' circle", kind="members")
    decision = record(w, circle=top, takers=())
    first = _reopen(w, decision)
    again = record(w, circle=top, proposal=first.proposal, takers=())
    with pytest.raises(ValidationError, match="no circle above"):
        start(w, again)


def test_the_detail_page_says_where_an_appeal_would_go(circle_world):
    w = circle_world
    decision = record(w)
    html = w.clients["outsider"].get(detail_url(w, decision)).content.decode()
    assert "Ask for it to be looked at again" in html and "The appeal would go to the Clapton local circle." in html


# --- withdrawing -------------------------------------------------------------------------------
def test_only_the_starter_or_the_secretary_withdraws(circle_world):
    w = circle_world
    decision = record(w)
    appeal = start(w, decision, "outsider")
    before = state()
    response = w.clients["guest"].post(appeal_url(w, decision, appeal, "appeal_withdraw"), follow=True)
    assert "Only the person who started the appeal" in response.content.decode() and state() == before
    w.clients["secretary"].post(appeal_url(w, decision, appeal, "appeal_withdraw"))
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.WITHDRAWN
    start(w, decision, "guest")  # a new appeal may start once the old one is withdrawn
