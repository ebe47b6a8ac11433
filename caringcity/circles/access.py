"""How the signed-in user stands towards one circle, cached per request, and the fetch-and-check
helpers the views use. Out of scope and not allowed both answer 404.

For an ordinary circle the people are its current ``Participant`` rows. A care team is a circle
too: its people are the team's owner and their proxy (as people getting support and family) and
the team's current members, all full participants; its records stay inside the team."""

from dataclasses import dataclass, field

from django.http import Http404

from caringcity.circles.models import Circle, CircleHatKind, CircleHatTerm, Participant, ParticipantKind, Stakeholder, TermStatus
from caringcity.people import selectors as people
from caringcity.teams import selectors as teams
from caringcity.teams.models import MemberKind

TEAM_STAKEHOLDER = {
    MemberKind.FAMILY: Stakeholder.FAMILY,
    MemberKind.FRIEND: Stakeholder.FAMILY,
    MemberKind.WORKER_EMPLOYED: Stakeholder.WORKER,
    MemberKind.WORKER_SELF: Stakeholder.WORKER,
    MemberKind.VOLUNTEER: Stakeholder.VOLUNTEER,
    MemberKind.PEER: Stakeholder.VOLUNTEER,
    MemberKind.PROFESSIONAL: Stakeholder.PARTNER,
    MemberKind.STARTER: Stakeholder.WORKER,
}


@dataclass
class CircleStanding:
    circle: Circle
    membership: object  # people.Membership in the circle's commons, or None
    kind: str = ""  # ParticipantKind value, or "" when not in the circle
    stakeholder: str = ""
    hats: frozenset = field(default_factory=frozenset)  # hats worn now
    backstop_for: frozenset = field(default_factory=frozenset)  # hats they are the back-stop for
    facilitator_held: bool = False  # somebody wears the facilitator hat now

    person = property(lambda self: self.membership.person if self.membership else None)
    is_commons_member = property(lambda self: self.membership is not None)
    is_organiser = property(lambda self: bool(self.membership and self.membership.is_organiser))
    in_circle = property(lambda self: bool(self.kind))
    is_full = property(lambda self: self.kind == ParticipantKind.FULL)
    is_learning = property(lambda self: self.kind == ParticipantKind.LEARNING)
    is_guest = property(lambda self: self.kind == ParticipantKind.GUEST)

    def wears(self, hat):
        """Wears the hat now, or is its named back-stop."""
        return hat in self.hats or hat in self.backstop_for

    @property
    def can_view(self):
        """May see the circle, its open records, log and minutes."""
        if self.circle.is_team:
            return self.in_circle or self.is_organiser
        return self.is_commons_member

    @property
    def sees_confidential(self):
        """Confidential minutes and decisions stay with the circle's full and learning participants."""
        return self.is_full or self.is_learning

    @property
    def is_facilitator(self):
        """Runs the rounds: the facilitator or their back-stop; while nobody wears the hat, the
        leader, and for a circle with no leader either, the commons' organisers."""
        if self.wears(CircleHatKind.FACILITATOR):
            return True
        if self.facilitator_held:
            return False
        return self.wears(CircleHatKind.LEADER) or self.is_organiser

    @property
    def is_secretary(self):
        """Keeps the logbook and enters answers given by phone or on paper."""
        return self.wears(CircleHatKind.SECRETARY) or self.is_facilitator

    @property
    def is_leader(self):
        return self.wears(CircleHatKind.LEADER)

    @property
    def keeps_structure(self):
        """May change the circle's people, aim and plan: its leader or secretary, or an organiser."""
        return self.wears(CircleHatKind.LEADER) or self.wears(CircleHatKind.SECRETARY) or self.is_organiser


def _team_place(circle, person):
    team = circle.team
    if team.owner_id == person.pk:
        return ParticipantKind.FULL, Stakeholder.SUPPORTED
    member = team.members.current().filter(person=person).first()
    if member is not None:
        return ParticipantKind.FULL, TEAM_STAKEHOLDER.get(member.kind, Stakeholder.OTHER)
    from caringcity.people.models import Proxy

    if Proxy.objects.current().filter(principal_id=team.owner_id, proxy=person).exists():
        return ParticipantKind.FULL, Stakeholder.FAMILY
    return "", ""


def place_of(circle, person):
    """(participant kind, stakeholder) of a person in a circle now, or ("", "")."""
    if person is None:
        return "", ""
    if circle.is_team:
        return _team_place(circle, person)
    row = Participant.objects.current().filter(circle=circle, person=person).values_list("kind", "stakeholder").first()
    return row or ("", "")


def circle_standing(user, circle):
    cache = user.__dict__.setdefault("_cc_circle_standing", {}) if getattr(user, "is_authenticated", False) else {}
    if circle.pk in cache:
        return cache[circle.pk]
    membership = people.membership_of(user, circle.commons)
    result = CircleStanding(circle, membership)
    if membership is not None:
        person = membership.person
        result.kind, result.stakeholder = place_of(circle, person)
        held = list(CircleHatTerm.objects.filter(circle=circle, status=TermStatus.HELD).values_list("kind", "holder_id", "backstop_id"))
        result.hats = frozenset(k for k, holder, _b in held if holder == person.pk)
        result.backstop_for = frozenset(k for k, _h, backstop in held if backstop == person.pk)
        result.facilitator_held = any(k == CircleHatKind.FACILITATOR for k, _h, _b in held)
    cache[circle.pk] = result
    return result


def access_circle(user, commons, circle_uuid):
    """The circle, or 404 when it is not in this commons or the user may not see it."""
    circle = Circle.objects.filter(commons=commons, uuid=circle_uuid).select_related("commons", "parent", "team", "team__owner").first()
    if circle is None or not circle_standing(user, circle).can_view:
        raise Http404
    return circle


def circle_for(request, slug, circle_uuid, perm="circles.view_circle"):
    """(commons, circle, standing) or 404: out of scope and not allowed look the same."""
    from caringcity.people.views import _commons

    commons, _membership = _commons(request, slug)
    circle = access_circle(request.user, commons, circle_uuid)
    if not request.user.has_perm(perm, circle):
        raise Http404
    request.circle = circle
    return commons, circle, circle_standing(request.user, circle)
