"""Demo decisions, in the cast's circles (made by the structure part; this runs after the
proposals part, which made an adopted decision in Clapton North):

- General circle: "Paying the commons contribution every three months", decided a year ago, its
  review due this week (it shows in the reviews due, and ``manage.py housekeeping`` e-mails the
  circle's secretary, leader and facilitator); "Travel costs for volunteers", reviewed and kept
  (two versions); "Meeting in the church hall in winter", ended; "Help with one member's care
  costs", confidential ("It is about one person's money").
- Clapton North: an appeal against one of its decisions, backed by two of the three people it
  needs (Gloria online, and Stan on paper, entered by Janet, the circle's secretary).

Decisions are written with ``records.decision_record`` and ``decision_revise``, the appeal with
the appeal services, so everything is real. Dates in the past are set after writing, as if the
demo had been running for a year. Safe to run twice: each thing is found by its title first."""

from datetime import timedelta

from django.utils import timezone

from caringcity.circles.models import Appeal, Decision, DecisionKind, DecisionStatus, DecisionVersion, How, Participant
from caringcity.circles.services import decisions as services
from caringcity.circles.services.records import decision_record, decision_revise, latest_version

CONTRIBUTION = "Paying the commons contribution every three months"
TRAVEL = "Travel costs for volunteers"
HALL = "Meeting in the church hall in winter"
SECRET = "Help with one member's care costs"
SECRET_REASON = "It is about one person's money"
APPEAL_REASON = ("People in Clapton Park were not asked, and it changes things for them too: "
                 "several of us live on the border and use the same hub.")


def _find(circle, title):
    return Decision.objects.filter(circle=circle, versions__number=1, versions__title=title).first()


def _backdate(decision, days, version=1):
    when = timezone.now() - timedelta(days=days)
    if version == 1:
        Decision.objects.filter(pk=decision.pk).update(created=when)
    DecisionVersion.objects.filter(decision=decision, number=version).update(created=when)


def _takers(circle):
    return [p.person for p in Participant.objects.current().filter(circle=circle).select_related("person")]


def _general(ctx, general, actor):
    today = timezone.localdate()
    takers = _takers(general)
    made = {}

    decision = _find(general, CONTRIBUTION)
    if decision is None:
        decision = decision_record(
            actor=actor, circle=general, kind=DecisionKind.CONSENT, title=CONTRIBUTION, takers=takers,
            text=("Each care team pays its commons contribution every three months (in January, April, July and October), "
                  "not every month. The finance hat sends one reminder a week before it is due."),
            reasons="Paying every month was a lot of work for the teams and for the finance hat, for small sums.",
            concerns="Rahim: a bigger payment may be hard for a team in a tight month. We will ask the teams at the review.",
            review_on=today + timedelta(days=3))
        _backdate(decision, 365)
    made["contribution"] = decision

    decision = _find(general, TRAVEL)
    if decision is None:
        decision = decision_record(
            actor=actor, circle=general, kind=DecisionKind.CONSENT, title=TRAVEL, takers=takers,
            text="Volunteers can claim their bus and train fares for care visits, up to £20 a month each.",
            reasons="Fares stopped some volunteers from visiting people further away.",
            review_on=today - timedelta(days=60))
        _backdate(decision, 425)
        decision_revise(actor=actor, decision=decision, review_on=today + timedelta(days=300),
                        note="Reviewed and kept: the claims were small and helped three volunteers keep visiting.")
        _backdate(decision, 60, version=2)
    made["travel"] = decision

    decision = _find(general, HALL)
    if decision is None:
        decision = decision_record(
            actor=actor, circle=general, kind=DecisionKind.CONSENT, title=HALL, takers=takers,
            text="From November to March the circle meets in St James' church hall, which is warm and has a ramp.",
            review_on=today + timedelta(days=120))
        _backdate(decision, 240)
        decision_revise(actor=actor, decision=decision, status=DecisionStatus.ENDED, ends_on=today - timedelta(days=30),
                        note="Reviewed and ended: the hall closed for repairs, so we meet at the Lea Bridge hub now.")
        _backdate(decision, 30, version=2)
    made["ended"] = decision

    decision = _find(general, SECRET)
    if decision is None:
        decision = decision_record(
            actor=actor, circle=general, kind=DecisionKind.CONSENT, title=SECRET, takers=takers,
            text="The commons pays £300 towards one member's care costs this winter, from the hardship fund.",
            reasons="Their benefits were stopped by mistake; the appeal will take months.",
            review_on=today + timedelta(days=120), confidential=True, confidential_reason=SECRET_REASON)
        _backdate(decision, 20)
    made["confidential"] = decision
    return made


def _north_decision(north, actor):
    """The Clapton North decision to appeal: the one the proposals part adopted (the oldest
    decision in force that is not confidential), or one recorded here if there is none."""
    for decision in Decision.objects.filter(circle=north, kind=DecisionKind.CONSENT).order_by("number"):
        latest = latest_version(decision)
        if latest.status == DecisionStatus.IN_FORCE and not latest.confidential:
            return decision
    return decision_record(
        actor=actor, circle=north, kind=DecisionKind.CONSENT, title="A welcome tea for new volunteers every month",
        text="On the first Saturday of each month the circle holds a welcome tea for new volunteers at the Lea Bridge hub.",
        review_on=timezone.localdate() + timedelta(days=180), takers=_takers(north))


def _appeal(ctx, north):
    """An appeal gathering backers: two of the three it needs."""
    p = ctx["people"]
    janet = p["proxy"].user
    decision = _north_decision(north, janet)
    appeal = Appeal.objects.filter(decision=decision).first()
    if appeal is not None:
        return decision, appeal
    involved = set(decision.takers.values_list("person_id", flat=True))
    online = next(person for person in (p.get(k) for k in ("gloria", "bengali", "worker_rahim", "admin"))
                  if person is not None and person.user_id and person.pk not in involved)
    paper = next((person for person in (p.get(k) for k in ("stan", "hamid")) if person is not None and person.pk not in involved), None)
    appeal = services.appeal_start(actor=online.user, decision=decision, reason=APPEAL_REASON)
    if paper is not None:
        services.appeal_back(actor=janet, appeal=appeal, person=paper, how=How.PAPER)
    return decision, appeal


def build(ctx):
    circles = ctx.get("circles") or {}
    if not {"general", "north"} <= set(circles):
        return  # the structure part makes the circles; without them there is nowhere to decide
    p = ctx["people"]
    made = _general(ctx, circles["general"], p["worker_ayse"].user)
    made["appealed"], made["appeal"] = _appeal(ctx, circles["north"])
    ctx["decisions"] = made
    ctx.setdefault("notes", []).append(
        "Decisions: the General circle's log has a decision due for review this week (manage.py housekeeping e-mails its "
        "secretary Ayşe, leader Amara and facilitator Kemal), one reviewed and kept, one ended and one confidential; "
        "a Clapton North decision has an appeal with two of the three backers it needs.")
