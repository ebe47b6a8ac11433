"""The structure diagram (a well-formed SVG with a title, the leaders and delegates, and the same
as a list), the logbook's sections in order, and pages whose query count does not grow with the
number of circles, people and hats."""

import re
import xml.etree.ElementTree as ET
from datetime import timedelta
from itertools import count

import pytest
from django.urls import reverse
from django.utils import timezone

from caringcity.circles.models import CircleHatKind, CircleHatTerm, CircleKind, ParticipantKind, Stakeholder, TermStatus
from caringcity.circles.selectors import structure as selectors
from caringcity.circles.services import structure as services
from caringcity.circles.tests.factories import add_participant, give_circle_hat, make_circle
from caringcity.circles.tests.test_structure_world import circle_world, curl, fresh, make_team, team_world, world  # noqa: F401
from caringcity.circles.views.base import register_logbook_section
from caringcity.core.testing import assert_queries_constant
from caringcity.people.tests.factories import member_with_login

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


def _svg(page, title_id):
    match = re.search(r'<svg xmlns="http://www.w3.org/2000/svg".*?</svg>', page, re.S)
    assert match, "no SVG on the page"
    root = ET.fromstring(match.group(0))  # well-formed XML, or this raises
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    assert root.get("aria-labelledby", "").split()[0] == title_id
    title = root.find(f"{SVG}title")
    assert title is not None and title.get("id") == title_id and title.text.strip()
    assert root.find(f"{SVG}desc") is not None
    return root


def _texts(root):
    return [element.text for element in root.iter(f"{SVG}text")]


# --- the diagram ----------------------------------------------------------------------------------
def test_the_diagram_is_an_svg_with_the_leader_and_delegate_of_each_link(team_world):
    w = team_world
    give_circle_hat(w.circle, w.person("full"), CircleHatKind.DELEGATE, backstop=w.person("learning"))
    give_circle_hat(w.parent, w.person("organiser"), CircleHatKind.LEADER, backstop=w.person("secretary"))
    page = w.clients["full"].get(reverse("circles:structure", args=[w.commons.slug])).content.decode()
    root = _svg(page, "structure-title")
    texts = _texts(root)
    assert "General circle" in texts and "Clapton local circle" in texts
    assert "↓ Leader: Leo" in texts and "↑ Delegate: Femi Full" in texts and "Leader: Orla Organiser" in texts
    # Femi is not in Tess's team: it is drawn only as a count.
    assert "1 care team" in texts and "Tess's team" not in texts and "Tess" not in ET.tostring(root, encoding="unicode")
    desc = root.find(f"{SVG}desc").text
    assert "Clapton local circle (Local circle), under General circle: leader Leo, delegate Femi Full." in desc
    # The list beside it says the same in words.
    listed = page[page.index('id="as-a-list"'):]
    assert "Leader, linking down from General circle:" in listed and "<strong>Leo</strong>" in listed
    assert "Delegate, linking up to General circle:" in listed and "<strong>Femi Full</strong>" in listed
    assert "1 care team" in listed


def test_the_diagram_names_team_circles_for_their_people(team_world):
    w = team_world
    root = _svg(w.clients["mate"].get(reverse("circles:structure", args=[w.commons.slug])).content.decode(), "structure-title")
    assert "Tess's team" in _texts(root) and not any("care team" in (t or "") and t[0].isdigit() for t in _texts(root))


def test_the_layout_centres_parents_over_children_without_overlap(team_world):
    w = team_world
    make_circle(w.commons, name="Clapton Park", parent=w.parent)
    chart = selectors.diagram(selectors.circle_tree(fresh(w.user("organiser")), w.commons))
    boxes = chart["boxes"]
    by_title = {box["title"]: box for box in boxes}
    general, north, park = by_title["General circle"], by_title["Clapton local circle"], by_title["Clapton Park"]
    assert general["y"] < north["y"] == park["y"] < by_title["Tess's team"]["y"]
    assert general["cx"] == (north["cx"] + park["cx"]) // 2
    for a in boxes:
        for b in boxes:
            if a is not b and a["y"] == b["y"]:
                assert a["x"] + a["w"] <= b["x"] or b["x"] + b["w"] <= a["x"], "boxes overlap"
    assert all(0 <= box["x"] and box["x"] + box["w"] <= chart["width"] for box in boxes)
    assert all(box["y"] + box["h"] <= chart["height"] for box in boxes)
    assert len(chart["lines"]) == 3


