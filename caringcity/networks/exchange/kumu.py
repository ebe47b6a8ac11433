"""Kumu JSON blueprint (https://docs.kumu.io/guides/import/blueprints): an object with
``elements`` and ``connections``.

Written as Kumu's own project backup is laid out: each element ``{"_id", "attributes": {"label",
"element type", "description", ...}}``, each connection ``{"_id", "from", "to", "direction",
"attributes": {"connection type", ...}}``. ``element type``/``connection type`` are the
attribute ``kind``; ``direction`` is "directed" (one way), "mutual" (both ways) or "undirected".
Values keep their JSON types (true/false, numbers, lists).
Read: that layout and the short one in Kumu's guide (``{"label": "A", "type": "...", "id": ...}``
with ``from``/``to`` naming an id or a label). Unknown keys stay as text attributes."""

import json

from django.utils.translation import gettext as _

from caringcity.networks.exchange import common
from caringcity.networks.exchange.common import ImportProblems
from caringcity.networks.graph import Edge, Graph, Node

NODE_NAMES = {"kind": "element type"}
EDGE_NAMES = {"kind": "connection type"}


def _direction_word(edge):
    if edge.directed:
        return "directed"
    return "mutual" if edge.attrs.get("direction") == "both" else "undirected"


def write(graph):
    elements = []
    for node in graph.nodes:
        attributes = {"label": node.label}
        for name in common.ordered(node.attrs, common.NODE_ORDER):
            attributes[NODE_NAMES.get(name, name)] = node.attrs[name]
        elements.append({"_id": node.id, "attributes": attributes})
    connections = []
    for edge in graph.edges:
        attributes = {}
        for name in common.ordered(edge.attrs, common.EDGE_ORDER):
            if name != "direction":
                attributes[EDGE_NAMES.get(name, name)] = edge.attrs[name]
        connections.append({"_id": edge.id, "from": edge.source, "to": edge.target, "direction": _direction_word(edge),
                            "attributes": attributes})
    document = {"name": graph.name, **({"kind": graph.attrs["kind"]} if graph.attrs.get("kind") else {}),
                "elements": elements, "connections": connections}
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _no_constants(word):
    raise ValueError(word)


def _fields(item, fixed):
    """Kumu's fields of one element or connection: ``attributes`` (backup) or the item itself
    (guide), minus the keys that are not fields."""
    fields = item.get("attributes") if isinstance(item.get("attributes"), dict) else {}
    flat = {key: value for key, value in item.items() if key not in fixed and key != "attributes"}
    return {**flat, **fields}


def _attrs(fields, names, types, skip, errors, where):
    attrs = {}
    back = {kumu: ours for ours, kumu in names.items()}
    for key, value in fields.items():
        if not isinstance(key, str) or key.lower() in skip:
            continue
        low = key.strip().lower()
        name = back.get(low) or ("kind" if low == "type" else None) or (low.replace(" ", "_") if low.replace(" ", "_") in types else key)
        if value is None:
            continue
        if isinstance(value, dict):
            errors.append(_("%(where)s: “%(name)s” holds an object, not a value.") % {"where": where, "name": common.short(key)})
            continue
        if isinstance(value, list) and any(isinstance(item, (dict, list)) for item in value):
            errors.append(_("%(where)s: “%(name)s” holds a list of objects, not of values.") % {"where": where, "name": common.short(key)})
            continue
        try:
            attrs[name] = common.coerce(value, types[name]) if name in types else value
        except ValueError as error:
            errors.append(_("%(where)s, “%(name)s”: %(problem)s") % {"where": where, "name": name, "problem": error})
    return attrs


def read(data):
    common.check_size(data)
    try:
        document = json.loads(common.decode(data, "JSON"), parse_constant=_no_constants)
    except (ValueError, RecursionError):
        raise ImportProblems([_("This is not a JSON file: it could not be read.")]) from None
    if not isinstance(document, dict) or not isinstance(document.get("elements"), list):
        raise ImportProblems([_("This is not a Kumu blueprint: it needs a list of “elements”.")])
    connections = document.get("connections", [])
    if not isinstance(connections, list):
        raise ImportProblems([_("This is not a Kumu blueprint: “connections” must be a list.")])
    common.check_count(len(document["elements"]) + len(connections))
    errors, nodes = [], []
    for index, item in enumerate(document["elements"], start=1):
        where = _("Element %(number)s") % {"number": index}
        if not isinstance(item, dict):
            errors.append(_("%(where)s is not an object.") % {"where": where})
            continue
        fields = _fields(item, ("_id", "id"))
        label = fields.pop("label", fields.pop("Label", ""))
        label = "" if label is None else str(label).strip()
        raw_id = item.get("_id", item.get("id"))
        node_id = str(raw_id).strip() if raw_id not in (None, "") else label
        if not label:
            errors.append(_("%(where)s: the label is empty.") % {"where": where})
        attrs = _attrs(fields, NODE_NAMES, common.NODE_TYPES, (), errors, where)
        nodes.append(Node(node_id, label or node_id, attrs))
    by_label = {}
    for node in nodes:
        by_label.setdefault(node.label, []).append(node.id)
    ids = {node.id for node in nodes}
    edges = []
    for index, item in enumerate(connections, start=1):
        where = _("Connection %(number)s") % {"number": index}
        if not isinstance(item, dict):
            errors.append(_("%(where)s is not an object.") % {"where": where})
            continue
        ends = []
        for key in ("from", "to"):
            value = item.get(key)
            value = "" if value is None or isinstance(value, (dict, list)) else str(value).strip()
            if value and value not in ids and len(by_label.get(value, [])) == 1:
                value = by_label[value][0]
            ends.append(value)
        fields = _fields(item, ("_id", "id", "from", "to", "direction"))
        attrs = common.direction_attrs(item.get("direction", fields.pop("connection direction", "")), where, errors)
        directed = attrs.get("direction") == "one_way"
        attrs.update(_attrs(fields, EDGE_NAMES, common.EDGE_TYPES, ("direction",), errors, where))
        raw_id = item.get("_id", item.get("id"))
        edge_id = str(raw_id).strip() if raw_id not in (None, "") else f"connection-{index}"
        edges.append(Edge(edge_id, ends[0], ends[1], directed=directed, attrs=attrs))
    common.check_links(
        nodes, edges, errors,
        where_node=lambda i, n: _("Element %(number)s (“%(label)s”)") % {"number": i + 1, "label": common.short(n.label)},
        where_edge=lambda i, e: _("Connection %(number)s") % {"number": i + 1},
    )
    if errors:
        raise ImportProblems(errors, graph=common.readable_part(nodes, edges))
    name = document.get("name", "")
    kind = document.get("kind")
    return Graph(name=name if isinstance(name, str) else "", nodes=nodes, edges=edges,
                 attrs={"kind": kind} if isinstance(kind, str) and kind else {})
