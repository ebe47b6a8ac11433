"""Reads for the decisions part: a circle's decision log (search and filters), one decision with
its versions, who took part, its appeals and, when it came from a proposal, the proposal's
history; decisions due for review; and the policies in force for the logbook.

A decision's record *now* is its latest version. Confidential decisions stay in the log for the
whole commons with their number, date and the reason they are confidential; their title and text
only for people ``visibility.can_read`` lets read them (the circle's full and learning
participants). A search never matches words in a text the user may not read."""

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from caringcity.circles.access import circle_standing, place_of
from caringcity.circles.models import (
    Appeal,
    AppealBacker,
    AppealStatus,
    CircleHatKind,
    CircleHatTerm,
    Decision,
    DecisionKind,
    DecisionStatus,
    DecisionVersion,
    Participant,
    Stakeholder,
    TermStatus,
)
from caringcity.circles.selectors.visibility import can_read, circles_visible_to
from caringcity.circles.services.records import VERSION_FIELDS
from caringcity.people import selectors as people

PAGE_SIZE = 25
REVIEW_SOON_DAYS = 14  # a review date this close (or past) is "due"
APPEAL_BACKERS = 3  # people not involved who must ask before a decision is reopened
# The hats whose wearers are reminded of reviews (and see them on the log page).
REMINDED_HATS = (CircleHatKind.SECRETARY, CircleHatKind.LEADER, CircleHatKind.FACILITATOR)


# --- the latest versions ----------------------------------------------------------------------
def latest_versions():
    """Every decision's latest version (one row per decision), to filter and order in SQL."""
    newer = DecisionVersion.objects.filter(decision=OuterRef("decision"), number__gt=OuterRef("number"))
    return DecisionVersion.objects.filter(~Exists(newer))


def in_force_q(today):
    """In force now: not ended, not reopened, and its end date (if any) not passed."""
    return Q(status=DecisionStatus.IN_FORCE) & (Q(ends_on__isnull=True) | Q(ends_on__gte=today))


def _horizon(today):
    return today + timedelta(days=REVIEW_SOON_DAYS)


STATUS_FILTERS = {
    "in_force": in_force_q,
    "review_due": lambda today: in_force_q(today) & Q(review_on__lte=_horizon(today)),
    "reopened": lambda today: Q(status=DecisionStatus.REOPENED),
    "ended": lambda today: Q(status=DecisionStatus.ENDED) | Q(status=DecisionStatus.IN_FORCE, ends_on__lt=today),
}


def status_filter_choices():
    return [("in_force", _("In force")), ("review_due", _("Due for review")), ("reopened", _("Reopened after an appeal")),
            ("ended", _("Ended"))]


def describe(version, readable, today=None):
    """Set what the log shows on a latest version: ``readable``, ``status_now`` (in_force,
    reopened, ended), ``status_label`` and ``review_state`` ("overdue", "due" or "")."""
    today = today or timezone.localdate()
    version.readable = readable
    if version.status == DecisionStatus.IN_FORCE and version.ends_on and version.ends_on < today:
        version.status_now, version.status_label = "ended", _("Ended: its end date has passed")
    else:
        version.status_now, version.status_label = version.status, version.get_status_display()
    version.review_state = ""
    if version.status_now == DecisionStatus.IN_FORCE and version.review_on:
        if version.review_on < today:
            version.review_state = "overdue"
        elif version.review_on <= _horizon(today):
            version.review_state = "due"
    return version


# --- the log ----------------------------------------------------------------------------------
def _words(search):
    return [word for word in (search or "").split() if word][:8]


def _word_q(word, readable):
    """Matches one word, whatever its case, in the title or text, or in the reason a decision is
    confidential; the title and text of a confidential decision only when ``readable``. A regular
    expression with Python's case rules on SQLite (Django gives SQLite a REGEXP function) and
    ``~*`` on PostgreSQL, so "şeker" finds "Şeker" on both, which LIKE on SQLite would not."""
    pattern = re.escape(word)
    words = Q(title__iregex=pattern) | Q(text__iregex=pattern)
    if not readable:
        words = Q(confidential=False) & words
    result = words | Q(confidential=True, confidential_reason__iregex=pattern)
    number = re.fullmatch(r"[dD]?(\d{1,9})", word)
    if number:
        result |= Q(decision__number=int(number.group(1)))
    return result


