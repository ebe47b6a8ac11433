"""Demo lab, partnerships part: the Clapton care pilot partnership (four partners, each with a named
person who signs; commitments with one overdue; one joint decision every side agreed and one
waiting only for the council, so Tom can sign in and agree), and the campaign to save Chatsworth
Road Market. Safe to run twice. Fills ``ctx["lab"]["partnerships"]`` and ``["campaigns"]``."""

import datetime

from django.utils import timezone

from caringcity.lab.models import Campaign, CampaignAction, CampaignEvidence, Commitment, JointDecision, Partner, Partnership, SignOff
from caringcity.lab.selectors.partnerships import map_ally_choices
from caringcity.people.models import Membership, OrganisationMembership, Person

# Fictional people with no login who sign for their side (their answers were given on paper or in a
# meeting and entered by the organiser).
PAPER_SIGNATORIES = [("university", "Dr Helen Marsh"), ("health", "Adebayo Okafor")]


def _paper_person(network, group, name):
    person = Person.objects.filter(name=name, user__isnull=True).first() or Person.objects.create(name=name)
    Membership.objects.update_or_create(commons=network, person=person,
                                        defaults={"role": Membership.Role.MEMBER, "status": Membership.Status.ACTIVE})
    OrganisationMembership.objects.get_or_create(organisation=group, person=person)
    return person


def _partnership(lab, today):
    network, groups, people = lab["commons"], lab["groups"], lab["people"]
    paper = {key: _paper_person(network, groups[key], name) for key, name in PAPER_SIGNATORIES}
    project = (lab.get("projects") or {}).get("care_pilot")
    partnership, _ = Partnership.objects.update_or_create(commons=network, name="Clapton care pilot partnership", defaults={
        "purpose": "Neighbours, the council, the NHS and a university work as equals so that people who get care in "
                   "Clapton lead their own care teams, and we learn together whether it works and what it costs.",
        "how_we_decide": "Every partner names one person who signs for them. A decision is made only when each of them has "
                         "agreed. Anyone can say \"not yet\" and what needs to change; the decision then waits.",
        "started_on": today - datetime.timedelta(days=200), "ended_on": today + datetime.timedelta(days=365), "project": project})
    sides = [
        ("clapton_commons", people["organiser"], "Runs the five care teams and the neighbourhood care commons"),
        ("university", paper["university"], "Runs the evaluation with the care teams"),
        ("council", people["council_officer"], "Gives social workers time to take part; shares data; looks at commissioning"),
        ("health", paper["health"], "Funds the pilot and links it to the neighbourhood health teams"),
    ]
    partners = {}
    for key, signatory, role in sides:
        partners[key], _ = Partner.objects.update_or_create(partnership=partnership, organisation=groups[key],
                                                            defaults={"signatory": signatory, "role": role, "left_on": None})
    day = datetime.timedelta(days=1)
    commitments = [
        ("clapton_commons", Commitment.Kind.TIME, "Organisers' time to start and coach five care teams", {"hours": 400}, today + 60 * day, None),
        ("university", Commitment.Kind.TIME, "Researchers' time for the co-produced evaluation", {"hours": 240}, today + 90 * day, None),
        ("university", Commitment.Kind.DATA, "Share the evaluation results back with every care team", {}, today + 120 * day, None),
        ("council", Commitment.Kind.DATA, "Share anonymised data on care hours and costs with the evaluation", {}, today - 21 * day, None),
        ("council", Commitment.Kind.DECISIONS, "Decide whether to commission the care commons model", {}, today + 150 * day, None),
        ("health", Commitment.Kind.MONEY, "Fund the pilot's first year", {"amount_pence": 1_500_000}, today - 40 * day, today - 45 * day),
    ]
    for key, kind, what, amounts, due_on, done_on in commitments:
        Commitment.objects.update_or_create(partner=partners[key], what=what, defaults={
            "kind": kind, "hours": amounts.get("hours"), "amount_pence": amounts.get("amount_pence"), "due_on": due_on, "done_on": done_on})
    return partnership, partners


