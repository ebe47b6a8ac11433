"""Reads for care teams. ``teams_visible_to`` is the queryset twin of the ``teams.view_team``
rule; ``access_team`` fetches and checks in one call and answers 404 when out of scope."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import Http404
from django.utils import timezone

from caringcity.people import selectors as people
from caringcity.people.models import Person, Proxy
from caringcity.teams.models import (
    CURRENT_STATUSES,
    ESSENTIAL_HATS,
    ChecklistTick,
    Hat,
    HatKind,
    HatTerm,
    MatchRequest,
    MemberKind,
    MemberStatus,
    Notice,
    Stage,
    StageChange,
    Team,
    TeamMember,
    TermStatus,
)


@dataclass
class Standing:
    """How the signed-in user stands towards one team."""

    person: Person | None
    member: TeamMember | None
    is_owner: bool
    is_proxy: bool
    is_starter: bool
    is_organiser: bool

    @property
    def is_current_member(self):
        return self.member is not None and self.member.status in CURRENT_STATUSES

    @property
    def owner_side(self):
        """May act for the owner: the owner, their proxy, or the team's current Team Starter."""
        return self.is_owner or self.is_proxy or self.is_starter

    @property
    def can_view(self):
        return self.owner_side or self.is_current_member or self.is_organiser

    @property
    def in_team(self):
        return self.owner_side or self.is_current_member


def standing(user, team):
    """Cached per user and team for the length of a request."""
    cache = user.__dict__.setdefault("_cc_team_standing", {}) if getattr(user, "is_authenticated", False) else {}
    if team.pk in cache:
        return cache[team.pk]
    membership = people.membership_of(user, team.commons)
    person = membership.person if membership else None
    if person is None:
        result = Standing(None, None, False, False, False, False)
    else:
        member = TeamMember.objects.filter(team=team, person=person).exclude(
            status__in=[MemberStatus.DECLINED, MemberStatus.TRIAL_ENDED, MemberStatus.LEFT]
        ).first()
        result = Standing(
            person=person,
            member=member,
            is_owner=team.owner_id == person.pk,
            is_proxy=people.is_proxy_for(person, team.commons, team.owner),
            is_starter=bool(member and member.kind == MemberKind.STARTER and member.status in CURRENT_STATUSES),
            is_organiser=membership.is_organiser,
        )
    cache[team.pk] = result
    return result


def teams_visible_to(user, commons):
    """Twin of rules ``teams.view_team``: owner, owner's proxy, current members (incl. the
    starter and people on trial or notice), and organisers of the commons."""
    membership = people.membership_of(user, commons)
    if membership is None:
        return Team.objects.none()
    teams = Team.objects.filter(commons=commons)
    if membership.is_organiser:
        return teams
    me = membership.person
    proxied = Proxy.objects.current().filter(commons=commons, proxy=me, principal=OuterRef("owner"))
    member = TeamMember.objects.filter(team=OuterRef("pk"), person=me, status__in=CURRENT_STATUSES)
    return teams.filter(Q(owner=me) | Exists(proxied) | Exists(member))


def access_team(user, commons, team_uuid):
    team = Team.objects.filter(commons=commons, uuid=team_uuid).select_related("owner", "commons").first()
    if team is None or not standing(user, team).can_view:
        raise Http404
    return team


def team_list(user, commons):
    return (
        teams_visible_to(user, commons)
        .select_related("owner")
        .annotate(member_count=Count("members", filter=Q(members__status__in=CURRENT_STATUSES), distinct=True))
        .order_by("name", "pk")
    )


def current_members(team):
    return team.members.current().select_related("person").order_by("status", "person__name")


def pending_members(team):
    return team.members.filter(status__in=[MemberStatus.INVITED, MemberStatus.REQUESTED]).select_related("person")


def hats_with_terms(team):
    """Each hat with its current (held or nominated) terms and their consents, in a fixed number of queries."""
    open_terms = HatTerm.objects.filter(status__in=[TermStatus.NOMINATED, TermStatus.HELD]).select_related("holder", "nominated_by").prefetch_related("consents__person")
    return team.hats.prefetch_related(Prefetch("terms", queryset=open_terms, to_attr="open_terms")).order_by("kind", "name")