def decision_log(user, circle, *, search="", status="", kind=""):
    """The circle's decisions as their latest versions, newest first, filtered by status and kind
    and searched by words (every word must match). Call ``describe`` on the rows shown."""
    readable = can_read(user, circle.commons, circle.pk, True)
    today = timezone.localdate()
    versions = latest_versions().filter(decision__circle=circle)
    if kind in DecisionKind.values:
        versions = versions.filter(decision__kind=kind)
    if status in STATUS_FILTERS:
        versions = versions.filter(STATUS_FILTERS[status](today))
    for word in _words(search):
        versions = versions.filter(_word_q(word, readable))
    return versions.select_related("decision").order_by("-decision__number")


def log_rows(user, circle, versions):
    """Describe each row for this user (no queries beyond the user's standing)."""
    today = timezone.localdate()
    return [describe(v, can_read(user, circle.commons, circle.pk, v.confidential), today) for v in versions]


# --- one decision -----------------------------------------------------------------------------
def access_decision(user, commons, decision_uuid):
    """A decision of a circle this user may see, or 404 (out of scope looks like not found)."""
    decision = (Decision.objects.filter(circle__in=circles_visible_to(user, commons), uuid=decision_uuid)
                .select_related("circle", "circle__commons", "circle__parent", "proposal").first())
    if decision is None:
        raise Http404
    return decision


LONG_FIELDS = ("text", "reasons", "concerns", "objections")
DATE_FIELDS = ("review_on", "ends_on")


@dataclass
class Change:
    """One field that changed between two versions. ``kind``: long (a text shown in full), date,
    yes_no, or short (shown as it is; a status is shown by its label)."""

    field: str
    label: str
    before: object
    after: object
    kind: str = "short"


def _changes(before, after):
    result = []
    for name in VERSION_FIELDS:
        old, new = getattr(before, name), getattr(after, name)
        if old == new:
            continue
        label = str(DecisionVersion._meta.get_field(name).verbose_name)
        if name == "status":
            label, old, new = _("Status"), DecisionStatus(old).label, DecisionStatus(new).label
        kind = "long" if name in LONG_FIELDS else "date" if name in DATE_FIELDS else "yes_no" if name == "confidential" else "short"
        result.append(Change(name, label, old, new, kind))
    return result


@dataclass
class TakerSummary:
    rows: list  # (stakeholder label, took part, in the circle now)
    total: int
    circle_total: int


def takers_summary(decision, takers):
    """Who took part by stakeholder kind, against the circle's current participants."""
    took = Counter(t.stakeholder for t in takers)
    if decision.circle.is_team:
        in_circle = Counter()
    else:
        in_circle = Counter(dict(Participant.objects.current().filter(circle=decision.circle)
                                 .values_list("stakeholder").annotate(n=Count("pk")).values_list("stakeholder", "n")))
    rows = [(label, took.get(value, 0), in_circle.get(value, 0)) for value, label in Stakeholder.choices
            if took.get(value) or in_circle.get(value)]
    return TakerSummary(rows, sum(took.values()), sum(in_circle.values()))


def proposal_history_or_none(proposal):
    """The proposal's history (``proposals.proposal_history``), or None when the decision did not
    come from a proposal."""
    if proposal is None:
        return None
    from caringcity.circles.selectors.proposals import proposal_history

    return proposal_history(proposal)


def proposal_url_or_none(commons, proposal):
    """The proposal's page, or None when the decision did not come from a proposal."""
    if proposal is None:
        return None
    return reverse("circles:proposal_detail", args=[commons.slug, proposal.uuid])


