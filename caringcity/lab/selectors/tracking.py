"""Reads of the tracking part (see docs/lab-tracking.md): targets and their status updates, evidence
shown only as far as the reader may see the record it points to, progress by demand, reviews due,
the influence trail's status steps, and demonstration projects. Every page reads in a fixed
number of queries whatever the number of targets, updates or pieces of evidence.

Visibility twins of ``rules.py``: ``projects_visible_to`` (``lab.view_project``) and
``evidence_visible_to`` (``lab.view_evidence``)."""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import OuterRef, Prefetch, Subquery
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from caringcity.core.models import Commons
from caringcity.lab.access import lab_standing
from caringcity.lab.models import Activity, DemoProject, Evidence, Policy, Status, StatusUpdate, Target, TargetKind
from caringcity.people import selectors as people

REVIEW_SOON_DAYS = 30  # a next review this close (or past) is listed as due on the lab's home

# How far a target has gone: a policy stands at its furthest target. Rejected counts for more than
# never raised (someone decided), less than anything still in play.
RANK = {Status.NOT_STARTED: 0, Status.REJECTED: 1, Status.RAISED: 2, Status.CONSIDERING: 3,
        Status.PARTLY_ADOPTED: 4, Status.ADOPTED: 5, Status.IMPLEMENTED: 6}
# The order statuses are shown in (tables, bars, filters): the way a policy goes.
ORDER = [Status.NOT_STARTED, Status.RAISED, Status.CONSIDERING, Status.PARTLY_ADOPTED, Status.ADOPTED,
         Status.IMPLEMENTED, Status.REJECTED]
# Steps that record an institution's decision: they need evidence.
DECIDED = {Status.PARTLY_ADOPTED, Status.ADOPTED, Status.REJECTED, Status.IMPLEMENTED}


def status_label(value):
    return str(Status(value).label) if value in Status.values else ""


def furthest(statuses):
    """The furthest of ``statuses`` (not started when there are none)."""
    return max(statuses, key=lambda s: RANK.get(s, 0), default=Status.NOT_STARTED)


# --- visibility twins -----------------------------------------------------------------------------

def projects_visible_to(user, commons):
    """Twin of ``lab.view_project``: every project of the commons for its members, public ones for anyone."""
    projects = DemoProject.objects.filter(commons=commons)
    return projects if lab_standing(user, commons).is_member else projects.filter(public=True)


def evidence_visible_to(user, commons):
    """Twin of ``lab.view_evidence``: evidence on the commons' plans; members-only plans for members."""
    evidence = Evidence.objects.filter(update__target__policy__plan__commons=commons)
    return evidence if lab_standing(user, commons).is_member else evidence.filter(update__target__policy__plan__public=True)


