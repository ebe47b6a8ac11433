"""Open data of the lab's plans (public, no sign-in, public plans only): plans, and policies with
where they are being pursued and their status, as CSV and JSON. The fields are described in
docs/lab-plans.md ("Open data"). The JSON keeps a stable shape: every key is always there (empty
text, null or an empty list when there is nothing), and ``schema`` names the shape and its version.

A fixed number of queries whatever the data: plans (one, plus one for their demands), policies
(one) and their targets with the date of their last update (one)."""

import csv
import io

from django.db.models import Count, Max
from django.urls import reverse
from django.utils import timezone

from caringcity.lab.models import Policy, Status, Target, TargetKind
from caringcity.lab.selectors.plans import plans_for

SCHEMA_PLANS = "caringcity.lab.plans/1 (fields described in docs/lab-plans.md)"
SCHEMA_POLICIES = "caringcity.lab.policies/1 (fields described in docs/lab-plans.md)"
FORMULA = ("=", "+", "-", "@", "\t", "\r")

PLAN_FIELDS = ["plan", "title", "summary", "published_on", "partial", "what_is_missing", "demands", "policies", "url"]
POLICY_FIELDS = ["plan", "demand_number", "demand_title", "policy_number", "policy_title", "policy_summary", "url",
                 "target_name", "target_kind", "target_status", "target_progress", "target_last_update"]


def _url(request, name, *args):
    path = reverse(name, args=args)
    return request.build_absolute_uri(path) if request is not None else path


def _date(value):
    return value.isoformat() if value else None


def _public_plans(commons):
    return plans_for(commons, public_only=True).annotate(policy_count=Count("policies", distinct=True)).order_by("-published_on", "title")


def plans_data(commons, request=None):
    plans = list(_public_plans(commons).prefetch_related("demands"))
    result = []
    for plan in plans:
        result.append({
            "plan": plan.slug,
            "title": plan.title,
            "summary": plan.summary,
            "published_on": _date(plan.published_on),
            "partial": plan.partial,
            "what_is_missing": plan.partial_note,
            "demands": [{"number": d.number, "title": d.title, "summary": d.summary}
                        for d in sorted(plan.demands.all(), key=lambda d: d.number)],
            "policies": plan.policy_count,
            "url": _url(request, "lab:public_plan", commons.slug, plan.slug),
        })
    return result


def policies_data(commons, request=None):
    policies = list(Policy.objects.filter(plan__commons=commons, plan__public=True)
                    .select_related("plan", "demand").order_by("plan__title", "number"))
    targets = {}
    for target in (Target.objects.filter(policy__plan__commons=commons, policy__plan__public=True)
                   .annotate(last_update=Max("updates__on")).order_by("created")):
        targets.setdefault(target.policy_id, []).append({
            "name": target.name,
            "kind": target.kind,
            "kind_label": str(TargetKind(target.kind).label) if target.kind in TargetKind.values else "",
            "status": target.status,
            "status_label": str(Status(target.status).label) if target.status in Status.values else "",
            "progress": target.progress,
            "last_update": _date(target.last_update),
        })
    result = []
    for policy in policies:
        result.append({
            "plan": policy.plan.slug,
            "demand_number": policy.demand.number if policy.demand else None,
            "demand_title": policy.demand.title if policy.demand else "",
            "number": policy.number,
            "title": policy.title,
            "summary": policy.summary,
            "url": _url(request, "lab:public_policy", commons.slug, policy.plan.slug, policy.number),
            "targets": targets.get(policy.pk, []),
        })
    return result


def _head(commons, request, schema):
    return {"schema": schema, "commons": {"slug": commons.slug, "name": commons.name},
            "generated_at": timezone.now().replace(microsecond=0).isoformat(),
            "licence": "Open data: reuse freely, saying where it comes from."}


def plans_json(commons, request=None):
    return {**_head(commons, request, SCHEMA_PLANS), "plans": plans_data(commons, request)}


def policies_json(commons, request=None):
    return {**_head(commons, request, SCHEMA_POLICIES), "policies": policies_data(commons, request)}


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = str(value)
    return "'" + text if text[:1] in FORMULA else text  # a spreadsheet never runs a cell as a formula


def _csv(header, rows):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return "\ufeff" + out.getvalue()  # the byte-order mark makes spreadsheets read it as UTF-8


def plans_csv(commons, request=None):
    rows = [[p["plan"], p["title"], p["summary"], p["published_on"], p["partial"], p["what_is_missing"], len(p["demands"]),
             p["policies"], p["url"]] for p in plans_data(commons, request)]
    return _csv(PLAN_FIELDS, rows)


def policies_csv(commons, request=None):
    """One row per policy and place it is pursued; a policy pursued nowhere yet has one row with the
    target columns empty."""
    rows = []
    for p in policies_data(commons, request):
        base = [p["plan"], p["demand_number"], p["demand_title"], p["number"], p["title"], p["summary"], p["url"]]
        for target in p["targets"] or [None]:
            if target is None:
                rows.append(base + [""] * 5)
            else:
                rows.append(base + [target["name"], target["kind"], target["status"], target["progress"], target["last_update"]])
    return _csv(POLICY_FIELDS, rows)