def decision_page(user, decision):
    """Everything the decision page shows, in a fixed number of queries."""
    commons = decision.circle.commons
    versions = list(decision.versions.select_related("created_by__person").order_by("number"))
    latest = versions[-1]
    readable = can_read(user, commons, decision.circle_id, latest.confidential)
    describe(latest, readable)
    history = []
    for before, after in zip(versions, versions[1:]):
        history.append((after, _changes(before, after)))
    history.reverse()  # newest change first
    takers = list(decision.takers.select_related("person")) if readable else []
    for taker in takers:
        taker.hat_labels = [str(CircleHatKind(h).label) for h in taker.hats if h in CircleHatKind.values]
    return {
        "decision": decision, "latest": latest, "first": versions[0], "readable": readable,
        "changes": history if readable else [],
        "takers": takers, "summary": takers_summary(decision, takers) if readable else None,
        "history": proposal_history_or_none(decision.proposal) if readable else None,
        "proposal_url": proposal_url_or_none(commons, decision.proposal) if readable else None,
    }


# --- appeals ----------------------------------------------------------------------------------
def involved_ids(decision):
    """Ids of the people who took part in the decision (its Takers)."""
    return set(decision.takers.values_list("person_id", flat=True))


def _lineage(decision):
    """The decision and the decisions it replaced after an appeal (newest first)."""
    seen, chain, d = set(), [], decision
    while d is not None and d.pk not in seen:
        seen.add(d.pk)
        chain.append(d)
        proposal = Decision.objects.filter(pk=d.pk).values_list("proposal__reopens", flat=True).first()
        d = Decision.objects.select_related("circle").filter(pk=proposal).first() if proposal else None
    return chain


def appeal_target(decision, latest=None):
    """(the circle an appeal would go to, None) or (None, the reason no appeal can start now).

    First the decision's own circle; once it has been reopened there and decided again, the
    parent circle; after that, no more appeals."""
    latest = latest or decision.versions.order_by("-number").first()
    if latest.status == DecisionStatus.ENDED or (latest.ends_on and latest.ends_on < timezone.localdate()):
        return None, _("This decision has ended, so there is nothing to reopen.")
    if latest.status == DecisionStatus.REOPENED:
        return None, _("This decision has already been reopened: the circle is looking at it again.")
    if Appeal.objects.filter(decision=decision, status=AppealStatus.GATHERING).exists():
        return None, _("There is already an appeal for this decision. You can back it instead.")
    reopened = Appeal.objects.filter(decision__in=[d.pk for d in _lineage(decision)], status=AppealStatus.REOPENED).count()
    if reopened == 0:
        return decision.circle, None
    if reopened == 1:
        if decision.circle.parent is None:
            return None, _("This decision was already looked at again after an appeal, and there is no circle above this one to ask.")
        return decision.circle.parent, None
    return None, _("This decision has already been looked at again by its own circle and by the circle above it.")


def may_see_circle(person, circle):
    """Whether this person (with or without a login) may see the circle: an active member of its
    commons (for a team circle, someone in the team, or an organiser)."""
    from caringcity.people.models import Membership

    membership = Membership.objects.active().filter(commons=circle.commons, person=person).first()
    if membership is None:
        return False
    if circle.is_team:
        return bool(place_of(circle, person)[0]) or membership.is_organiser
    return True


def appeal_refusal(appeal_or_decision, person, involved=None, for_other=False):
    """The reason this person cannot start or back an appeal, or None. ``for_other``: the
    secretary is entering it for them, so the reason speaks of them."""
    decision = appeal_or_decision.decision if isinstance(appeal_or_decision, Appeal) else appeal_or_decision
    if person is None:
        return _("Only members of the commons can ask for a decision to be looked at again.")
    involved = involved_ids(decision) if involved is None else involved
    name = {"name": person.display_name}
    if person.pk in involved:
        if for_other:
            return _("%(name)s took part in this decision, so they cannot back an appeal. "
                     "An appeal needs three people who did not take part.") % name
        return _("You took part in this decision, so you cannot appeal it. An appeal needs three people who did not take part.")
    if isinstance(appeal_or_decision, Appeal) and any(b.person_id == person.pk for b in appeal_or_decision.backers.all()):
        return _("%(name)s already backs this appeal.") % name if for_other else _("You already back this appeal.")
    return None


@dataclass
class AppealView:
    appeal: Appeal
    backers: list
    needed: int
    can_back: bool = False
    refusal: str = ""
    can_enter: bool = False
    can_withdraw: bool = False
    proposal_url: str = None


@dataclass
class AppealsPanel:
    appeals: list = field(default_factory=list)
    can_start: bool = False
    start_refusal: str = ""
    target: object = None
    gathering: bool = False  # an appeal is gathering backers now


