"""Writes of the framework part (the theory of change). See docs/evaluation-framework.md.

A version's life is an explicit state machine (``TRANSITIONS``): a draft may be put in use, which
retires the version in use before it; nothing else moves. Only a draft may change; a new version
starts as a deep copy of an earlier one (``based_on``, version + 1). Every write is audited as
``evaluation.framework.<verb>``; audit reasons never carry the words people typed.
"""

import json
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from caringcity.core.services import audit_record
from caringcity.evaluation import keys
from caringcity.evaluation.models import (
    Dimension, Framework, FrameworkStatus, Indicator, Method, Outcome, OutcomeDomain, Output,
)
from caringcity.evaluation.selectors import framework as selectors

STARTER = Path(__file__).resolve().parent.parent / "data" / "starter_framework.json"
CLIMATE = "climate"  # in the starter file: the commons' social climate questionnaire

# --- the state machine of a version ---------------------------------------------------------------

TRANSITIONS = {
    (FrameworkStatus.DRAFT, FrameworkStatus.IN_USE),
    (FrameworkStatus.IN_USE, FrameworkStatus.RETIRED),
}


def _refusal(status, to):
    if status == to == FrameworkStatus.IN_USE:
        return _("This version is already in use.")
    if status == FrameworkStatus.RETIRED and to == FrameworkStatus.IN_USE:
        return _("This version was replaced by a newer one. To use it again, start a new version from it and put that in use.")
    if status == FrameworkStatus.RETIRED:
        return _("This version was replaced by a newer one and is kept as it was.")
    if status == FrameworkStatus.DRAFT and to == FrameworkStatus.RETIRED:
        return _("A draft was never in use, so it cannot be replaced. Remove the draft instead.")
    return _("A version cannot go back to being a draft. Start a new version instead.")


def check_transition(framework, to):
    """Raise ValidationError (saying why) unless ``framework`` may move to status ``to``."""
    if (framework.status, to) not in TRANSITIONS:
        raise ValidationError(_refusal(framework.status, to))


def check_changeable(framework):
    """Only a draft may change; say why not otherwise."""
    if framework.status == FrameworkStatus.IN_USE:
        raise ValidationError(_("This version is in use, so it cannot change. Start a new version to change it."))
    if framework.status == FrameworkStatus.RETIRED:
        raise ValidationError(_("This version was replaced by a newer one and is kept as it was."))


def _keeper(actor, commons):
    if not actor.has_perm("evaluation.keep", commons):
        raise PermissionDenied


def _lock(framework):
    return Framework.objects.select_for_update(of=("self",)).get(pk=framework.pk)


def _audit(actor, verb, obj, commons, reason=""):
    audit_record(actor=actor, action=f"evaluation.framework.{verb}", obj=obj, commons=commons, reason=reason)


def _one_draft(commons):
    if Framework.objects.filter(commons=commons, status=FrameworkStatus.DRAFT).exists():
        raise ValidationError(_("There is already a draft. Finish it and put it in use, or remove it, before starting another."))


def _next_version(commons, name):
    top = Framework.objects.filter(commons=commons, name=name).aggregate(top=Max("version"))["top"]
    return (top or 0) + 1


def _check_name(name):
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Write a name for the framework.")})
    return name


# --- versions ------------------------------------------------------------------------------------------

@transaction.atomic
def framework_start(*, actor, commons, name, what_changed="", who_shaped_it=""):
    """An empty draft."""
    _keeper(actor, commons)
    name = _check_name(name)
    _one_draft(commons)
    framework = Framework.objects.create(commons=commons, name=name, version=_next_version(commons, name),
                                         what_changed=what_changed, who_shaped_it=who_shaped_it, created_by=actor)
    _audit(actor, "start", framework, commons)
    return framework


@transaction.atomic
def framework_change(*, actor, framework, name, what_changed="", who_shaped_it=""):
    """A draft's name and its notes (what changed, who shaped it)."""
    _keeper(actor, framework.commons)
    framework = _lock(framework)
    check_changeable(framework)
    name = _check_name(name)
    if name != framework.name and Framework.objects.filter(commons=framework.commons, name=name,
                                                           version=framework.version).exclude(pk=framework.pk).exists():
        raise ValidationError({"name": _("Another framework already has this name and version number. Choose another name.")})
    framework.name, framework.what_changed, framework.who_shaped_it = name, what_changed, who_shaped_it
    framework.save(update_fields=["name", "what_changed", "who_shaped_it", "updated"])
    _audit(actor, "change", framework, framework.commons)
    return framework


