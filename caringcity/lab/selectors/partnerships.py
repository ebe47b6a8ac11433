"""Reads of the partnerships part: partnerships with their partners, commitments and decisions;
campaigns with allies, actions, evidence and the footfall chart. Every page function runs a fixed
number of queries whatever the data.

Queryset twins of the rules (held in agreement by a test): ``lab.sign_off`` (Partner) is
``partners_signable_by``; ``lab.sign_decision`` (JointDecision) is ``decisions_signable_by``."""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.utils import timezone

from caringcity.lab.access import lab_standing
from caringcity.lab.models import Campaign, CampaignAction, CampaignEvidence, Commitment, JointDecision, Partner, Partnership, SignOff
from caringcity.people.models import Organisation


def _get(queryset, **lookup):
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


# --- rule twins ---------------------------------------------------------------------------------------

def partners_signable_by(user, commons):
    person = lab_standing(user, commons).person
    if person is None:
        return Partner.objects.none()
    return Partner.objects.filter(partnership__commons=commons, signatory=person, left_on__isnull=True)


def decisions_signable_by(user, commons):
    return JointDecision.objects.filter(partnership__partners__in=partners_signable_by(user, commons)).distinct()


# --- partnerships -----------------------------------------------------------------------------------------

def partnerships_for(commons):
    """Every partnership of the commons with its partner count and overdue commitments (one query)."""
    today = timezone.localdate()
    overdue = Q(partners__commitments__due_on__lt=today, partners__commitments__done_on__isnull=True)
    return (Partnership.objects.filter(commons=commons).select_related("project")
            .annotate(partner_count=Count("partners", filter=Q(partners__left_on__isnull=True), distinct=True),
                      overdue_count=Count("partners__commitments", filter=overdue, distinct=True),
                      waiting_count=Count("decisions", filter=Q(decisions__agreed_at__isnull=True), distinct=True))
            .order_by("name"))


def get_partnership(commons, uuid):
    return _get(Partnership.objects.select_related("project", "commons"), commons=commons, uuid=uuid)


def get_partner(partnership, uuid):
    partner = _get(Partner.objects.select_related("organisation", "signatory"), partnership=partnership, uuid=uuid)
    partner.partnership = partnership
    return partner


def get_commitment(partnership, uuid):
    commitment = _get(Commitment.objects.select_related("partner__organisation"), partner__partnership=partnership, uuid=uuid)
    commitment.partner.partnership = partnership
    return commitment


def get_decision(partnership, uuid):
    decision = _get(JointDecision.objects.select_related("proposed_by"), partnership=partnership, uuid=uuid)
    decision.partnership = partnership
    return decision


def pounds(pence):
    """Pence as pounds for people: £2,500 or £12.50."""
    if pence is None:
        return ""
    whole, part = divmod(int(pence), 100)
    return f"£{whole:,}" if not part else f"£{whole:,}.{part:02d}"


@dataclass
class CommitmentRow:
    commitment: object
    overdue: bool
    days_late: int

    @property
    def amount(self):
        return pounds(self.commitment.amount_pence)


def commitment_rows(commitments, today=None):
    today = today or timezone.localdate()
    rows = []
    for c in commitments:
        late = c.due_on is not None and c.done_on is None and c.due_on < today
        rows.append(CommitmentRow(c, late, (today - c.due_on).days if late else 0))
    return rows


@dataclass
class DecisionView:
    """A decision with who has agreed, who said not yet (and why), and who has not answered."""

    decision: object
    agreed: list = field(default_factory=list)  # [(partner, signoff)]
    not_yet: list = field(default_factory=list)  # [(partner, signoff)]
    waiting: list = field(default_factory=list)  # [partner] with no answer yet (signatory may be None)

    @property
    def made(self):
        return self.decision.agreed_at is not None


def decision_view(decision, partners):
    """``partners``: the partnership's partners. Sides that have left count only if they signed."""
    answers = {s.partner_id: s for s in decision.signoffs.all()}
    view = DecisionView(decision)
    for partner in partners:
        answer = answers.get(partner.pk)
        if answer is not None and answer.answer == SignOff.Answer.AGREE:
            view.agreed.append((partner, answer))
        elif partner.left_on is not None:
            continue
        elif answer is not None:
            view.not_yet.append((partner, answer))
        else:
            view.waiting.append(partner)
    return view


