"""The foundation every part stands on: standing, the state machines, decision records."""

import pytest
from django.core.exceptions import ValidationError

from caringcity.circles import states
from caringcity.circles.access import circle_standing
from caringcity.circles.models import DecisionKind, DecisionStatus, ProposalStage, TermStatus
from caringcity.circles.selectors.visibility import circles_visible_to, decisions_visible_to
from caringcity.circles.services.records import decision_record, decision_revise
from caringcity.circles.tests.factories import CIRCLE_ROLES, circle_world  # noqa: F401

pytestmark = pytest.mark.django_db


def test_standing_over_the_roles(circle_world):
    w = circle_world
    got = {role: (circle_standing(w.user(role), w.circle).can_view if w.user(role) else False,
                  circle_standing(w.user(role), w.circle).kind if w.user(role) else "",
                  circle_standing(w.user(role), w.circle).is_facilitator if w.user(role) else False)
           for role in CIRCLE_ROLES}
    assert got == {
        "anonymous": (False, "", False), "other_commons": (False, "", False), "outsider": (True, "", False),
        "guest": (True, "guest", False), "learning": (True, "learning", False), "full": (True, "full", False),
        "secretary": (True, "full", True),  # the facilitator's back-stop
        "facilitator": (True, "full", True),
    }


def test_view_rule_and_its_twin_agree(circle_world):
    w = circle_world
    for role in CIRCLE_ROLES:
        user = w.user(role)
        if user is None:
            continue
        twin = set(circles_visible_to(user, w.commons))
        for circle in (w.circle, w.parent):
            assert user.has_perm("circles.view_circle", circle) == (circle in twin), role


def test_refused_moves_say_why():
    with pytest.raises(ValidationError) as error:
        states.check("proposal", ProposalStage.CLARIFYING, "to_consent")
    assert "after the reactions round" in str(error.value)
    assert states.check("term", TermStatus.NOMINATED, "take_up") == TermStatus.HELD
    assert "close_consent" in states.allowed_moves("proposal", ProposalStage.CONSENT)


def test_decision_records_are_append_only(circle_world):
    w = circle_world
    actor = w.user("secretary")
    decision = decision_record(actor=actor, circle=w.circle, kind=DecisionKind.POLL, title="Tea at meetings",
                               text="We bring our own cups.", takers=[w.person("full"), w.person("secretary")])
    assert decision.number == 1 and decision.takers.count() == 2
    version = decision_revise(actor=actor, decision=decision, note="Reviewed: still right.", status=DecisionStatus.ENDED)
    assert [v.number for v in decision.versions.all()] == [1, 2] and version.text == "We bring our own cups."
    assert decision.versions.get(number=1).status == DecisionStatus.IN_FORCE
    with pytest.raises(ValidationError):
        decision_revise(actor=actor, decision=decision, note="", status=DecisionStatus.IN_FORCE)
    with pytest.raises(ValidationError):
        decision_record(actor=actor, circle=w.circle, kind=DecisionKind.POLL, title="x", text="y", confidential=True)
    assert decision.versions.count() == 2 and w.circle.decisions.count() == 1
    assert set(decisions_visible_to(w.user("outsider"), w.commons)) == {decision}
    assert not decisions_visible_to(w.user("other_commons"), w.commons).exists()
