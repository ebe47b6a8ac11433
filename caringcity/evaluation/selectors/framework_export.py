"""A framework version as a network, for Kumu and spreadsheets. It is built as a
``networks.graph.Graph`` and written by the networks app's own writers, so the two apps speak the
same Kumu JSON and the same CSV.

- Elements: one per dimension, output, domain, outcome and indicator. ``element type`` (Kumu) /
  ``Type`` (CSV) names the level in words ("Output dimension" ... "Indicator"); ``level`` is 1 to 5
  from left to right, ``description`` the element's words. An indicator also has ``method``,
  ``questionnaire``, ``measure`` and ``target``. Element ids are the elements' uuids.
- Connections, all directed: dimension → output ("includes"), output → outcome ("leads to"),
  domain → outcome ("includes"), outcome → indicator ("shown by").
- CSV: a zip of ``elements.csv`` and ``connections.csv``, the two-sheet layout Kumu imports and
  any spreadsheet opens (see ``networks/exchange/csvzip.py``).
"""

from django.utils.text import slugify
from django.utils.translation import gettext as _

from caringcity.evaluation.models import Method
from caringcity.evaluation.selectors.framework import framework_tree
from caringcity.networks.exchange import csvzip, kumu
from caringcity.networks.graph import Edge, Graph, Node

LEVELS = ("dimension", "output", "domain", "outcome", "indicator")


def type_words():
    return {"dimension": _("Output dimension"), "output": _("Output"), "domain": _("Outcome domain"),
            "outcome": _("Outcome"), "indicator": _("Indicator")}


def framework_graph(framework, tree=None):
    tree = tree or framework_tree(framework)
    words = type_words()
    nodes, edges = [], []

    def node(kind, element, **extra):
        attrs = {"kind": words[kind], "level": LEVELS.index(kind) + 1, "description": element.description or ""}
        attrs.update(extra)
        nodes.append(Node(str(element.uuid), element.name, attrs))

    def edge(source, target, kind):
        edges.append(Edge(f"{source.uuid}-{target.uuid}", str(source.uuid), str(target.uuid), directed=True, attrs={"kind": kind}))

    includes, leads, shown = _("includes"), _("leads to"), _("shown by")
    for dim in tree.dimensions:
        node("dimension", dim)
        for out in dim.outputs.all():
            node("output", out)
            edge(dim, out, includes)
    for domain in tree.domains:
        node("domain", domain)
        for outcome in domain.outcomes.all():
            node("outcome", outcome)
            edge(domain, outcome, includes)
            for ind in outcome.indicators.all():
                method = str(Method(ind.method).label) if ind.method in Method.values else ind.method
                node("indicator", ind, method=method, questionnaire=ind.instrument_key, measure=ind.measure_key, target=ind.target)
                edge(outcome, ind, shown)
    for output, outcome in tree.links:
        edge(output, outcome, leads)
    return Graph(name=str(framework), nodes=nodes, edges=edges, attrs={"kind": "theory_of_change"})


def kumu_json(framework):
    return kumu.write(framework_graph(framework))


def csv_zip(framework):
    return csvzip.write(framework_graph(framework))


def filename(framework, suffix):
    return f"{slugify(framework.name) or 'framework'}-v{framework.version}-{suffix}"
