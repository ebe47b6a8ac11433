"""The list of who looked says every action in words, including the "<app>.<thing>.<verb>"
actions later apps record."""

import pytest

from caringcity.core.services import audit_record
from caringcity.people import selectors
from caringcity.people.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("action, label", [
    ("networks.map_node.add", "added"),
    ("networks.map_tie.change", "changed"),
    ("networks.map_tie.remove", "removed"),
    ("circles.decision.revise", "changed"),
    ("view", "looked at"),
])
def test_app_actions_read_as_words(commons, action, label):
    owner = MembershipFactory(commons=commons).person
    audit_record(actor=None, action=action, obj=owner, commons=commons, subject=owner)
    (event,) = selectors.access_log(commons, owner)
    assert str(event.action_label) == label
