"""Reads for proposals: who answers a circle's consent round, a proposal's whole history in order
(versions, rounds, who said what, objections and how they were resolved), a circle's list of
proposals, and what is waiting for someone's answer across the circles of a commons.

Every function here runs a fixed number of queries, whatever the number of rounds or answers."""

from django.db.models import Count, OuterRef, Q, Subquery
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from caringcity.circles.access import circle_standing
from caringcity.circles.models import (
    OPEN_STAGES,
    Circle,
    ConsentAnswer,
    How,
    Participant,
    ParticipantKind,
    Proposal,
    ProposalStage,
    ProposalVersion,
    Resolution,
    ResolutionTool,
    Response,
    Round,
    RoundKind,
)
from caringcity.people import selectors as people
from caringcity.people.models import Person

# How an answer reached the record, as the end of a sentence ("Entered by Janet for Arthur (on paper)").
HOW_WORDS = {
    How.ONLINE: _("on this website"),
    How.MEETING: _("in the meeting"),
    How.PHONE: _("by phone"),
    How.PAPER: _("on paper"),
}

# Each stage in words, for lists (what is happening now, not the name of the round).
STAGE_WORDS = {
    ProposalStage.CLARIFYING: _("Questions round: ask what you need to understand it"),
    ProposalStage.REACTIONS: _("Reactions round: say what you think of it"),
    ProposalStage.CONSENT: _("Consent round: full participants give their answer"),
    ProposalStage.RESOLVING: _("Working through objections"),
    ProposalStage.ADOPTED: _("Adopted"),
    ProposalStage.PASSED_UP: _("Passed to the circle above"),
    ProposalStage.WITHDRAWN: _("Withdrawn"),
}

ROUND_FOR_STAGE = {
    ProposalStage.CLARIFYING: RoundKind.CLARIFYING,
    ProposalStage.REACTIONS: RoundKind.REACTIONS,
    ProposalStage.CONSENT: RoundKind.CONSENT,
}


def full_participants(circle):
    """The people who answer the circle's consent round now (full participants), by name. For a
    care team's circle: the owner, the owner's proxies and the team's current members."""
    if circle.is_team:
        from caringcity.people.models import Proxy

        team = circle.team
        members = team.members.current().values("person")
        proxies = Proxy.objects.current().filter(principal_id=team.owner_id).values("proxy")
        return list(Person.objects.filter(Q(pk=team.owner_id) | Q(pk__in=members) | Q(pk__in=proxies)).select_related("user").order_by("name"))
    return [p.person for p in Participant.objects.current().filter(circle=circle, kind=ParticipantKind.FULL)
            .select_related("person", "person__user").order_by("person__name")]


def access_proposal(user, commons, proposal_uuid):
    """The proposal, or 404 when it is not in this commons or its circle is out of the user's reach."""
    proposal = (Proposal.objects.filter(circle__commons=commons, uuid=proposal_uuid)
                .select_related("circle", "circle__commons", "circle__parent", "circle__team", "brought_by", "acting_for",
                                "created_by", "created_by__person", "passed_from", "passed_from__circle", "reopens")
                .first())
    if proposal is None or not circle_standing(user, proposal.circle).can_view:
        raise Http404
    return proposal


def latest_version(proposal):
    return proposal.versions.order_by("-number").first()


def current_round(proposal):
    """The round open now (the last one, when the stage has a round), or None."""
    kind = ROUND_FOR_STAGE.get(proposal.stage)
    if kind is None:
        return None
    last = proposal.rounds.order_by("-number").select_related("version").first()
    return last if last is not None and last.kind == kind and last.closed_at is None else None


def open_objections(proposal):
    """The objections of the last consent round: the ones the circle works through now, in the order
    they were given (``proposal_resolve`` names its fields by this order: ``objection_1_tools``…)."""
    last = proposal.rounds.filter(kind=RoundKind.CONSENT).order_by("-number").first()
    if last is None:
        return []
    return list(last.responses.filter(answer=ConsentAnswer.OBJECT).select_related("person", "recorded_by_person").order_by("created", "pk"))