def access_evidence_file(user, commons, uuid):
    """A document piece of evidence this user may open, or 404."""
    try:
        evidence = (evidence_visible_to(user, commons).select_related("update__target__policy__plan")
                    .get(uuid=uuid, kind=Evidence.Kind.DOCUMENT))
    except (Evidence.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    if not evidence.file:
        raise Http404
    return evidence


# --- fetch-and-check ------------------------------------------------------------------------------

def get_target(commons, uuid, *, live=False):
    """A target of one of the commons' plans, or 404 (``live``: not ended)."""
    targets = Target.objects.filter(policy__plan__commons=commons).select_related("policy__plan", "policy__plan__commons")
    if live:
        targets = targets.filter(ended_on__isnull=True)
    try:
        return targets.get(uuid=uuid)
    except (Target.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def get_update(target, uuid):
    try:
        return target.updates.get(uuid=uuid)
    except (StatusUpdate.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def get_policy_in(commons, uuid):
    try:
        return Policy.objects.select_related("plan").get(plan__commons=commons, uuid=uuid)
    except (Policy.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def get_project(user, commons, uuid):
    try:
        return projects_visible_to(user, commons).get(uuid=uuid)
    except (DemoProject.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


# --- choices for the evidence form (records of other capabilities the user may see) ---------------

def member_commons_of(user):
    """Every commons the user belongs to: other capabilities' records they may link as evidence."""
    return [m.commons for m in people.memberships_for_user(user)]


def decision_choices(user):
    """[(value "commons:uuid", label)] of circle decisions the user may read, in every commons they belong to."""
    from caringcity.circles.selectors.decisions import latest_versions
    from caringcity.circles.selectors.visibility import can_read, circles_visible_to

    result = []
    for commons in member_commons_of(user):
        versions = (latest_versions().filter(decision__circle__in=circles_visible_to(user, commons))
                    .select_related("decision__circle").order_by("decision__circle__name", "-decision__number"))
        for version in versions:
            if can_read(user, commons, version.decision.circle_id, version.confidential):
                label = _("%(commons)s, %(circle)s: D%(number)s %(title)s") % {
                    "commons": commons.name, "circle": version.decision.circle.name, "number": version.decision.number,
                    "title": version.title}
                result.append((f"{commons.slug}:{version.decision.uuid}", label))
    return result


def quote_choices(user):
    """[(value "commons|source|id", label)] of approved quotes in every commons the user belongs to."""
    from caringcity.evaluation import quotes

    result = []
    for commons in member_commons_of(user):
        for source in quotes.sources():
            for item in source.list_fn(commons):
                result.append((f"{commons.slug}|{source.key}|{item.id}", f"{commons.name}: “{item.text}” — {item.attribution}"))
    return result


def report_choices(user, *, perm="evaluation.view_reports"):
    """[(value "commons:uuid", label)] of evaluation reports in every commons where the user has ``perm``."""
    from caringcity.evaluation.models import Report

    allowed = [c for c in member_commons_of(user) if user.has_perm(perm, c)]
    reports = Report.objects.filter(commons__in=allowed).select_related("commons").order_by("commons__name", "-period_end")
    return [(f"{r.commons.slug}:{r.uuid}", f"{r.commons.name}: {r.title}") for r in reports]


def framework_choices(user, *, perm="evaluation.keep"):
    """[(value "commons:uuid", label)] of evaluation frameworks (not drafts) where the user has ``perm``."""
    from caringcity.evaluation.models import Framework, FrameworkStatus

    allowed = [c for c in member_commons_of(user) if user.has_perm(perm, c)]
    frameworks = (Framework.objects.filter(commons__in=allowed).exclude(status=FrameworkStatus.DRAFT)
                  .select_related("commons").order_by("commons__name", "-version"))
    return [(f"{f.commons.slug}:{f.uuid}", _("%(commons)s: %(name)s (version %(version)s)") % {
        "commons": f.commons.name, "name": f.name, "version": f.version}) for f in frameworks]


# --- evidence as the reader may see it ------------------------------------------------------------

@dataclass
class Shown:
    """One piece of evidence as this reader sees it. ``url`` empty when they may not follow it."""

    kind: str
    kind_label: str
    title: str
    url: str = ""
    quote: str = ""
    attribution: str = ""
    uuid: object = None  # the evidence's own id (for "remove")


def _commons_by_slug(slugs):
    return {c.slug: c for c in Commons.objects.filter(slug__in=slugs)} if slugs else {}


def resolve_evidence(items, user, commons):
    """{evidence pk: Shown or None} for ``items`` (Evidence rows); None when it must not show (a
    withdrawn quote, a record gone). A fixed number of queries per distinct commons referred to,
    whatever the number of items. ``user`` may be anonymous: then nothing behind a sign-in links."""
    from caringcity.evaluation import quotes

    items = list(items)
    slugs = {str(e.ref.get("commons", "")) for e in items if isinstance(e.ref, dict) and e.ref.get("commons")}
    by_slug = _commons_by_slug(slugs)
    decisions, reports, quote_items = _decisions(items, user, by_slug), _reports(items, user, by_slug), {}
    wanted = defaultdict(list)
    for e in items:
        if e.kind == Evidence.Kind.QUOTE and isinstance(e.ref, dict):
            wanted[(str(e.ref.get("commons", "")), str(e.ref.get("source", "")))].append(str(e.ref.get("id", "")))
    registered = {s.key: s for s in quotes.sources()}
    for (slug, key), ids in wanted.items():
        if slug in by_slug and key in registered:
            for qid, item in registered[key].get_fn(by_slug[slug], ids).items():
                quote_items[(slug, key, str(qid))] = item
    result = {}
    for e in items:
        label = str(Evidence.Kind(e.kind).label) if e.kind in Evidence.Kind.values else ""
        ref = e.ref if isinstance(e.ref, dict) else {}
        if e.kind == Evidence.Kind.DOCUMENT:
            url = reverse("lab:evidence_file", args=[commons.slug, e.uuid]) if e.file else ""
            result[e.pk] = Shown(e.kind, label, e.title, url)
        elif e.kind == Evidence.Kind.LINK:
            result[e.pk] = Shown(e.kind, label, e.title or e.url, e.url)
        elif e.kind == Evidence.Kind.CIRCLE_DECISION:
            result[e.pk] = decisions.get(e.pk) or Shown(e.kind, label, _("A decision of a circle"))
        elif e.kind == Evidence.Kind.EVALUATION_REPORT:
            result[e.pk] = reports.get(e.pk)
        elif e.kind == Evidence.Kind.QUOTE:
            item = quote_items.get((str(ref.get("commons", "")), str(ref.get("source", "")), str(ref.get("id", ""))))
            result[e.pk] = Shown(e.kind, label, "", quote=item.text, attribution=item.attribution) if item else None
        else:
            result[e.pk] = None
        if result[e.pk] is not None:
            result[e.pk].uuid = e.uuid
    return result


def _decisions(items, user, by_slug):
    """{evidence pk: Shown} for circle decisions the reader may read (title and link)."""
    from caringcity.circles.models import Decision, DecisionVersion
    from caringcity.circles.selectors.visibility import can_read, circles_visible_to

    refs = {e.pk: e.ref for e in items if e.kind == Evidence.Kind.CIRCLE_DECISION and isinstance(e.ref, dict)}
    if not refs or not getattr(user, "is_authenticated", False):
        return {}
    uuids = [u for u in (_uuid_or_none(ref.get("decision", "")) for ref in refs.values()) if u]
    latest = DecisionVersion.objects.filter(decision=OuterRef("pk")).order_by("-number")
    found = {str(d.uuid): d for d in Decision.objects.filter(uuid__in=uuids).select_related("circle__commons")
             .annotate(latest_title=Subquery(latest.values("title")[:1]),
                       latest_confidential=Subquery(latest.values("confidential")[:1]))}
    visible = {}
    result = {}
    label = str(Evidence.Kind.CIRCLE_DECISION.label)
    for pk, ref in refs.items():
        decision = found.get(str(ref.get("decision", "")))
        commons = by_slug.get(str(ref.get("commons", "")))
        if decision is None or commons is None or decision.circle.commons_id != commons.pk:
            continue
        if commons.pk not in visible:
            visible[commons.pk] = set(circles_visible_to(user, commons).values_list("pk", flat=True))
        if decision.circle_id in visible[commons.pk] and can_read(user, commons, decision.circle_id, decision.latest_confidential):
            title = _("%(circle)s, decision D%(number)s: %(title)s") % {
                "circle": decision.circle.name, "number": decision.number, "title": decision.latest_title}
            result[pk] = Shown(Evidence.Kind.CIRCLE_DECISION, label, title,
                               reverse("circles:decision_detail", args=[commons.slug, decision.uuid]))
    return result


def _reports(items, user, by_slug):
    """{evidence pk: Shown} for evaluation reports: the title for everyone, the link for those who may read it."""
    refs = {e.pk: e.ref for e in items if e.kind == Evidence.Kind.EVALUATION_REPORT and isinstance(e.ref, dict)}
    found = _reports_by_ref(refs.values(), by_slug)
    label = str(Evidence.Kind.EVALUATION_REPORT.label)
    result = {}
    for pk, ref in refs.items():
        report = found.get((str(ref.get("commons", "")), str(ref.get("report", ""))))
        if report is not None:
            url = (reverse("evaluation:report", args=[report.commons.slug, report.uuid])
                   if user.has_perm("evaluation.view_reports", report.commons) else "")
            result[pk] = Shown(Evidence.Kind.EVALUATION_REPORT, label, report.title, url)
    return result


def _reports_by_ref(refs, by_slug):
    from caringcity.evaluation.models import Report

    wanted = [u for u in (_uuid_or_none(ref.get("report", "")) for ref in refs) if u]
    if not wanted:
        return {}
    return {(r.commons.slug, str(r.uuid)): r
            for r in Report.objects.filter(uuid__in=wanted, commons__in=list(by_slug.values())).select_related("commons")}


# --- targets on a policy's page -------------------------------------------------------------------

def _updates_prefetch():
    return Prefetch("updates", queryset=StatusUpdate.objects.select_related("by").prefetch_related("evidence")
                    .order_by("on", "created"))


def targets_for(policies, *, include_ended=False):
    """Targets of ``policies`` with their institution, leads and updates (with evidence): 4 queries."""
    targets = (Target.objects.filter(policy__in=policies).select_related("institution", "lead_person", "lead_group")
               .prefetch_related(_updates_prefetch()).order_by("policy", "ended_on", "created"))
    return targets if include_ended else targets.filter(ended_on__isnull=True)


@dataclass
class TargetView:
    target: object
    status_label: str
    updates: list  # [(update, [Shown])] oldest first
    latest: object = None  # the latest update (or None)
    latest_evidence: list = field(default_factory=list)


def policy_targets(policy, user, commons, *, public):
    """The policy's targets (ended ones at the end, members only) as the reader may see them."""
    targets = list(targets_for([policy], include_ended=not public))
    evidence = [e for t in targets for u in t.updates.all() for e in u.evidence.all()]
    shown = resolve_evidence(evidence, user, commons)
    result = []
    for t in targets:
        updates = [(u, [shown[e.pk] for e in u.evidence.all() if shown.get(e.pk)]) for u in t.updates.all()]
        latest = updates[-1] if updates else (None, [])
        result.append(TargetView(t, status_label(t.status), updates, latest[0], latest[1]))
    return result


# --- the plan: progress by demand -----------------------------------------------------------------

@dataclass
class Row:
    label: str
    counts: list  # [(status, label, count)] in ORDER
    total: int
    segments: list = field(default_factory=list)  # [(status, label, count, x, width)] for the bar


BAR_WIDTH = 300


def _row(label, counter):
    total = sum(counter.values())
    counts = [(s.value, str(s.label), counter.get(s.value, 0)) for s in ORDER]
    segments, x = [], 0
    for value, text, count in counts:
        if count and total:
            width = round(BAR_WIDTH * count / total, 1)
            segments.append((value, text, count, x, width))
            x = round(x + width, 1)
    return Row(label, counts, total, segments)


def progress_by_demand(plan):
    """For each demand, how many of its policies stand at each status (their furthest live target),
    and the same for the whole plan. Two queries."""
    policies = list(plan.policies.select_related("demand").order_by("demand__number", "number"))
    statuses = defaultdict(list)
    for policy_id, status in Target.objects.filter(policy__plan=plan, ended_on__isnull=True).values_list("policy_id", "status"):
        statuses[policy_id].append(status)
    per_demand, overall = {}, Counter()
    for policy in policies:
        status = furthest(statuses.get(policy.pk, []))
        key = policy.demand if policy.demand_id else None
        per_demand.setdefault(key, Counter())[status] += 1
        overall[status] += 1
    rows = []
    for demand, counter in per_demand.items():
        if demand is None:
            label = _("Other policies")
        else:
            label = _("Demand %(number)s: %(title)s") % {"number": demand.number, "title": demand.title}
        rows.append(_row(label, counter))
    return {"rows": rows, "overall": _row(_("The whole plan"), overall), "statuses": [(s.value, str(s.label)) for s in ORDER],
            "bar_width": BAR_WIDTH}


def plan_targets(plan, *, status="", kind=""):
    """The plan's live targets, filtered by status and kind of target (one query)."""
    targets = (Target.objects.filter(policy__plan=plan, ended_on__isnull=True)
               .select_related("policy", "institution", "lead_person", "lead_group").order_by("policy__number", "created"))
    if status in Status.values:
        targets = targets.filter(status=status)
    if kind in TargetKind.values:
        targets = targets.filter(kind=kind)
    return targets


def reviews_due(commons, today=None):
    """Live targets of the commons' plans whose next review is within ``REVIEW_SOON_DAYS`` or past (one query)."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=REVIEW_SOON_DAYS)
    targets = (Target.objects.filter(policy__plan__commons=commons, ended_on__isnull=True, next_review__lte=horizon)
               .select_related("policy__plan", "institution").order_by("next_review"))
    return [(t, t.next_review < today) for t in targets]


# --- the influence trail's status steps -----------------------------------------------------------

def status_steps(policies, public):
    """Trail steps for status updates on ``policies``' targets (with ended targets, which are
    history too); ``public``: only plans anyone may read, evidence as anyone may see it. 5 queries
    at most (the trail has no reader, so what needs a sign-in never links)."""
    from django.contrib.auth.models import AnonymousUser

    from caringcity.lab.trail import Step

    policies = [p for p in policies if p.plan.public or not public]
    if not policies:
        return []
    updates = list(StatusUpdate.objects.filter(target__policy__in=policies)
                   .select_related("target__institution", "target__policy__plan__commons").prefetch_related("evidence"))
    evidence = [e for u in updates for e in u.evidence.all()]
    commons = updates[0].target.policy.plan.commons if updates else None
    shown = resolve_evidence(evidence, AnonymousUser(), commons) if evidence else {}
    steps = []
    for u in updates:
        target = u.target
        where = target.institution.name if target.institution_id else ""
        title = _("%(target)s: %(status)s") % {"target": target.name, "status": status_label(u.status)}
        items = []
        for e in u.evidence.all():
            s = shown.get(e.pk)
            if s is not None:
                items.append((f"“{s.quote}” — {s.attribution}" if s.quote else f"{s.kind_label}: {s.title}", s.url))
        summary = f"{where}. {u.summary}" if where else u.summary
        steps.append(Step(on=u.on, kind="status", policy_id=target.policy_id, title=title, summary=summary, evidence=items))
    return steps


# --- demonstration projects -----------------------------------------------------------------------

def projects_for(user, commons):
    return projects_visible_to(user, commons).prefetch_related("policies__plan", "partners").order_by("name")


def project_page(project):
    """The project with its partners, policies and activities (3 queries)."""
    return {"partners": list(project.partners.order_by("name")),
            "policies": list(project.policies.select_related("plan").order_by("plan__title", "number")),
            "activities": list(Activity.objects.filter(project=project).order_by("-on", "-created"))}


def projects_showing(policy, user, commons):
    return list(projects_visible_to(user, commons).filter(policies=policy).order_by("name"))


@dataclass
class EvaluationLink:
    kind: str  # "report" or "framework"
    title: str
    url: str = ""


def evaluation_link(project, user):
    """The project's evaluation (a report or a framework): its title for everyone, a link for those who may see it."""
    from caringcity.evaluation.models import Framework, Report

    ref = project.evaluation if isinstance(project.evaluation, dict) else {}
    commons = Commons.objects.filter(slug=str(ref.get("commons", ""))).first() if ref.get("commons") else None
    if commons is None:
        return None
    if ref.get("report"):
        report = Report.objects.filter(commons=commons, uuid=_uuid_or_none(ref["report"])).first()
        if report is None:
            return None
        url = reverse("evaluation:report", args=[commons.slug, report.uuid]) if user.has_perm("evaluation.view_reports", commons) else ""
        return EvaluationLink("report", report.title, url)
    if ref.get("framework"):
        framework = Framework.objects.filter(commons=commons, uuid=_uuid_or_none(ref["framework"])).first()
        if framework is None:
            return None
        url = (reverse("evaluation:framework_version", args=[commons.slug, framework.uuid])
               if user.has_perm("evaluation.view_framework", framework) else "")
        return EvaluationLink("framework", framework.name, url)
    return None


def _uuid_or_none(value):
    import uuid as uuid_module

    try:
        return uuid_module.UUID(str(value))
    except ValueError:
        return None