@transaction.atomic
def framework_copy(*, actor, framework, what_changed="", who_shaped_it=None):
    """A new draft, a deep copy of ``framework`` (usually the one in use), one version higher."""
    commons = framework.commons
    _keeper(actor, commons)
    if framework.status == FrameworkStatus.DRAFT:
        raise ValidationError(_("This is a draft already: change it as it is."))
    _one_draft(commons)
    tree = selectors.framework_tree(framework)
    new = Framework.objects.create(
        commons=commons, name=framework.name, version=_next_version(commons, framework.name), based_on=framework,
        what_changed=what_changed, who_shaped_it=framework.who_shaped_it if who_shaped_it is None else who_shaped_it,
        created_by=actor)
    outputs = {}
    for dim in tree.dimensions:
        new_dim = Dimension.objects.create(framework=new, name=dim.name, description=dim.description, order=dim.order)
        for out in dim.outputs.all():
            outputs[out.pk] = Output.objects.create(dimension=new_dim, name=out.name, description=out.description, order=out.order)
    for domain in tree.domains:
        new_domain = OutcomeDomain.objects.create(framework=new, name=domain.name, description=domain.description, order=domain.order)
        for outcome in domain.outcomes.all():
            new_outcome = Outcome.objects.create(domain=new_domain, name=outcome.name, description=outcome.description, order=outcome.order)
            new_outcome.outputs.set([outputs[o.pk] for o in outcome.outputs.all() if o.pk in outputs])
            Indicator.objects.bulk_create([
                Indicator(outcome=new_outcome, name=i.name, description=i.description, method=i.method, instrument_key=i.instrument_key,
                          measure_key=i.measure_key, target=i.target, order=i.order)
                for i in outcome.indicators.all()])
    _audit(actor, "copy", new, commons, reason=f"from version {framework.version}")
    return new


@transaction.atomic
def framework_put_in_use(*, actor, framework):
    """Put a draft in use; the version in use before it is retired."""
    commons = framework.commons
    _keeper(actor, commons)
    current = list(Framework.objects.select_for_update(of=("self",)).filter(commons=commons, status=FrameworkStatus.IN_USE))
    framework = _lock(framework)
    check_transition(framework, FrameworkStatus.IN_USE)
    if not Outcome.objects.filter(domain__framework=framework).exists():
        raise ValidationError(_("Add at least one outcome (a change you hope for) before putting this version in use."))
    now = timezone.now()
    for old in current:
        check_transition(old, FrameworkStatus.RETIRED)
        old.status = FrameworkStatus.RETIRED
        old.save(update_fields=["status", "updated"])
        _audit(actor, "retire", old, commons)
    framework.status, framework.in_use_since = FrameworkStatus.IN_USE, now
    framework.save(update_fields=["status", "in_use_since", "updated"])
    _audit(actor, "put_in_use", framework, commons)
    return framework


@transaction.atomic
def framework_remove(*, actor, framework):
    """Remove a draft (versions that were in use are kept as a record)."""
    commons = framework.commons
    _keeper(actor, commons)
    framework = _lock(framework)
    if framework.status != FrameworkStatus.DRAFT:
        raise ValidationError(_("Only a draft can be removed. Versions that were in use are kept as a record."))
    _audit(actor, "remove", framework, commons)
    framework.delete()


# --- the starter framework -------------------------------------------------------------------------------

def starter_data():
    with STARTER.open(encoding="utf-8") as handle:
        return json.load(handle)


@transaction.atomic
def framework_from_starter(*, actor, commons, name=None):
    """A draft made from the starter framework that ships with Caring City. Its social climate
    indicators point at the commons' social climate questionnaire (made if it is not there)."""
    _keeper(actor, commons)
    _one_draft(commons)
    data = starter_data()
    climate_key = ""
    if any(ind.get("instrument") == CLIMATE for dom in data["domains"] for out in dom["outcomes"] for ind in out["indicators"]):
        from caringcity.evaluation.services.instruments import starter_climate_ensure

        climate_key = starter_climate_ensure(actor=actor, commons=commons).key
    name = (name or data["name"]).strip()
    framework = Framework.objects.create(commons=commons, name=name, version=_next_version(commons, name),
                                         what_changed=data.get("what_changed", ""), created_by=actor)
    outputs = {}
    for d_order, dim in enumerate(data["dimensions"]):
        new_dim = Dimension.objects.create(framework=framework, name=dim["name"], description=dim.get("description", ""), order=d_order)
        for o_order, out in enumerate(dim["outputs"]):
            outputs[out["key"]] = Output.objects.create(dimension=new_dim, name=out["name"], description=out.get("description", ""), order=o_order)
    for d_order, dom in enumerate(data["domains"]):
        domain = OutcomeDomain.objects.create(framework=framework, name=dom["name"], description=dom.get("description", ""), order=d_order)
        for o_order, item in enumerate(dom["outcomes"]):
            outcome = Outcome.objects.create(domain=domain, name=item["name"], description=item.get("description", ""), order=o_order)
            outcome.outputs.set([outputs[key] for key in item.get("outputs", [])])
            Indicator.objects.bulk_create([
                Indicator(outcome=outcome, name=ind["name"], description=ind.get("description", ""), method=ind["method"],
                          instrument_key=climate_key if ind.get("instrument") == CLIMATE else ind.get("instrument", ""),
                          measure_key=ind.get("measure", ""), target=ind.get("target", ""), order=i_order)
                for i_order, ind in enumerate(item["indicators"])])
    _audit(actor, "from_starter", framework, commons)
    return framework


# --- elements of a draft ------------------------------------------------------------------------------------