def appeals_panel(user, decision, latest):
    """The appeals of a decision and what this user may do about them."""
    commons = decision.circle.commons
    standing = circle_standing(user, decision.circle)
    me = standing.person
    involved = involved_ids(decision)
    appeals = list(decision.appeals.select_related("to_circle", "created_by__person", "proposal")
                   .prefetch_related(Prefetch("backers", queryset=AppealBacker.objects.select_related("person", "recorded_by__person"))))
    panel = AppealsPanel()
    can_enter = user.has_perm("circles.enter_for_others", decision.circle)
    for appeal in appeals:
        backers = list(appeal.backers.all())
        for backer in backers:
            recorder = getattr(backer.recorded_by, "person", None) if backer.recorded_by_id else None
            backer.entered_by = recorder if recorder is not None and recorder.pk != backer.person_id else None
        view = AppealView(appeal, backers, max(APPEAL_BACKERS - len(backers), 0),
                          proposal_url=proposal_url_or_none(commons, appeal.proposal))
        if appeal.status == AppealStatus.GATHERING:
            panel.gathering = True
            refusal = appeal_refusal(appeal, me, involved)
            view.can_back, view.refusal = refusal is None, refusal or ""
            view.can_enter = can_enter
            view.can_withdraw = can_enter or (me is not None and appeal.created_by_id == user.pk)
        panel.appeals.append(view)
    if user.has_perm("circles.appeal", decision.circle):
        target, reason = appeal_target(decision, latest)
        refusal = reason or appeal_refusal(decision, me, involved)
        panel.can_start, panel.start_refusal, panel.target = refusal is None, refusal or "", target
    return panel


def appeal_backer_choices(appeal):
    """People the secretary may enter as backing the appeal: active members of the commons who
    did not take part and do not back it yet."""
    from caringcity.people.models import Membership, Person

    decision = appeal.decision
    taken = involved_ids(decision) | set(appeal.backers.values_list("person_id", flat=True))
    members = Membership.objects.active().filter(commons=decision.circle.commons).values("person")
    return Person.objects.filter(pk__in=members).exclude(pk__in=taken).order_by("name")


# --- reviews ----------------------------------------------------------------------------------
def _due(versions, today):
    return (versions.filter(in_force_q(today), review_on__lte=_horizon(today), decision__circle__ended__isnull=True)
            .select_related("decision", "decision__circle").order_by("review_on", "decision__circle__name", "decision__number"))


def reviews_due(user, commons, circle=None):
    """Decisions due for review (within two weeks, or past), soonest first: in one circle, or in
    every circle of the commons this user may see."""
    today = timezone.localdate()
    circles = [circle.pk] if circle is not None else circles_visible_to(user, commons)
    versions = _due(latest_versions().filter(decision__circle__in=circles), today)
    return [describe(v, can_read(user, commons, v.decision.circle_id, v.confidential), today) for v in versions]


def reviews_due_to(user, commons):
    """Reviews due in the circles where this user wears the secretary's, leader's or
    facilitator's hat: the reminders that are theirs."""
    person = people.person_for_user(user)
    if person is None:
        return []
    today = timezone.localdate()
    mine = CircleHatTerm.objects.filter(status=TermStatus.HELD, holder=person, kind__in=REMINDED_HATS,
                                        circle__commons=commons).values("circle")
    versions = _due(latest_versions().filter(decision__circle__in=mine), today)
    return [describe(v, can_read(user, commons, v.decision.circle_id, v.confidential), today) for v in versions]


# --- the logbook ------------------------------------------------------------------------------
def policies_in_force(user, circle):
    """The circle's consent decisions in force now (latest versions, not ended nor reopened),
    newest first, each described for this user (confidential ones without their text unless the
    user may read them). Empty for someone who may not see the circle."""
    if not user.has_perm("circles.view_circle", circle):
        return []
    today = timezone.localdate()
    versions = (latest_versions().filter(decision__circle=circle, decision__kind=DecisionKind.CONSENT)
                .filter(in_force_q(today)).select_related("decision").order_by("-decision__number"))
    return log_rows(user, circle, versions)

