"""Build teams the way people do, through the services, so tests exercise the real rules."""

from caringcity.teams import services
from caringcity.teams.models import MemberKind


def make_team(personas, commons, **kwargs):
    """A team for the ``owner`` persona, started by the organiser."""
    return services.team_create(actor=personas.user("organiser"), commons=commons, owner=personas["owner"].person, **kwargs)


def add_member(team, personas, membership, kind=MemberKind.FRIEND, trial_sessions=0):
    """Invite ``membership.person`` as the owner and have them accept."""
    member = services.member_invite(actor=personas.user("owner"), team=team, person=membership.person, kind=kind, trial_sessions=trial_sessions)
    return services.member_accept(actor=membership.person.user, member=member)