FIELDS = {
    "dimension": ("name", "description"),
    "output": ("name", "description"),
    "domain": ("name", "description"),
    "outcome": ("name", "description"),
    "indicator": ("name", "description", "method", "instrument_key", "measure_key", "target"),
}


def _check_indicator(commons, data):
    method = data.get("method")
    if method not in Method.values:
        raise ValidationError({"method": _("Choose how it is measured.")})
    if method == Method.SURVEY:
        instruments = {inst.key: inst for inst in selectors.available_instruments(commons)}
        inst = instruments.get(data.get("instrument_key") or "")
        if inst is None:
            raise ValidationError({"instrument_key": _("Choose a questionnaire this commons can use.")})
        if data.get("measure_key") not in {m.key for m in inst.measures}:
            raise ValidationError({"measure_key": _("Choose what the questionnaire measures.")})
    elif method == Method.METRIC:
        data["instrument_key"] = ""
        if data.get("measure_key") not in keys.METRICS:
            raise ValidationError({"measure_key": _("Choose one of the figures the platform counts.")})
    else:
        data["instrument_key"] = data["measure_key"] = ""


def _clean(kind, commons, data):
    data = {name: data.get(name, "") or "" for name in FIELDS[kind]}
    data["name"] = data["name"].strip()
    if not data["name"]:
        raise ValidationError({"name": _("Write a name.")})
    if kind == "indicator":
        _check_indicator(commons, data)
    return data


def _outputs_for(framework, outputs):
    outputs = list(outputs or [])
    if any(selectors.framework_of(o, "output").pk != framework.pk for o in outputs):
        raise ValidationError({"outputs": _("Choose outputs from this version only.")})
    return outputs


def _check_parent(framework, kind, parent):
    parent_kind = selectors.PARENT_KIND[kind]
    if parent_kind is None:
        return framework
    if not isinstance(parent, selectors.MODELS[parent_kind]) or selectors.framework_of(parent, parent_kind).pk != framework.pk:
        raise ValidationError({"parent": _("Choose where it belongs in this version.")})
    return parent


def _siblings(kind, parent):
    parent_field = selectors.PARENT_KIND[kind] or "framework"
    return selectors.MODELS[kind].objects.filter(**{parent_field: parent}).order_by("order", "pk")


@transaction.atomic
def element_add(*, actor, framework, kind, data, parent=None, outputs=None):
    """Add a dimension, output, domain, outcome or indicator to a draft. ``parent`` is the
    dimension (output), domain (outcome) or outcome (indicator); ``outputs`` the outputs that lead
    to a new outcome."""
    commons = framework.commons
    _keeper(actor, commons)
    framework = _lock(framework)
    check_changeable(framework)
    parent = _check_parent(framework, kind, parent)
    data = _clean(kind, commons, data)
    top = _siblings(kind, parent).aggregate(top=Max("order"))["top"]
    parent_field = selectors.PARENT_KIND[kind] or "framework"
    element = selectors.MODELS[kind].objects.create(**{parent_field: parent}, order=(-1 if top is None else top) + 1, **data)
    if kind == "outcome":
        element.outputs.set(_outputs_for(framework, outputs))
    _audit(actor, "add", element, commons)
    return element


@transaction.atomic
def element_change(*, actor, element, kind, data, parent=None, outputs=None):
    """Change an element of a draft; ``parent`` (if given) moves it under another one of the same
    version, at the end."""
    framework = selectors.framework_of(element, kind)
    commons = framework.commons
    _keeper(actor, commons)
    framework = _lock(framework)
    check_changeable(framework)
    data = _clean(kind, commons, data)
    parent_kind = selectors.PARENT_KIND[kind]
    if parent_kind and parent is not None and parent.pk != getattr(element, f"{parent_kind}_id"):
        parent = _check_parent(framework, kind, parent)
        top = _siblings(kind, parent).aggregate(top=Max("order"))["top"]
        setattr(element, parent_kind, parent)
        element.order = (-1 if top is None else top) + 1
    for name, value in data.items():
        setattr(element, name, value)
    element.save()
    if kind == "outcome" and outputs is not None:
        element.outputs.set(_outputs_for(framework, outputs))
    _audit(actor, "change", element, commons)
    return element


@transaction.atomic
def element_remove(*, actor, element, kind):
    """Remove an element of a draft, with everything under it."""
    framework = selectors.framework_of(element, kind)
    _keeper(actor, framework.commons)
    framework = _lock(framework)
    check_changeable(framework)
    _audit(actor, "remove", element, framework.commons)
    element.delete()


@transaction.atomic
def element_move(*, actor, element, kind, up):
    """Move an element one place up (``up``) or down among its siblings."""
    framework = selectors.framework_of(element, kind)
    _keeper(actor, framework.commons)
    framework = _lock(framework)
    check_changeable(framework)
    siblings = list(_siblings(kind, selectors.parent_of(element, kind)))
    index = next(i for i, s in enumerate(siblings) if s.pk == element.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(siblings):
        raise ValidationError(_("It is already first.") if up else _("It is already last."))
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for order, sibling in enumerate(siblings):
        if sibling.order != order:
            sibling.order = order
            sibling.save(update_fields=["order", "updated"])
    _audit(actor, "move", element, framework.commons)
    return element
