"""GraphML (http://graphml.graphdrawing.org/): the standard XML for graphs, read by networkx,
igraph, Gephi, yEd and Cytoscape.

Written: one ``<key>`` per attribute with ``attr.type`` int, double, boolean or string; a node's
label is the node key ``label``; the map's name and kind are graph keys ``name`` and ``kind``.
A list (kinds of care, what flows) is a string key whose values are joined with " | "; its key
carries ``<desc>list: values joined with " | "</desc>`` so our reader gives a list back.

Direction: a one-way tie is written ``directed="true"``. networkx and igraph refuse a graph that
mixes directed and undirected edges, so a map with any one-way tie is written
``edgedefault="directed"``: its both-ways ties then carry no ``directed`` attribute and are read
back as both ways from their ``direction`` key ("both"). A map with no one-way tie is
``edgedefault="undirected"``.
Read: the same, plus long/float keys, key defaults, keys ``for="all"``, ``directed="false"``, and
a graph without a label key (the node id is the label)."""

from xml.etree import ElementTree as ET

from django.utils.translation import gettext as _

from caringcity.networks.exchange import common, xmlsafe
from caringcity.networks.exchange.common import ImportProblems
from caringcity.networks.graph import Edge, Graph, Node

NS = "http://graphml.graphdrawing.org/xmlns"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = f"{NS} http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"
TYPE_NAMES = {bool: "boolean", int: "int", float: "double", str: "string", list: "string"}
READ_TYPES = {"boolean": bool, "int": int, "long": int, "float": float, "double": float, "string": str}
LIST_DESC = 'list: values joined with " | "'


def _q(name):
    return f"{{{NS}}}{name}"