def tool_labels(values):
    return [str(ResolutionTool(v).label) for v in values if v in ResolutionTool.values]


def _decorate(response):
    response.how_words = HOW_WORDS.get(response.how, "")
    return response


def proposal_history(proposal):
    """Everything that happened to a proposal, in order, for the page and the printed record:

    - ``versions``: each wording, oldest first, with ``tool_labels`` (how objections changed it)
      and ``resolution_list`` (the objections that led to it);
    - ``rounds``: each round in order, with its ``version`` and ``responses`` (each with
      ``how_words``; ``entered_for`` when a secretary entered it for the person); a consent round
      also has ``counts`` (answers of each kind);
    - ``objections``: every objection ever given, oldest first, each with its ``resolution_list``.

    Four queries, whatever the number of rounds and answers."""
    versions = list(ProposalVersion.objects.filter(proposal=proposal).select_related("created_by", "created_by__person").order_by("number"))
    rounds = list(Round.objects.filter(proposal=proposal).select_related("version").order_by("number"))
    responses = list(Response.objects.filter(round__proposal=proposal)
                     .select_related("person", "recorded_by_person", "replied_by").order_by("created", "pk"))
    resolutions = list(Resolution.objects.filter(proposal=proposal)
                       .select_related("objection", "objection__person", "new_version", "by", "by__person").order_by("created", "pk"))
    by_round = {}
    for response in responses:
        by_round.setdefault(response.round_id, []).append(_decorate(response))
    by_objection, by_version = {}, {}
    for resolution in resolutions:
        resolution.tool_labels = tool_labels(resolution.tools)
        by_objection.setdefault(resolution.objection_id, []).append(resolution)
        by_version.setdefault(resolution.new_version_id, []).append(resolution)
    for version in versions:
        version.tool_labels = tool_labels(version.tools)
        version.resolution_list = by_version.get(version.pk, [])
    objections = []
    for round_ in rounds:
        round_.responses_list = by_round.get(round_.pk, [])
        if round_.kind == RoundKind.CONSENT:
            round_.counts = {answer: sum(1 for r in round_.responses_list if r.answer == answer) for answer in ConsentAnswer.values}
            for response in round_.responses_list:
                if response.answer == ConsentAnswer.OBJECT:
                    response.resolution_list = by_objection.get(response.pk, [])
                    response.round_number = round_.number
                    response.version_number = round_.version.number
                    objections.append(response)
    return {"proposal": proposal, "versions": versions, "rounds": rounds, "objections": objections,
            "latest": versions[-1] if versions else None}


def circle_proposals(circle):
    """(open, finished) querysets of a circle's proposals, newest first, each annotated with
    ``answers`` (answers in its open consent round, if one is open) and ``brought_by`` loaded."""
    answers = (Response.objects.filter(round__proposal=OuterRef("pk"), round__kind=RoundKind.CONSENT, round__closed_at__isnull=True)
               .exclude(answer="").order_by().values("round__proposal").annotate(n=Count("pk")).values("n"))
    base = (Proposal.objects.filter(circle=circle).select_related("brought_by", "passed_from", "passed_from__circle")
            .annotate(answers=Subquery(answers[:1])))
    return base.filter(stage__in=OPEN_STAGES).order_by("-created"), base.exclude(stage__in=OPEN_STAGES).order_by("-updated")


def stage_words(stage):
    return STAGE_WORDS.get(stage, "")


def _circles_of(person, commons):
    """{circle id: participant kind} of the circles the person is in now (team circles: full)."""
    from caringcity.circles.selectors.visibility import _team_ids_of

    kinds = dict(Participant.objects.current().filter(circle__commons=commons, person=person, circle__ended__isnull=True)
                 .values_list("circle_id", "kind"))
    for circle_id in Circle.objects.filter(commons=commons, team_id__in=_team_ids_of(person), ended__isnull=True).values_list("pk", flat=True):
        kinds[circle_id] = ParticipantKind.FULL
    return kinds