def _decisions(lab, partnership, partners, today):
    policies = lab.get("policies") or {}
    organiser = lab["people"]["organiser"]
    agreed, _ = JointDecision.objects.update_or_create(partnership=partnership, title="How we share what the care teams learn", defaults={
        "summary": "What the care teams learn belongs to them first. The university shares findings with each team before "
                   "anyone else, and nothing is published without the team's say.",
        "text": "1. Each care team sees its own findings first and may add its own words.\n2. Published findings never name "
                "a person receiving care.\n3. Every partner receives the evaluation report at the same time.",
        "proposed_on": today - 60 * datetime.timedelta(days=1), "proposed_by": organiser,
        "agreed_at": timezone.now() - datetime.timedelta(days=50)})
    for key, partner in partners.items():
        SignOff.objects.update_or_create(decision=agreed, partner=partner,
                                         defaults={"person": partner.signatory, "answer": SignOff.Answer.AGREE, "note": ""})
    agreed.policies.set([p for p in [policies.get("coproduction")] if p is not None])

    waiting, _ = JointDecision.objects.update_or_create(
        partnership=partnership, title="Give social workers two hours a week for their care teams", defaults={
            "summary": "Each social worker with a person in the pilot gets two hours a week to take part in that person's "
                       "care team meetings. The council counts this as part of their work.",
            "text": "From next month, social workers with a person in the pilot may spend up to two hours a week with that "
                    "person's self-managing care team. The hours are recorded and shared with the evaluation.",
            "proposed_on": today - 10 * datetime.timedelta(days=1), "proposed_by": organiser, "agreed_at": None})
    for key, partner in partners.items():
        if key == "council":
            SignOff.objects.filter(decision=waiting, partner=partner).delete()  # the council has not answered yet
        else:
            SignOff.objects.update_or_create(decision=waiting, partner=partner,
                                             defaults={"person": partner.signatory, "answer": SignOff.Answer.AGREE, "note": ""})
    waiting.policies.set([p for p in [policies.get("partnerships"), policies.get("care_hubs")] if p is not None])
    return agreed, waiting


def _campaign(lab, today):
    network, groups, people = lab["commons"], lab["groups"], lab["people"]
    campaign, _ = Campaign.objects.update_or_create(commons=network, name="Save Chatsworth Road Market", defaults={
        "place": "Chatsworth Road Sunday market, Clapton", "postcode": "E5 0LH",
        "threat": "A redevelopment plan for the car park site would take the space where half the stalls stand, "
                  "with no promise that the market comes back.",
        "aim": "Keep the market where it is, with every trader's pitch, and write it into the borough's local plan "
               "as a place for the community.",
        "state": Campaign.State.ACTIVE, "outcome": "", "public": True})
    campaign.allies.set([groups["market_traders"], groups["food_hub"], groups["tenants"]])
    policy = (lab.get("policies") or {}).get("coproduction")
    campaign.policies.set([policy] if policy is not None else [])
    campaign.ally_actors = [str(actor.uuid) for actor in map_ally_choices(network)
                            if actor.kind in ("market", "food_hub", "grassroots")][:3]
    campaign.save(update_fields=["ally_actors", "updated"])
    day = datetime.timedelta(days=1)
    actions = [
        ("Survey every trader about what the market means to them", today - 40 * day, today - 38 * day, people["organiser"]),
        ("Count shoppers on two Sundays", today - 20 * day, today - 14 * day, people["member"]),
        ("Write to every councillor for the ward", today - 5 * day, None, people["member"]),
        ("Speak at the planning committee", today + 30 * day, None, people["organiser"]),
    ]
    for title, due_on, done_on, owner in actions:
        CampaignAction.objects.update_or_create(campaign=campaign, title=title,
                                                defaults={"due_on": due_on, "done_on": done_on, "owner": owner})
    evidence = [
        (CampaignEvidence.Kind.TRADER_SURVEY, "Trader survey", today - 38 * day, 42,
         "Most traders say the market is their only place to sell. Many have traded here for over ten years."),
        (CampaignEvidence.Kind.SHOPPER_SURVEY, "Shopper survey", today - 14 * day, 318,
         "Most shoppers walk to the market. Many come for food they cannot buy anywhere else nearby."),
        (CampaignEvidence.Kind.FOOTFALL, "Footfall count, first Sunday", today - 21 * day, 2140, "Counted from 9am to 4pm at both ends of the road."),
        (CampaignEvidence.Kind.FOOTFALL, "Footfall count, second Sunday", today - 14 * day, 2610, "Counted from 9am to 4pm at both ends of the road."),
    ]
    for kind, title, on, count, notes in evidence:
        CampaignEvidence.objects.update_or_create(campaign=campaign, title=title,
                                                  defaults={"kind": kind, "on": on, "count": count, "notes": notes})
    return campaign


def build(ctx):
    lab = ctx["lab"]
    today = timezone.localdate()
    partnership, partners = _partnership(lab, today)
    agreed, waiting = _decisions(lab, partnership, partners, today)
    campaign = _campaign(lab, today)
    lab["partnerships"] = {"care_pilot": partnership, "decision_agreed": agreed, "decision_waiting": waiting}
    lab["campaigns"] = {"market": campaign}