def _decisions(partnership):
    return (partnership.decisions.select_related("proposed_by")
            .prefetch_related(Prefetch("signoffs", queryset=SignOff.objects.select_related("person")), "policies__plan"))


def partnership_page(partnership, user):
    """Everything the partnership page shows, in a fixed number of queries."""
    partners = list(partnership.partners.select_related("organisation", "signatory"))
    by_pk = {p.pk: p for p in partners}
    commitments = list(Commitment.objects.filter(partner__partnership=partnership).order_by("due_on", "created"))
    for c in commitments:
        c.partner = by_pk[c.partner_id]
    rows = commitment_rows(commitments)
    decisions = [decision_view(d, partners) for d in _decisions(partnership)]
    current = [p for p in partners if p.left_on is None]
    kinds = Counter(p.organisation.get_kind_display() for p in current)
    signs_for = {p.pk for p in partners_signable_by(user, partnership.commons).filter(partnership=partnership)}
    return {
        "partners": partners,
        "current_partners": current,
        "commitments": rows,
        "overdue_count": sum(1 for r in rows if r.overdue),
        "decisions": decisions,
        "waiting_count": sum(1 for d in decisions if not d.made),
        "table_kinds": sorted(kinds.items(), key=lambda kv: (-kv[1], str(kv[0]))),
        "signs_for": signs_for,
    }


def decision_page(decision, user):
    partnership = decision.partnership
    partners = list(partnership.partners.select_related("organisation", "signatory"))
    decision = _decisions(partnership).get(pk=decision.pk)
    decision.partnership = partnership
    mine = partners_signable_by(user, partnership.commons).filter(partnership=partnership).select_related("organisation")
    return {"view": decision_view(decision, partners), "decision": decision, "my_partners": mine}


def overdue_commitments(commons, today=None):
    """Every overdue commitment in the commons' partnerships (one query), oldest first."""
    today = today or timezone.localdate()
    return (Commitment.objects.filter(partner__partnership__commons=commons, due_on__lt=today, done_on__isnull=True)
            .select_related("partner__organisation", "partner__partnership").order_by("due_on", "created"))


def decisions_waiting_for(user, commons):
    """Decisions not yet made on which one of the user's sides has not agreed: [(decision, partner)]."""
    partners = list(partners_signable_by(user, commons).select_related("organisation", "partnership"))
    if not partners:
        return []
    by_partnership = {}
    for partner in partners:
        by_partnership.setdefault(partner.partnership_id, []).append(partner)
    agreed = set(SignOff.objects.filter(partner__in=partners, answer=SignOff.Answer.AGREE).values_list("decision_id", "partner_id"))
    result = []
    decisions = (JointDecision.objects.filter(partnership_id__in=by_partnership, agreed_at__isnull=True)
                 .select_related("partnership").order_by("proposed_on", "created"))
    for decision in decisions:
        for partner in by_partnership[decision.partnership_id]:
            if (decision.pk, partner.pk) not in agreed:
                result.append((decision, partner))
    return result


def agreed_decisions_for_policies(policies):
    """Agreed joint decisions about any of ``policies`` (two queries)."""
    return (JointDecision.objects.filter(policies__in=policies, agreed_at__isnull=False).distinct()
            .select_related("partnership__commons").prefetch_related("policies"))


def organisation_choices(commons):
    return Organisation.objects.filter(commons=commons).order_by("name")


def member_choices(commons):
    from caringcity.people import selectors as people

    return people.people_in_commons(commons).distinct().order_by("name")


def project_choices(commons):
    from caringcity.lab.models import DemoProject

    return DemoProject.objects.filter(commons=commons).order_by("name")


# --- campaigns ------------------------------------------------------------------------------------------------

