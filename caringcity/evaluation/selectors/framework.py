"""Reads of the framework part (the theory of change). See docs/evaluation-framework.md.

Contract for the other parts:

- ``framework_in_use(commons) -> Framework | None``
- ``framework_tree(framework) -> Tree``: dimensions with their outputs, domains with their
  outcomes (each with its outputs and indicators), all fetched in a constant number of queries.
- ``outcome_url(commons, outcome)``: the framework page with this outcome chosen.

Visibility: every member sees the versions in use and retired; drafts only organisers
(``frameworks_visible_to`` is the queryset twin of the rule ``evaluation.view_framework``).
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from caringcity.evaluation import keys
from caringcity.evaluation.access import evaluation_standing
from caringcity.evaluation.models import (
    Dimension, Framework, FrameworkStatus, Indicator, Method, Outcome, OutcomeDomain, Output,
)

# --- the framework in use, and who sees which versions ----------------------------------------------


def framework_in_use(commons):
    return Framework.objects.filter(commons=commons, status=FrameworkStatus.IN_USE).order_by("-in_use_since", "-pk").first()


def frameworks_visible_to(user, commons):
    """Versions this user may see: in use and retired for members, drafts too for organisers."""
    standing = evaluation_standing(user, commons)
    if not standing.is_member:
        return Framework.objects.none()
    queryset = Framework.objects.filter(commons=commons)
    if not standing.is_organiser:
        queryset = queryset.exclude(status=FrameworkStatus.DRAFT)
    return queryset


def framework_visible(user, framework):
    """The rule's predicate, for one version."""
    standing = evaluation_standing(user, framework.commons)
    return standing.is_member and (framework.status != FrameworkStatus.DRAFT or standing.is_organiser)