def hat_history(team):
    return HatTerm.objects.filter(hat__team=team).select_related("hat", "holder", "nominated_by").order_by("-created")


def possible_hat_holders(team):
    """Who may wear a hat: the owner and members who are active or on trial (as services check)."""
    members = TeamMember.objects.filter(team=team, status__in=[MemberStatus.ACTIVE, MemberStatus.TRIAL]).values("person")
    return Person.objects.filter(Q(pk=team.owner_id) | Q(pk__in=members)).order_by("name")


def upcoming_check_ins(team, days=60):
    horizon = timezone.localdate() + timezone.timedelta(days=days)
    return (
        HatTerm.objects.filter(hat__team=team, status=TermStatus.HELD, check_in__lte=horizon)
        .select_related("hat", "holder").order_by("check_in")
    )


def notices(team, limit=20):
    return Notice.objects.filter(team=team).select_related("author", "acting_for")[:limit]


def independence(team):
    """Whether the team can run without its Team Starter, with the reasons for each check."""
    in_team = set(
        TeamMember.objects.filter(team=team, status__in=CURRENT_STATUSES).exclude(kind=MemberKind.STARTER)
        .values_list("person_id", flat=True)
    )
    held = {
        kind for kind, holder in HatTerm.objects.filter(hat__team=team, status=TermStatus.HELD).values_list("hat__kind", "holder_id")
        if holder in in_team
    }
    missing = [HatKind(kind).label for kind in ESSENTIAL_HATS if kind not in held]
    owner_involved = team.owner.user_id is not None or Proxy.objects.current().filter(commons=team.commons, principal=team.owner).exists()
    checks = [
        ("hats", not missing, missing),
        ("rota", team.rota_running, []),
        ("owner", owner_involved, []),
    ]
    return {"ready": all(ok for _k, ok, _m in checks), "checks": checks, "missing_hats": missing}


def checklist_ticks(team):
    """item -> ChecklistTick (with who ticked it), for every stage's checklist."""
    return {t.item: t for t in ChecklistTick.objects.filter(team=team).select_related("by__person")}


def stage_history(team):
    return StageChange.objects.filter(team=team).select_related("by__person", "acting_for").order_by("-created", "-pk")


def current_match_request(team):
    return team.match_requests.filter(closed=False).first()


def open_call_outs(commons):
    return (
        MatchRequest.objects.filter(team__commons=commons, published=True, closed=False)
        .exclude(team__stage=Stage.ENDED).select_related("team").order_by("-created")
    )


def access_call_out(commons, uuid):
    call_out = open_call_outs(commons).filter(uuid=uuid).first()
    if call_out is None:
        raise Http404
    return call_out


def my_team_memberships(user, commons):
    person = people.person_for_user(user)
    if person is None:
        return TeamMember.objects.none()
    return TeamMember.objects.filter(team__commons=commons, person=person).exclude(
        status__in=[MemberStatus.DECLINED, MemberStatus.TRIAL_ENDED, MemberStatus.LEFT]
    ).select_related("team", "team__owner")


def people_for_invite(team):
    """Members of the commons who could be invited (not already in or invited to this team)."""
    taken = TeamMember.objects.filter(team=team).exclude(
        status__in=[MemberStatus.DECLINED, MemberStatus.TRIAL_ENDED, MemberStatus.LEFT]
    ).values("person")
    return people.people_in_commons(team.commons).exclude(pk__in=taken).exclude(pk=team.owner_id).order_by("name")


def match_outcomes(commons):
    """Owners by demographic group: how many have a team with at least one supporter, and how many
    are still waiting. So the commons sees who is left without a team."""
    from caringcity.people.models import GettingSupportProfile

    teams = list(Team.objects.filter(commons=commons).exclude(stage=Stage.ENDED).select_related("owner"))
    supported = set(
        TeamMember.objects.filter(team__in=teams, status__in=CURRENT_STATUSES).exclude(kind=MemberKind.STARTER)
        .values_list("team_id", flat=True)
    )
    profiles = {
        p.person_id: p for p in GettingSupportProfile.objects.filter(commons=commons, person__in=[t.owner_id for t in teams])
    }
    groups = {"age_band": {}, "gender": {}, "ethnic_group": {}}
    for team in teams:
        profile = profiles.get(team.owner_id)
        for field, rows in groups.items():
            value = getattr(profile, field, "") if profile else ""
            if field == "age_band" and value:
                value = str(GettingSupportProfile.AgeBand(value).label)
            row = rows.setdefault(value or "", {"owners": 0, "with_team": 0, "waiting": 0})
            row["owners"] += 1
            row["with_team"] += team.pk in supported
            row["waiting"] += team.pk not in supported
    return {"groups": groups, "total": len(teams), "with_team": len(supported & {t.pk for t in teams})}


