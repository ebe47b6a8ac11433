"""Queryset twins of the view rules, used by every part: which circles, decisions and meetings
this user may see. Tests hold them in agreement with ``rules.py``."""

from django.db.models import OuterRef, Q, Subquery

from caringcity.circles.models import Circle, Decision, DecisionVersion, Participant, ParticipantKind
from caringcity.people import selectors as people
from caringcity.people.models import Proxy
from caringcity.teams.models import TeamMember


def _team_ids_of(person):
    """Teams the person is in: as owner, owner's proxy or current member."""
    owned = set(person.owned_teams.values_list("pk", flat=True))
    member = set(TeamMember.objects.current().filter(person=person).values_list("team_id", flat=True))
    principals = Proxy.objects.current().filter(proxy=person).values_list("principal_id", flat=True)
    proxied = set(Circle.objects.filter(team__owner_id__in=principals).values_list("team_id", flat=True))
    return owned | member | proxied


def circles_visible_to(user, commons):
    """Twin of ``circles.view_circle``: every circle of the commons for its members, except team
    circles, which only the team's people and the commons' organisers see."""
    membership = people.membership_of(user, commons)
    if membership is None:
        return Circle.objects.none()
    circles = Circle.objects.filter(commons=commons)
    if membership.is_organiser:
        return circles
    return circles.filter(Q(team__isnull=True) | Q(team_id__in=_team_ids_of(membership.person)))


def confidential_circle_ids(user, commons):
    """Circles whose confidential records this user may read (twin of ``circles.view_confidential``):
    where they are a full or learning participant, including the team circles they are in."""
    cache = user.__dict__.setdefault("_cc_confidential_circles", {}) if getattr(user, "is_authenticated", False) else {}
    if commons.pk in cache:
        return cache[commons.pk]
    membership = people.membership_of(user, commons)
    if membership is None:
        return set()
    person = membership.person
    ids = set(Participant.objects.current().filter(circle__commons=commons, person=person,
                                                   kind__in=[ParticipantKind.FULL, ParticipantKind.LEARNING])
              .values_list("circle_id", flat=True))
    ids |= set(Circle.objects.filter(commons=commons, team_id__in=_team_ids_of(person)).values_list("pk", flat=True))
    cache[commons.pk] = ids
    return ids


def with_latest(decisions):
    """Annotate decisions with their latest version's id (``latest_id``), status and confidentiality."""
    latest = DecisionVersion.objects.filter(decision=OuterRef("pk")).order_by("-number")
    return decisions.annotate(latest_id=Subquery(latest.values("pk")[:1]),
                              latest_status=Subquery(latest.values("status")[:1]),
                              latest_confidential=Subquery(latest.values("confidential")[:1]))


def decisions_visible_to(user, commons):
    """Decisions this user may see, annotated as ``with_latest``. A confidential decision still
    shows in the log to the commons, with its number, date and reason but not its text; callers
    hide the text with ``can_read``. This returns only decisions of circles the user may see."""
    return with_latest(Decision.objects.filter(circle__in=circles_visible_to(user, commons)))


def can_read(user, commons, circle_id, confidential):
    """May this user read the text of a record (a decision or minutes) of this circle?"""
    return (not confidential) or circle_id in confidential_circle_ids(user, commons)
