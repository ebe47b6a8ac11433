"""Circles and their people: who sees and changes what (the role matrix over every page and
action), starting, changing and ending circles, adding and removing people, and care teams as
circles hanging under a local circle."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from caringcity.circles.access import place_of
from caringcity.circles.models import Circle, CircleHatKind, CircleHatTerm, CircleKind, Participant, ParticipantKind, Stakeholder, TermStatus
from caringcity.circles.selectors import structure as selectors
from caringcity.circles.selectors.visibility import circles_visible_to
from caringcity.circles.services import structure as services
from caringcity.circles.tests.factories import make_circle
from caringcity.circles.tests.test_structure_world import (  # noqa: F401
    NF,
    OK,
    REDIR,
    ROLES,
    circle_world,
    curl,
    expect,
    fresh,
    make_team,
    team_world,
    world,
)
from caringcity.core.models import AuditEvent
from caringcity.core.testing import assert_matrix
from caringcity.people.models import Membership
from caringcity.people.tests.factories import MembershipFactory, PersonFactory, member_with_login

pytestmark = pytest.mark.django_db

KEEPS = dict(secretary=OK, leader=OK, organiser=OK)  # the circle's leader or secretary, or an organiser


def _clients(w):
    return {role: w.clients[role] for role in ROLES}


def _snapshot(circle):
    circle.refresh_from_db()
    return (circle.aim, circle.domain, circle.development_plan, circle.ended,
            sorted(Participant.objects.filter(circle=circle).values_list("person_id", "kind", "stakeholder", "left")),
            sorted(CircleHatTerm.objects.filter(circle=circle).values_list("pk", "status", "review_on")),
            Circle.objects.count())


# --- the role matrix over every page ---------------------------------------------------------------
def test_pages_anyone_in_the_commons_may_read(world):
    w = world
    list_url = reverse("circles:circle_list", args=[w.commons.slug])
    assert_matrix(_clients(w), list_url, expect(OK))
    assert_matrix(_clients(w), reverse("circles:structure", args=[w.commons.slug]), expect(OK))
    for name in ("circle_detail", "logbook", "hat_rotation"):
        assert_matrix(_clients(w), curl(name, w.circle), expect(OK))


def test_pages_that_change_the_circle(world):
    w = world
    facilitator_term = CircleHatTerm.objects.get(circle=w.circle, kind=CircleHatKind.FACILITATOR)
    secretary_term = CircleHatTerm.objects.get(circle=w.circle, kind=CircleHatKind.SECRETARY)
    full = Participant.objects.get(circle=w.circle, person=w.person("full"))
    assert_matrix(_clients(w), curl("circle_edit", w.circle), expect(NF, **KEEPS))
    assert_matrix(_clients(w), curl("participant_add", w.circle), expect(NF, **KEEPS))
    assert_matrix(_clients(w), curl("participant_change", w.circle, full.uuid), expect(NF, **KEEPS))
    assert_matrix(_clients(w), curl("participant_remove", w.circle, full.uuid), expect(NF, **KEEPS))
    assert_matrix(_clients(w), curl("circle_end", w.circle), expect(NF, organiser=OK))
    # The leader (and the secretary, who is the leader's back-stop) or an organiser hangs a team under the circle.
    assert_matrix(_clients(w), curl("link_team", w.circle), expect(NF, leader=OK, secretary=OK, organiser=OK))
    assert_matrix(_clients(w), reverse("circles:circle_create", args=[w.commons.slug]), expect(NF, organiser=OK))
    # Full participants, and those who keep the structure, nominate; guests and learners ask and react.
    assert_matrix(_clients(w), curl("term_nominate", w.circle), expect(NF, full=OK, facilitator=OK, **KEEPS))
    # The wearer hands their own hat back; the leader, secretary or an organiser may too.
    assert_matrix(_clients(w), curl("term_end", w.circle, facilitator_term.uuid), expect(NF, facilitator=OK, **KEEPS))
    assert_matrix(_clients(w), curl("term_end", w.circle, secretary_term.uuid), expect(NF, **KEEPS))
    assert_matrix(_clients(w), curl("term_review", w.circle, facilitator_term.uuid), expect(NF, **KEEPS))


def test_refused_posts_change_nothing(world):
    w = world
    full = Participant.objects.get(circle=w.circle, person=w.person("full"))
    term = CircleHatTerm.objects.get(circle=w.circle, kind=CircleHatKind.FACILITATOR)
    posts = [
        (curl("circle_edit", w.circle), {"aim": "Taken over", "domain": "Everything"}, KEEPS),
        (curl("participant_add", w.circle), {"person": w.person("outsider").pk, "kind": "full", "stakeholder": "volunteer"}, KEEPS),
        (curl("participant_change", w.circle, full.uuid), {"kind": "guest", "stakeholder": "other"}, KEEPS),
        (curl("participant_remove", w.circle, full.uuid), {}, KEEPS),
        (curl("circle_end", w.circle), {}, {"organiser": OK}),
        (curl("term_review", w.circle, term.uuid), {"note": "Fine", "next_review": "2099-01-01"}, KEEPS),
        (curl("term_end", w.circle, term.uuid), {"note": "Bye"}, {"facilitator": OK, **KEEPS}),
        (reverse("circles:circle_create", args=[w.commons.slug]),
         {"kind": "working", "parent": w.parent.pk, "name": "Sneaky", "aim": "x", "domain": "y"}, {"organiser": OK}),
    ]
    before = _snapshot(w.circle)
    for url, data, allowed in posts:
        for role in ROLES:
            if role in allowed:
                continue
            response = w.clients[role].post(url, data)
            assert response.status_code in (REDIR, NF), (url, role)
            if response.status_code == REDIR:
                assert "/accounts/login/" in response.url, (url, role)
    assert _snapshot(w.circle) == before


# --- circles: start, change, end -------------------------------------------------------------------
def test_an_organiser_starts_a_circle_under_a_parent(world):
    w = world
    url = reverse("circles:circle_create", args=[w.commons.slug])
    response = w.clients["organiser"].post(url, {"kind": "working", "parent": w.parent.pk, "name": "Training circle",
                                                 "aim": "Train new volunteers.", "domain": "Training days\nTraining budget"})
    circle = Circle.objects.get(name="Training circle")
    assert response.status_code == REDIR and response.url == curl("circle_detail", circle)
    assert circle.parent == w.parent and circle.kind == CircleKind.WORKING and circle.domain_lines == ["Training days", "Training budget"]
    assert AuditEvent.objects.filter(action="circles.circle.create", object_id=str(circle.uuid)).exists()


@pytest.mark.parametrize("data, field, words", [
    ({"kind": "members", "parent": "PARENT"}, "parent", "top circle"),
    ({"kind": "members", "parent": ""}, "kind", "already has a members"),
    ({"kind": "local", "parent": ""}, "parent", "Choose the circle this one hangs under"),
    ({"kind": "general", "parent": "PARENT"}, "parent", "cannot hang under"),
    ({"kind": "working", "parent": "PARENT", "name": "general circle"}, "name", "already an open circle"),
    ({"kind": "working", "parent": "PARENT", "domain": "  \n - \n"}, "domain", "at least one thing"),
])
def test_starting_a_circle_is_refused_with_a_reason_and_nothing_saved(world, data, field, words):
    w = world
    make_circle(w.commons, name="Members' circle", kind=CircleKind.MEMBERS)
    fields = {"name": "New circle", "aim": "An aim.", "domain": "One thing", **data}
    fields["parent"] = w.parent if fields["parent"] == "PARENT" else None
    before = Circle.objects.count()
    with pytest.raises(ValidationError) as error:
        services.circle_create(actor=fresh(w.user("organiser")), commons=w.commons, **fields)
    assert field in error.value.message_dict and words in " ".join(error.value.message_dict[field])
    assert Circle.objects.count() == before


def test_a_circle_cannot_hang_under_a_care_team(team_world):
    w = team_world
    with pytest.raises(ValidationError) as error:
        services.circle_create(actor=fresh(w.user("organiser")), commons=w.commons, parent=w.team_circle, kind=CircleKind.WORKING,
                               name="Under a team", aim="x", domain="y")
    assert "parent" in error.value.message_dict


def test_the_leader_changes_aim_domain_and_plan(world):
    w = world
    response = w.clients["leader"].post(curl("circle_edit", w.circle), {"aim": "A new aim.", "domain": "Local events\nThe local budget",
                                                                       "development_plan": "Meet by phone too."})
    assert response.status_code == REDIR
    w.circle.refresh_from_db()
    assert (w.circle.aim, w.circle.domain_lines, w.circle.development_plan) == ("A new aim.", ["Local events", "The local budget"], "Meet by phone too.")
    response = w.clients["leader"].post(curl("circle_edit", w.circle), {"aim": "", "domain": "x"})
    assert response.status_code == 400 and "There is a problem" in response.content.decode()
    w.circle.refresh_from_db()
    assert w.circle.aim == "A new aim."


def test_ending_a_circle_is_refused_while_circles_hang_under_it(world):
    w = world
    response = w.clients["organiser"].post(curl("circle_end", w.parent))
    page = response.content.decode()
    assert response.status_code == 400 and "still has circles under it" in page and w.circle.name in page
    w.parent.refresh_from_db()
    assert w.parent.ended is None


def test_ending_a_circle_hands_hats_back_and_its_people_leave(world):
    w = world
    response = w.clients["organiser"].post(curl("circle_end", w.circle))
    assert response.status_code == REDIR
    w.circle.refresh_from_db()
    assert w.circle.ended == timezone.localdate()
    assert not CircleHatTerm.objects.filter(circle=w.circle, status=TermStatus.HELD).exists()
    assert CircleHatTerm.objects.filter(circle=w.circle, status=TermStatus.ENDED).count() == 3
    assert not Participant.objects.current().filter(circle=w.circle).exists()
    # It is still there to read, under "Circles that have ended", and can no longer be changed.
    page = w.clients["full"].get(reverse("circles:circle_list", args=[w.commons.slug])).content.decode()
    assert "Circles that have ended" in page and w.circle.name in page
    assert w.clients["organiser"].get(curl("circle_edit", w.circle)).status_code == NF
    assert w.clients["full"].get(curl("circle_detail", w.circle)).status_code == OK
    # Now nothing hangs under the general circle, so it can end too.
    services.circle_end(actor=fresh(w.user("organiser")), circle=w.parent)


def test_ending_is_refused_while_a_nomination_waits(world):
    w = world
    CircleHatTerm.objects.create(circle=w.circle, kind=CircleHatKind.COACH, holder=w.person("full"), backstop=w.person("leader"),
                                 starts=timezone.localdate(), ends=timezone.localdate().replace(year=timezone.localdate().year + 1),
                                 review_on=timezone.localdate().replace(year=timezone.localdate().year + 1))
    with pytest.raises(ValidationError, match="waiting for consent"):
        services.circle_end(actor=fresh(w.user("organiser")), circle=w.circle)
    w.circle.refresh_from_db()
    assert w.circle.ended is None


# --- people in a circle ----------------------------------------------------------------------------
def test_the_secretary_adds_changes_and_removes_someone(world):
    w = world
    client = w.clients["secretary"]
    response = client.post(curl("participant_add", w.circle), {"person": w.person("outsider").pk, "kind": "guest", "stakeholder": "partner"})
    assert response.status_code == REDIR
    place = Participant.objects.current().get(circle=w.circle, person=w.person("outsider"))
    assert (place.kind, place.stakeholder) == (ParticipantKind.GUEST, Stakeholder.PARTNER)
    assert client.post(curl("participant_change", w.circle, place.uuid), {"kind": "learning", "stakeholder": "family"}).status_code == REDIR
    place.refresh_from_db()
    assert (place.kind, place.stakeholder) == (ParticipantKind.LEARNING, Stakeholder.FAMILY)
    assert client.post(curl("participant_remove", w.circle, place.uuid)).status_code == REDIR
    place.refresh_from_db()
    assert place.left == timezone.localdate()
    assert place_of(w.circle, w.person("outsider")) == ("", "")


def test_only_active_members_of_the_commons_join_a_circle(world, other_commons):
    w = world
    actor = fresh(w.user("secretary"))
    gone = MembershipFactory(commons=w.commons, person=PersonFactory(name="Gwen Gone"), status=Membership.Status.LEFT)
    elsewhere = member_with_login(other_commons, name="Ella Elsewhere")
    before = Participant.objects.count()
    for person in (gone.person, elsewhere.person):
        with pytest.raises(ValidationError) as error:
            services.participant_add(actor=actor, circle=w.circle, person=person, kind="full", stakeholder="volunteer")
        assert "Only active members" in " ".join(error.value.message_dict["person"])
    with pytest.raises(ValidationError, match="already in this circle"):
        services.participant_add(actor=actor, circle=w.circle, person=w.person("full"), kind="full", stakeholder="volunteer")
    assert Participant.objects.count() == before
    # The page offers only people who can join, and refuses anyone else next to the field.
    page = w.clients["secretary"].get(curl("participant_add", w.circle)).content.decode()
    assert "Oona Outsider" in page and "Gwen Gone" not in page and "Femi Full" not in page
    response = w.clients["secretary"].post(curl("participant_add", w.circle), {"person": gone.person.pk, "kind": "full", "stakeholder": "volunteer"})
    assert response.status_code == 400 and Participant.objects.count() == before


def test_someone_wearing_a_hat_or_standing_in_cannot_be_removed(world):
    w = world
    for role, words in (("facilitator", "wears the facilitator hat"), ("secretary", "back-stop for the facilitator hat")):
        place = Participant.objects.current().get(circle=w.circle, person=w.person(role))
        response = w.clients["organiser"].post(curl("participant_remove", w.circle, place.uuid))
        assert response.status_code == 400 and words in response.content.decode(), role
        place.refresh_from_db()
        assert place.left is None


def test_the_circle_page_groups_people_and_shows_hats(world):
    w = world
    page = w.clients["outsider"].get(curl("circle_detail", w.circle)).content.decode()
    for words in ("Full participant (5)", "Learning participant (1)", "Guest (1)", "Getting support", "Partner organisation",
                  "Hats worn now", "Fatima Facilitator", "Back-stop"):
        assert words in page, words
    assert "Add someone to the circle" not in page and "Change the aim" not in page
    page = w.clients["secretary"].get(curl("circle_detail", w.circle)).content.decode()
    assert "Add someone to the circle" in page and "Change the aim" in page and "End this circle" not in page


# --- care teams are circles too --------------------------------------------------------------------
def test_linking_a_team_makes_its_circle_with_the_teams_people(team_world):
    w = team_world
    circle = w.team_circle
    assert (circle.kind, circle.team, circle.parent, circle.name) == (CircleKind.TEAM, w.team, w.circle, "Tess's team")
    assert "Tess" in circle.aim and len(circle.domain_lines) >= 3
    assert place_of(circle, w.person("owner")) == (ParticipantKind.FULL, Stakeholder.SUPPORTED)
    assert place_of(circle, w.person("proxy")) == (ParticipantKind.FULL, Stakeholder.FAMILY)
    assert place_of(circle, w.person("mate")) == (ParticipantKind.FULL, Stakeholder.VOLUNTEER)
    names = [place.person.name for place in selectors.people_in(circle)]
    assert names == ["Milo Mate", "Pip Proxy", "Tess Teamowner"]
    # Its people are managed on the team's page, never here.
    with pytest.raises(ValidationError, match="come from the team"):
        services.participant_add(actor=fresh(w.user("organiser")), circle=circle, person=w.person("full"), kind="full", stakeholder="volunteer")
    assert w.clients["organiser"].get(curl("participant_add", circle)).status_code == NF


def test_team_circle_pages_and_who_edits_them(team_world):
    w = team_world
    clients = {role: w.clients[role] for role in (*ROLES, "owner", "proxy", "mate")}
    view = {role: NF for role in clients} | dict(anonymous=REDIR, owner=OK, proxy=OK, mate=OK, organiser=OK)
    assert_matrix(clients, curl("circle_detail", w.team_circle), view)
    # The team's owner side changes its aim and domain, as they change the team's details.
    assert_matrix(clients, curl("circle_edit", w.team_circle), {**view, "mate": NF})
    response = w.clients["owner"].post(curl("circle_edit", w.team_circle), {"aim": "Tess lives well at home.", "domain": "The rota"})
    assert response.status_code == REDIR
    w.team_circle.refresh_from_db()
    assert w.team_circle.aim == "Tess lives well at home."


def test_moving_a_team_and_who_may_link(team_world):
    w = team_world
    other_local = make_circle(w.commons, name="Clapton Park", parent=w.parent)
    with pytest.raises(ValidationError, match="already hangs under"):
        services.team_circle_link(actor=fresh(w.user("organiser")), team=w.team, parent=w.circle)
    with pytest.raises(ValidationError) as error:
        services.team_circle_link(actor=fresh(w.user("organiser")), team=w.team, parent=w.parent)
    assert "local circle" in " ".join(error.value.message_dict["parent"])
    # The local circle's leader may link a team, but only one they can see.
    with pytest.raises(ValidationError, match="can see"):
        services.team_circle_link(actor=fresh(w.user("leader")), team=w.team, parent=w.circle)
    with pytest.raises(ValidationError, match="organiser or the local circle's leader"):
        services.team_circle_link(actor=fresh(w.user("full")), team=w.team, parent=w.circle)
    moved = services.team_circle_link(actor=fresh(w.user("organiser")), team=w.team, parent=other_local)
    assert moved.pk == w.team_circle.pk and moved.parent == other_local
    assert Circle.objects.filter(team=w.team).count() == 1


def test_the_leader_links_a_team_they_are_in_from_the_circle_page(world):
    w = world
    team = make_team(w.commons, w.person("leader"), "Leo's team")
    hidden = make_team(w.commons, w.person("outsider"), "Oona's team")
    page = w.clients["leader"].get(curl("link_team", w.circle)).content.decode()
    assert "Leo&#x27;s team" in page and "Oona" not in page
    response = w.clients["leader"].post(curl("link_team", w.circle), {"team": team.pk})
    assert response.status_code == REDIR
    assert Circle.objects.get(team=team).parent == w.circle
    assert w.clients["leader"].post(curl("link_team", w.circle), {"team": hidden.pk}).status_code == 400
    assert not Circle.objects.filter(team=hidden).exists()


def test_an_organiser_links_a_team_from_the_team_page(world):
    w = world
    team = make_team(w.commons, w.person("full"), "Femi's team")
    url = reverse("circles:team_circle_link", args=[w.commons.slug, team.uuid])
    assert w.clients["full"].get(url).status_code == NF  # the owner sees the team but may not link it
    response = w.clients["organiser"].post(url, {"parent": w.circle.pk})
    circle = Circle.objects.get(team=team)
    assert response.status_code == REDIR and response.url == curl("circle_detail", circle)


def test_the_team_page_panel_shows_the_circle_to_people_who_see_the_team(team_world):
    w = team_world
    page = w.clients["mate"].get(reverse("teams:team_detail", args=[w.commons.slug, w.team.uuid])).content.decode()
    assert "The team as a circle" in page and curl("circle_detail", w.team_circle) in page and w.circle.name in page
    assert selectors.team_panel(fresh(w.user("outsider")), w.team) is None
    unlinked = make_team(w.commons, w.person("full"), "Femi's team")
    page = w.clients["full"].get(reverse("teams:team_detail", args=[w.commons.slug, unlinked.uuid])).content.decode()
    assert "does not hang under a local circle yet" in page and "Choose the local circle" not in page
    assert selectors.team_panel(fresh(w.user("organiser")), unlinked)["can_link"] is True


def test_view_rule_and_its_twin_agree_with_team_circles(team_world):
    w = team_world
    other_team = make_team(w.commons, w.person("guest"), "Gita's team")
    services.team_circle_link(actor=fresh(w.user("organiser")), team=other_team, parent=w.circle)
    circles = list(Circle.objects.filter(commons=w.commons))
    assert len(circles) == 4
    for role in (*ROLES, "owner", "proxy", "mate"):
        user = w.user(role)
        if user is None:
            continue
        twin = set(circles_visible_to(fresh(user), w.commons))
        for circle in circles:
            assert fresh(user).has_perm("circles.view_circle", circle) == (circle in twin), (role, circle.name)
    assert {c.name for c in circles_visible_to(fresh(w.user("mate")), w.commons)} == {"General circle", "Clapton local circle", "Tess's team"}
    assert {c.name for c in circles_visible_to(fresh(w.user("guest")), w.commons)} == {"General circle", "Clapton local circle", "Gita's team"}


def test_hidden_team_circles_are_only_counted(team_world):
    w = team_world
    services.team_circle_link(actor=fresh(w.user("organiser")), team=make_team(w.commons, w.person("guest"), "Gita's team"), parent=w.circle)
    page = w.clients["full"].get(reverse("circles:circle_list", args=[w.commons.slug])).content.decode()
    assert "2 care teams" in page and "Tess&#x27;s team" not in page and "Gita&#x27;s team" not in page
    page = w.clients["mate"].get(curl("circle_detail", w.circle)).content.decode()
    assert "Tess&#x27;s team" in page and "1 care team" in page and "Gita&#x27;s team" not in page
    page = w.clients["organiser"].get(reverse("circles:structure", args=[w.commons.slug])).content.decode()
    assert "Tess&#x27;s team" in page and "Gita&#x27;s team" in page and "you are not in them" not in page


def test_the_commons_home_links_to_the_circles(world):
    w = world
    page = w.clients["outsider"].get(reverse("people:commons", args=[w.commons.slug])).content.decode()
    assert reverse("circles:circle_list", args=[w.commons.slug]) in page
    assert reverse("circles:structure", args=[w.commons.slug]) in page



def test_linking_from_the_team_page_role_matrix(team_world):
    w = team_world
    unlinked = make_team(w.commons, w.person("full"), "Femi's team")
    clients = {role: w.clients[role] for role in (*ROLES, "owner", "proxy", "mate")}
    url = reverse("circles:team_circle_link", args=[w.commons.slug, unlinked.uuid])
    # Only organisers link from the team page (a local circle's leader does it from the circle's page).
    assert_matrix(clients, url, {role: NF for role in clients} | dict(anonymous=REDIR, organiser=OK))
    for role in clients:
        if role != "organiser":
            clients[role].post(url, {"parent": w.circle.pk})
    assert not Circle.objects.filter(team=unlinked).exists()