def waiting_for(user, commons):
    """What is waiting for this person's answer across the circles they are in:
    ``consent`` (consent rounds they answer and have not), ``reactions`` (reactions rounds they
    have not joined), ``questions`` (questions rounds open now) and ``replies`` (questions about
    proposals they brought that have no answer yet). Each is a list of proposals with ``circle``
    loaded. A fixed number of queries."""
    membership = people.membership_of(user, commons)
    empty = {"consent": [], "reactions": [], "questions": [], "replies": []}
    if membership is None:
        return empty
    person = membership.person
    kinds = _circles_of(person, commons)
    last_round = Round.objects.filter(proposal=OuterRef("pk")).order_by("-number")
    proposals = list(Proposal.objects.filter(Q(circle_id__in=kinds) | Q(brought_by=person, circle__commons=commons),
                                             stage__in=[ProposalStage.CLARIFYING, ProposalStage.REACTIONS, ProposalStage.CONSENT])
                     .select_related("circle").annotate(last_round=Subquery(last_round.values("pk")[:1])).order_by("-created"))
    round_ids = [p.last_round for p in proposals]
    mine = set(Response.objects.filter(round_id__in=round_ids, person=person).values_list("round_id", flat=True))
    unanswered = set(Response.objects.filter(round_id__in=round_ids, round__kind=RoundKind.CLARIFYING, reply="",
                                             round__proposal__brought_by=person).values_list("round_id", flat=True))
    result = {"consent": [], "reactions": [], "questions": [], "replies": []}
    for proposal in proposals:
        kind = kinds.get(proposal.circle_id, "")
        proposal.stage_words = stage_words(proposal.stage)
        if proposal.stage == ProposalStage.CONSENT and kind == ParticipantKind.FULL and proposal.last_round not in mine:
            result["consent"].append(proposal)
        elif proposal.stage == ProposalStage.REACTIONS and kind and proposal.last_round not in mine:
            result["reactions"].append(proposal)
        elif proposal.stage == ProposalStage.CLARIFYING:
            if proposal.brought_by_id == person.pk and proposal.last_round in unanswered:
                result["replies"].append(proposal)
            elif kind:
                result["questions"].append(proposal)
    return result


# --- for evaluation indicators ---
def concern_proposals_for_indicators(commons):
    """Every proposal in the commons' circles where someone answered a consent round with a concern
    or an objection (one query): ``id, circle_id, stage, first_raised, concerns, objections,
    decided`` (``decided``: the proposal led to a decision record)."""
    from django.db.models import Exists, Min

    from caringcity.circles.models import Decision

    raised = Q(rounds__kind=RoundKind.CONSENT, rounds__responses__answer__in=[ConsentAnswer.CONCERN, ConsentAnswer.OBJECT])
    return list(
        Proposal.objects.filter(circle__commons=commons).filter(raised)
        .annotate(first_raised=Min("rounds__responses__created", filter=raised),
                  concerns=Count("rounds__responses", filter=Q(rounds__kind=RoundKind.CONSENT,
                                                               rounds__responses__answer=ConsentAnswer.CONCERN)),
                  objections=Count("rounds__responses", filter=Q(rounds__kind=RoundKind.CONSENT,
                                                                 rounds__responses__answer=ConsentAnswer.OBJECT)),
                  decided=Exists(Decision.objects.filter(proposal=OuterRef("pk"))))
        .values("id", "circle_id", "stage", "first_raised", "concerns", "objections", "decided")
    )


def circles_for_indicators(commons):
    """Every circle of the commons: ``id, uuid, name, team_id, ended`` (one query)."""
    return list(Circle.objects.filter(commons=commons).values("id", "uuid", "name", "team_id", "ended").order_by("name", "pk"))


def participant_rows_for_indicators(commons):
    """Every place anyone had in the commons' circles: ``circle_id, person_id, joined, left``
    (dates; one query)."""
    return list(Participant.objects.filter(circle__commons=commons).values_list("circle_id", "person_id", "joined", "left"))