def access_framework(user, commons, framework_uuid):
    """One version the user may see, or 404 (bad uuids and drafts for members too)."""
    try:
        return frameworks_visible_to(user, commons).select_related("based_on", "created_by").get(uuid=framework_uuid)
    except (Framework.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def version_list(user, commons):
    """Every version the user may see, newest first, with who started it."""
    return (frameworks_visible_to(user, commons).select_related("based_on", "created_by", "created_by__person")
            .order_by("-version", "-created"))


def draft_of(commons):
    """The draft being worked on, if any (there is at most one at a time)."""
    return Framework.objects.filter(commons=commons, status=FrameworkStatus.DRAFT).order_by("-created").first()


# --- one version as a tree ------------------------------------------------------------------------------

@dataclass
class Tree:
    framework: Framework
    dimensions: list  # Dimension, each with .outputs.all() prefetched
    domains: list  # OutcomeDomain, each with .outcomes.all() (each with .outputs.all() and .indicators.all())
    outputs: list = field(default_factory=list)
    outcomes: list = field(default_factory=list)
    indicators: list = field(default_factory=list)

    def __post_init__(self):
        self.outputs = [o for d in self.dimensions for o in d.outputs.all()]
        self.outcomes = [o for d in self.domains for o in d.outcomes.all()]
        self.indicators = [i for o in self.outcomes for i in o.indicators.all()]

    @property
    def links(self):
        """[(output, outcome)]: this output leads to this outcome."""
        outputs = {o.pk: o for o in self.outputs}
        return [(outputs[out.pk], outcome) for outcome in self.outcomes for out in outcome.outputs.all() if out.pk in outputs]

    def outcome(self, uuid):
        """The outcome with this uuid (text), or None."""
        text = str(uuid or "")
        return next((o for o in self.outcomes if str(o.uuid) == text), None)

    def leads_to(self, output):
        return [outcome for out, outcome in self.links if out.pk == output.pk]

    @property
    def is_empty(self):
        return not (self.dimensions or self.domains)


def framework_tree(framework):
    """Everything in one version, in a constant number of queries (six)."""
    dimensions = list(Dimension.objects.filter(framework=framework).order_by("order", "pk").prefetch_related(
        Prefetch("outputs", queryset=Output.objects.order_by("order", "pk"))))
    outcomes = Outcome.objects.order_by("order", "pk").prefetch_related(
        Prefetch("outputs", queryset=Output.objects.order_by("order", "pk")),
        Prefetch("indicators", queryset=Indicator.objects.order_by("order", "pk")))
    domains = list(OutcomeDomain.objects.filter(framework=framework).order_by("order", "pk").prefetch_related(
        Prefetch("outcomes", queryset=outcomes)))
    for item in (*dimensions, *domains):
        item.framework = framework  # so nobody fetches it again
    return Tree(framework, dimensions, domains)


def outcome_url(commons, outcome):
    """The framework page of the outcome's version with the outcome chosen."""
    framework = outcome.domain.framework
    return reverse("evaluation:framework_version", args=[commons.slug, framework.uuid]) + f"?outcome={outcome.uuid}#chosen"


# --- elements by kind -------------------------------------------------------------------------------------

KINDS = ("dimension", "output", "domain", "outcome", "indicator")
MODELS = {"dimension": Dimension, "output": Output, "domain": OutcomeDomain, "outcome": Outcome, "indicator": Indicator}
PARENT_KIND = {"dimension": None, "output": "dimension", "domain": None, "outcome": "domain", "indicator": "outcome"}
FRAMEWORK_PATH = {"dimension": "framework", "output": "dimension__framework", "domain": "framework",
                  "outcome": "domain__framework", "indicator": "outcome__domain__framework"}


def kind_label(kind):
    return {"dimension": _("output dimension"), "output": _("output"), "domain": _("outcome domain"),
            "outcome": _("outcome"), "indicator": _("indicator")}[kind]


def access_element(framework, kind, uuid):
    """An element of this version by kind and uuid, or 404."""
    model = MODELS.get(kind)
    if model is None:
        raise Http404
    try:
        return model.objects.get(**{FRAMEWORK_PATH[kind]: framework, "uuid": uuid})
    except (model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def elements_of(framework, kind):
    model = MODELS[kind]
    return model.objects.filter(**{FRAMEWORK_PATH[kind]: framework}).order_by(
        *([f"{PARENT_KIND[kind]}__order"] if PARENT_KIND[kind] else []), "order", "pk")


def parent_of(element, kind):
    parent_kind = PARENT_KIND[kind]
    return getattr(element, parent_kind) if parent_kind else element.framework


def framework_of(element, kind):
    obj = element
    while PARENT_KIND[kind]:
        obj = getattr(obj, PARENT_KIND[kind])
        kind = PARENT_KIND[kind]
    return obj.framework


# --- how an indicator is measured, in words -----------------------------------------------------------------

FALLBACK_METRIC_NAMES = {
    keys.CONTINUITY: "Continuity of care",
    keys.COVER_RATE: "Visits that had someone",
    keys.GIFTED_SHARE: "Gifted hours beside paid hours",
    keys.SHARED_HATS: "Hats held by people other than the team starter",
    keys.TIME_TO_INDEPENDENCE: "Time from first contact to a team that runs itself",
    keys.DECISIONS_RESOLVED: "Decisions whose concerns and objections were resolved",
    keys.ACTIVE_TIES: "Active ties per team on the map",
    keys.RETENTION: "Members still taking part",
}


def metric_words(key):
    """(name, definition) of a platform figure, from the indicators part when it is there."""
    try:
        from caringcity.evaluation.selectors.indicators import metric_definition

        definition = metric_definition(key)
        return str(definition.name), str(definition.definition)
    except (ImportError, LookupError, AttributeError):
        return _(FALLBACK_METRIC_NAMES.get(key, key)), ""


def metric_choices():
    return [(key, metric_words(key)[0]) for key in keys.METRICS]


def available_instruments(commons):
    """The questionnaires this commons may use now (instruments part); [] until it is there."""
    try:
        from caringcity.evaluation.instruments import registry
    except ImportError:
        return []
    return list(registry.available(commons))


def measure_choices(instruments):
    """[(questionnaire name, [("<key>::<measure>", label)])] for a select with a group per questionnaire."""
    return [(str(inst.name), [(f"{inst.key}::{m.key}", str(m.label)) for m in inst.measures]) for inst in instruments]


@dataclass
class Measured:
    """How one indicator is measured, for people to read."""

    method: str
    how: str  # "SWEMWBS: well-being score", "Counted by the platform: continuity of care", "Interviews and stories"
    definition: str = ""
    notice: str = ""


def how_measured(indicator, instruments_by_key):
    method_label = str(Method(indicator.method).label) if indicator.method in Method.values else indicator.method
    if indicator.method == Method.SURVEY:
        inst = instruments_by_key.get(indicator.instrument_key)
        if inst is None:
            return Measured(method_label, _("%(method)s (not available here now)") % {"method": method_label})
        measure = next((m for m in inst.measures if m.key == indicator.measure_key), None)
        label = measure.label if measure else indicator.measure_key
        return Measured(method_label, f"{inst.name}: {label}", str(getattr(measure, "definition", "") or ""), str(inst.notice or ""))
    if indicator.method == Method.METRIC:
        name, definition = metric_words(indicator.measure_key)
        return Measured(method_label, f"{method_label}: {name}", definition)
    return Measured(method_label, method_label)


def latest_figures(commons, indicators):
    """{indicator pk: LatestValue} from the indicators part; {} until it is there."""
    try:
        from caringcity.evaluation.selectors.indicators import latest_values
    except ImportError:
        return {}
    return latest_values(commons, list(indicators)) or {}
