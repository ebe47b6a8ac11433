"""How the signed-in user stands towards a team's rota and records: the team standing from the
teams app plus the hats they hold now. Cached per request like ``teams.selectors.standing``."""

from dataclasses import dataclass

from django.http import Http404

from caringcity.teams import selectors as teams
from caringcity.teams.models import PAID_KINDS, HatKind, HatTerm, TermStatus


@dataclass
class RecordStanding:
    team: object
    base: object  # teams.selectors.Standing
    hats: frozenset

    person = property(lambda self: self.base.person)
    is_owner = property(lambda self: self.base.is_owner)
    is_proxy = property(lambda self: self.base.is_proxy)
    is_organiser = property(lambda self: self.base.is_organiser)
    owner_side = property(lambda self: self.base.owner_side)
    in_team = property(lambda self: self.base.in_team)
    can_view = property(lambda self: self.base.can_view)
    is_current_member = property(lambda self: self.base.is_current_member)

    @property
    def is_paid_worker(self):
        return self.base.is_current_member and self.base.member.kind in PAID_KINDS

    @property
    def is_rota_holder(self):
        return HatKind.ROTA_HOLDER in self.hats

    @property
    def is_mar_holder(self):
        return HatKind.MAR_HOLDER in self.hats

    @property
    def is_safeguarding_lead(self):
        return HatKind.SAFEGUARDING_LEAD in self.hats

    @property
    def plans_rota(self):
        """May plan visits, cancel them, ask people to cover and swap people."""
        return self.owner_side or self.is_rota_holder

    @property
    def acting_for(self):
        """Recorded on writes: a proxy acts for the owner."""
        return self.team.owner if (self.is_proxy and not self.is_owner) else None


def record_standing(user, team):
    cache = user.__dict__.setdefault("_cc_record_standing", {}) if getattr(user, "is_authenticated", False) else {}
    if team.pk in cache:
        return cache[team.pk]
    base = teams.standing(user, team)
    hats = frozenset()
    if base.person is not None and base.in_team:
        hats = frozenset(HatTerm.objects.filter(hat__team=team, holder=base.person, status=TermStatus.HELD)
                         .values_list("hat__kind", flat=True))
    result = RecordStanding(team, base, hats)
    cache[team.pk] = result
    return result


def team_for(request, slug, team_uuid, perm="visits.view_rota"):
    """(commons, team, record standing) or 404."""
    from caringcity.teams.views.base import team_for as teams_team_for

    commons, team, _standing = teams_team_for(request, slug, team_uuid)
    if not request.user.has_perm(perm, team):
        raise Http404
    return commons, team, record_standing(request.user, team)