def map_ally_choices(commons):
    """Groups on the networks app's neighbourhood map of this commons (never residents), if any."""
    try:
        from caringcity.networks.models import ORGANISATION_KINDS
        from caringcity.networks.selectors.community import current_actor_choices
    except ImportError:  # the networks app is not installed
        return []
    return list(current_actor_choices(commons).filter(kind__in=ORGANISATION_KINDS))


def _map_allies(commons, uuids):
    if not uuids:
        return []
    wanted = {str(u) for u in uuids}
    return [actor for actor in map_ally_choices(commons) if str(actor.uuid) in wanted]


def campaigns_for(commons, public_only):
    campaigns = (Campaign.objects.filter(commons=commons)
                 .annotate(action_count=Count("actions", distinct=True), evidence_count=Count("evidence", distinct=True))
                 .order_by("name"))
    return campaigns.filter(public=True) if public_only else campaigns


def campaigns_for_policy(policy, user, commons, *, public):
    """The campaigns that work for a policy: public ones on public pages and for non-members."""
    campaigns = Campaign.objects.filter(commons=commons, policies=policy).order_by("name")
    return list(campaigns.filter(public=True) if public or not lab_standing(user, commons).is_member else campaigns)


def get_campaign(commons, uuid, public_only):
    campaigns = Campaign.objects.filter(commons=commons)
    if public_only:
        campaigns = campaigns.filter(public=True)
    return _get(campaigns, uuid=uuid)


def get_action(campaign, uuid):
    action = _get(CampaignAction.objects.all(), campaign=campaign, uuid=uuid)
    action.campaign = campaign
    return action


def get_evidence(campaign, uuid):
    evidence = _get(CampaignEvidence.objects.all(), campaign=campaign, uuid=uuid)
    evidence.campaign = campaign
    return evidence


@dataclass
class Bar:
    on: object
    count: int
    x: int
    y: int
    width: int
    height: int
    label_x: int


CHART_WIDTH, CHART_HEIGHT, CHART_TOP, CHART_BOTTOM = 600, 240, 20, 200


def footfall_chart(evidence):
    """Footfall counts by date as bars (server-drawn SVG) and the same data as a table twin."""
    counts = sorted(((e.on, e.count) for e in evidence if e.kind == CampaignEvidence.Kind.FOOTFALL
                     and e.on is not None and e.count is not None), key=lambda pair: pair[0])
    if not counts:
        return None
    top = max(count for _on, count in counts) or 1
    slot = CHART_WIDTH // max(len(counts), 1)
    width = max(min(slot - 20, 120), 8)
    bars = []
    for i, (on, count) in enumerate(counts):
        height = round((CHART_BOTTOM - CHART_TOP) * count / top)
        x = i * slot + (slot - width) // 2
        bars.append(Bar(on, count, x, CHART_BOTTOM - height, width, height, x + width // 2))
    return {"bars": bars, "width": CHART_WIDTH, "height": CHART_HEIGHT, "baseline": CHART_BOTTOM,
            "top": top, "first": counts[0], "last": counts[-1]}


def campaign_page(campaign, public):
    """Allies, actions (done or overdue), evidence by kind and the footfall chart. Public pages
    never show who owns an action."""
    today = timezone.localdate()
    actions = list(campaign.actions.all() if public else campaign.actions.select_related("owner"))
    for action in actions:
        action.overdue = action.due_on is not None and action.done_on is None and action.due_on < today
        action.days_late = (today - action.due_on).days if action.overdue else 0
    evidence = list(campaign.evidence.all())
    surveys = [e for e in evidence if e.kind in (CampaignEvidence.Kind.TRADER_SURVEY, CampaignEvidence.Kind.SHOPPER_SURVEY)]
    return {
        "campaign": campaign,
        "allies": list(campaign.allies.order_by("name")),
        "policies": list(campaign.policies.select_related("plan").order_by("plan__title", "number")),
        "map_allies": _map_allies(campaign.commons, campaign.ally_actors),
        "actions": actions,
        "overdue_actions": sum(1 for a in actions if a.overdue),
        "evidence": evidence,
        "survey_answers": sum(e.count or 0 for e in surveys),
        "chart": footfall_chart(evidence),
    }