def test_the_diagram_prints(world):
    page = world.clients["full"].get(reverse("circles:structure", args=[world.commons.slug])).content.decode()
    assert 'media="print"' in page and "Printed on" in page and 'class="print-only"' in page


# --- the logbook ----------------------------------------------------------------------------------
def test_the_logbook_has_its_sections_in_order_and_other_parts_can_add_theirs(world):
    w = world
    w.circle.development_plan = "Meet in the library once a month."
    w.circle.save()
    register_logbook_section(40, "circles/structure/logbook/_test_section.html", lambda request, circle: None)  # shows nothing
    page = w.clients["outsider"].get(curl("logbook", w.circle)).content.decode()
    aim, people, plan = page.index("Aim and domain"), page.index("Membership and hats"), page.index("Development plan")
    assert aim < people < plan
    assert "Meet in the library once a month." in page and "Fatima Facilitator" in page and "Starting new care teams" in page
    assert "Printed on" in page and 'aria-current="page"' in page
    assert "Change</span>" not in page and "Hand back" not in page  # a record to read and print, not to act on


# --- query counts ---------------------------------------------------------------------------------
@pytest.fixture
def grower(team_world):
    """Each call adds a local circle with people, hats (worn and ended), a circle under it, a
    nomination, a care team hanging under the local circle, and people and hats on the main circle."""
    w = team_world
    n = count()
    today = timezone.localdate()

    def grow():
        i = next(n)
        local = make_circle(w.commons, name=f"Local {i}", parent=w.parent)
        make_circle(w.commons, name=f"Working {i}", kind=CircleKind.WORKING, parent=local)
        people = [member_with_login(w.commons, name=f"Person {i}-{j}").person for j in range(3)]
        for j, person in enumerate(people):
            add_participant(local, person, ParticipantKind.FULL, Stakeholder.VOLUNTEER)
            add_participant(w.circle, person, (ParticipantKind.FULL, ParticipantKind.LEARNING, ParticipantKind.GUEST)[j], Stakeholder.OTHER)
        give_circle_hat(local, people[0], CircleHatKind.LEADER, backstop=people[1])
        give_circle_hat(local, people[1], CircleHatKind.DELEGATE, backstop=people[2])
        give_circle_hat(w.circle, people[0], CircleHatKind.COACH, backstop=people[1])
        CircleHatTerm.objects.create(circle=w.circle, kind=CircleHatKind.RECRUITER, holder=people[1], backstop=people[0],
                                     status=TermStatus.ENDED, starts=today - timedelta(days=400), ends=today - timedelta(days=40),
                                     review_on=today - timedelta(days=200), ended_at=timezone.now() - timedelta(days=40))
        CircleHatTerm.objects.create(circle=w.circle, kind=CircleHatKind.FINANCE, holder=people[0], backstop=people[1],
                                     status=TermStatus.NOMINATED, starts=today, ends=today + timedelta(days=300),
                                     review_on=today + timedelta(days=100))
        services.team_circle_link(actor=fresh(w.user("organiser")), team=make_team(w.commons, people[2], f"Team {i}"), parent=w.circle)

    return w, grow


@pytest.mark.parametrize("role", ["full", "organiser", "mate"])
def test_circle_list_and_diagram_queries_stay_constant(grower, role):
    w, grow = grower
    assert_queries_constant(w.clients[role], reverse("circles:circle_list", args=[w.commons.slug]), grow)
    assert_queries_constant(w.clients[role], reverse("circles:structure", args=[w.commons.slug]), grow)


@pytest.mark.parametrize("name", ["circle_detail", "logbook", "hat_rotation"])
def test_circle_page_queries_stay_constant(grower, name):
    w, grow = grower
    assert_queries_constant(w.clients["secretary"], curl(name, w.circle), grow)


def test_team_circle_page_queries_stay_constant(grower):
    from caringcity.teams.models import MemberKind, MemberStatus, TeamMember

    w, grow = grower

    def grow_team():
        grow()
        person = member_with_login(w.commons, name=f"Mate {TeamMember.objects.count()}").person
        TeamMember.objects.create(team=w.team, person=person, kind=MemberKind.FRIEND, status=MemberStatus.ACTIVE)

    assert_queries_constant(w.clients["owner"], curl("circle_detail", w.team_circle), grow_team)