def write(graph):
    ET.register_namespace("", NS)
    ET.register_namespace("xsi", XSI)
    root = ET.Element(_q("graphml"), {f"{{{XSI}}}schemaLocation": SCHEMA_LOCATION})
    keys = {}

    def add_key(kind, prefix, index, name, typ):
        key_id = f"{prefix}{index}"
        key = ET.SubElement(root, _q("key"), {"id": key_id, "for": kind, "attr.name": name, "attr.type": TYPE_NAMES[typ]})
        if typ is list:
            ET.SubElement(key, _q("desc")).text = LIST_DESC
        keys[(kind, name)] = (key_id, typ)

    graph_attrs = {"name": graph.name, **{k: v for k, v in sorted(graph.attrs.items()) if k != "name"}}
    for index, (name, value) in enumerate(graph_attrs.items()):
        add_key("graph", "g", index, name, common.type_of(value))
    add_key("node", "n", 0, "label", str)
    node_types = common.attr_types(graph.nodes)
    for index, name in enumerate(common.ordered(node_types, common.NODE_ORDER), start=1):
        add_key("node", "n", index, name, node_types[name])
    edge_types = common.attr_types(graph.edges)
    for index, name in enumerate(common.ordered(edge_types, common.EDGE_ORDER)):
        add_key("edge", "e", index, name, edge_types[name])

    def data(parent, kind, name, value):
        key_id, typ = keys[(kind, name)]
        ET.SubElement(parent, _q("data"), {"key": key_id}).text = common.to_text(value, typ)

    any_directed = any(edge.directed for edge in graph.edges)
    element = ET.SubElement(root, _q("graph"), {"id": "G", "edgedefault": "directed" if any_directed else "undirected"})
    for name, value in graph_attrs.items():
        data(element, "graph", name, value)
    for node in graph.nodes:
        item = ET.SubElement(element, _q("node"), {"id": node.id})
        data(item, "node", "label", node.label)
        for name in common.ordered(node.attrs, common.NODE_ORDER):
            data(item, "node", name, node.attrs[name])
    for edge in graph.edges:
        item = ET.SubElement(element, _q("edge"), {"id": edge.id, "source": edge.source, "target": edge.target,
                                                     **({"directed": "true"} if edge.directed else {})})
        for name in common.ordered(edge.attrs, common.EDGE_ORDER):
            data(item, "edge", name, edge.attrs[name])
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def read(data):
    root = xmlsafe.parse(data, "GraphML")
    if xmlsafe.local(root.tag) != "graphml":
        raise ImportProblems([_("This is not a GraphML file: it does not start with <graphml>.")])
    graphs = xmlsafe.children(root, "graph")
    if len(graphs) != 1:
        raise ImportProblems([_("A GraphML file here must hold exactly one graph.")])
    graph_element = graphs[0]
    errors = []
    keys = {}  # key id -> (for, name, type, default)
    for key in xmlsafe.children(root, "key"):
        key_id = key.get("id", "")
        name = key.get("attr.name") or key_id
        type_name = key.get("attr.type", "string")
        typ = READ_TYPES.get(type_name)
        if typ is None:
            errors.append(_("Key “%(id)s”: the type “%(type)s” is not one of boolean, int, long, float, double or string.")
                          % {"id": common.short(key_id), "type": common.short(type_name)})
            continue
        desc = xmlsafe.child(key, "desc")
        if typ is str and desc is not None and (desc.text or "").startswith("list:"):
            typ = list
        default = xmlsafe.child(key, "default")
        default_value = None
        if default is not None:
            try:
                default_value = common.from_text(default.text or "", typ)
            except ValueError as error:
                errors.append(_("Key “%(id)s”: its default: %(problem)s") % {"id": common.short(key_id), "problem": error})
        keys[key_id] = (key.get("for", "all"), name, typ, default_value)
    if errors:
        raise ImportProblems(errors)
    default_directed = graph_element.get("edgedefault", "directed") == "directed"
    node_elements = xmlsafe.children(graph_element, "node")
    edge_elements = xmlsafe.children(graph_element, "edge")
    common.check_count(len(node_elements) + len(edge_elements))

    def values(element, kind, where):
        attrs = {key_name: default for key_for, key_name, _t, default in keys.values()
                 if key_for in (kind, "all") and default is not None}
        for item in xmlsafe.children(element, "data"):
            key_id = item.get("key", "")
            if key_id not in keys:
                errors.append(_("%(where)s: its data names the key “%(key)s”, which is not declared.") % {"where": where, "key": common.short(key_id)})
                continue
            key_for, name, typ, _default = keys[key_id]
            if key_for not in (kind, "all"):
                errors.append(_("%(where)s: the key “%(key)s” is not for a %(kind)s.") % {"where": where, "key": common.short(key_id), "kind": kind})
                continue
            try:
                attrs[name] = common.from_text("".join(item.itertext()), typ)
            except ValueError as error:
                errors.append(_("%(where)s, “%(name)s”: %(problem)s") % {"where": where, "name": name, "problem": error})
        return attrs

    graph_attrs = values(graph_element, "graph", _("The graph"))
    nodes = []
    for index, element in enumerate(node_elements, start=1):
        node_id = element.get("id", "")
        where = _("Node %(number)s (id “%(id)s”)") % {"number": index, "id": common.short(node_id)}
        attrs = values(element, "node", where)
        label = attrs.pop("label", None)
        nodes.append(Node(node_id, str(label) if label not in (None, "") else node_id, attrs))
    edges = []
    for index, element in enumerate(edge_elements, start=1):
        edge_id = element.get("id") or f"e{index}"
        where = _("Edge %(number)s (id “%(id)s”)") % {"number": index, "id": common.short(edge_id)}
        word = element.get("directed")
        if word not in (None, "true", "false"):
            errors.append(_("%(where)s: directed is “%(value)s”, not true or false.") % {"where": where, "value": common.short(word)})
        attrs = values(element, "edge", where)
        if word is not None:
            directed = word == "true"
        elif attrs.get("direction") in ("one_way", "both"):
            directed = attrs["direction"] == "one_way"
        else:
            directed = default_directed
        edges.append(Edge(edge_id, element.get("source", ""), element.get("target", ""), directed=directed, attrs=attrs))
    common.check_xml_links(nodes, edges, errors)
    name = graph_attrs.pop("name", "")
    return Graph(name=str(name), nodes=nodes, edges=edges, attrs=graph_attrs)