def members_around(commons, person):
    """The current members of the open teams ``person`` owns in ``commons`` (with their person and
    team), for the networks app's care maps: everyone in someone's care team is on their map."""
    return (TeamMember.objects.current()
            .filter(team__commons=commons, team__owner=person)
            .exclude(team__stage=Stage.ENDED)
            .select_related("person", "team").order_by("person__name"))


# --- for evaluation indicators ---
# Set-based reads for every team of a commons at once (a fixed number of queries, whatever the
# number of teams): the evaluation app computes its indicators from these.

def teams_for_indicators(commons):
    """Every team of the commons with when it was first contacted and when it first ran by itself:
    ``id, uuid, name, owner_id, created, first_change, independent_at`` (one query). ``first_change``
    is the earliest stage change (the "Team started" record), ``independent_at`` the first move to
    "Running by itself", or None."""
    from django.db.models import Min

    return list(
        Team.objects.filter(commons=commons)
        .annotate(first_change=Min("stage_changes__created"),
                  independent_at=Min("stage_changes__created", filter=Q(stage_changes__to_stage=Stage.INDEPENDENT)))
        .values("id", "uuid", "name", "owner_id", "created", "first_change", "independent_at")
        .order_by("name", "pk")
    )


def member_rows_for_indicators(commons):
    """Every membership row of the commons' teams: ``team_id, person_id, kind, joined, ended``
    (one query). ``joined`` is None for people who never started (invitations, requests)."""
    return list(TeamMember.objects.filter(team__commons=commons)
                .values_list("team_id", "person_id", "kind", "joined", "ended"))


def hat_terms_for_indicators(commons):
    """Every hat term that was ever worn in the commons' teams: ``team_id, holder_id, starts,
    created, ended_at`` (one query). Nominations never confirmed are left out."""
    return list(HatTerm.objects.filter(hat__team__commons=commons, status__in=[TermStatus.HELD, TermStatus.ENDED])
                .values_list("hat__team_id", "holder_id", "starts", "created", "ended_at"))


# --- for evaluation surveys ---
# Who a survey round may ask, by the part they play in a care team. The evaluation app names the
# groups; here each current member's kind is mapped to one (Team Starters and professionals are
# not asked as team members).
SURVEY_GROUP_OF_KIND = {
    MemberKind.FAMILY: "family", MemberKind.FRIEND: "family",
    MemberKind.WORKER_EMPLOYED: "workers", MemberKind.WORKER_SELF: "workers",
    MemberKind.VOLUNTEER: "volunteers", MemberKind.PEER: "volunteers",
}


def open_teams(commons):
    """The commons' teams that have not ended, by name (for choosing some of them)."""
    return Team.objects.filter(commons=commons).exclude(stage=Stage.ENDED).order_by("name")


def people_by_survey_group(commons, groups, *, team_ids=None):
    """[(person_id, group, team_id)] for the open teams of ``commons`` (only ``team_ids`` when
    given): their owners ("team_owners") and current members in ``groups`` ("family", "workers",
    "volunteers"). Two queries, whatever the number of teams."""
    teams = Team.objects.filter(commons=commons).exclude(stage=Stage.ENDED)
    if team_ids is not None:
        teams = teams.filter(pk__in=team_ids)
    rows = []
    if "team_owners" in groups:
        rows += [(owner_id, "team_owners", team_id) for team_id, owner_id in teams.values_list("pk", "owner_id")]
    kinds = [kind for kind, group in SURVEY_GROUP_OF_KIND.items() if group in groups]
    if kinds:
        members = (TeamMember.objects.current().filter(team__in=teams, kind__in=kinds)
                   .values_list("person_id", "kind", "team_id").order_by("pk"))
        rows += [(person_id, SURVEY_GROUP_OF_KIND[kind], team_id) for person_id, kind, team_id in members]
    return rows
