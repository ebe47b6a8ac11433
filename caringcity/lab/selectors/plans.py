"""Reads about plans and policies. Public pages show only plans marked public; ``plans_for`` is
the queryset twin of the rule ``lab.read_plan`` (a test holds them in agreement)."""

from django.db.models import Count
from django.http import Http404

from caringcity.lab.models import Plan, PlanImport, Policy
from caringcity.people.models import Organisation


def plans_for(commons, public_only):
    plans = Plan.objects.filter(commons=commons)
    return plans.filter(public=True) if public_only else plans


def plans_listed(commons, public_only):
    """The plans with how many demands and policies each has (one query)."""
    return (plans_for(commons, public_only)
            .annotate(policy_count=Count("policies", distinct=True), demand_count=Count("demands", distinct=True)))


def readable_plans(user, commons):
    """Plans the user may read: every plan for members of the commons, public plans for anyone else."""
    from caringcity.lab.access import lab_standing

    return plans_for(commons, public_only=not lab_standing(user, commons).is_member)


def get_plan(commons, plan_slug, public_only):
    try:
        return plans_for(commons, public_only).get(slug=plan_slug)
    except Plan.DoesNotExist as exc:
        raise Http404 from exc


def plan_outline(plan):
    """The plan's demands, each with its policies (two queries), and policies with no demand."""
    demands = list(plan.demands.prefetch_related("policies").order_by("number"))
    loose = list(plan.policies.filter(demand__isnull=True).order_by("number"))
    return demands, loose


def get_policy(plan, number):
    try:
        return (Policy.objects.select_related("plan", "demand").prefetch_related("shaped_by", "divergent_views")
                .get(plan=plan, number=number))
    except (Policy.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def groups_for(commons):
    return Organisation.objects.filter(commons=commons).order_by("name")


def imports_for(plan):
    return PlanImport.objects.filter(plan=plan).select_related("made_by").order_by("-created")


def get_import(plan, uuid):
    try:
        return PlanImport.objects.select_related("made_by").get(plan=plan, uuid=uuid)
    except (PlanImport.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
