"""GEXF 1.3 (https://gexf.net), Gephi's format, written so that it validates against the official
schema (``shared/standards/gexf/1.3/gexf.xsd``).

networkx's ``write_gexf(..., version="1.3")`` does not validate, for three reasons we fixed here:
1. it declares the XML Schema instance namespace as ``http://w3.org/2001/XMLSchema-instance``
   (without "www"), so ``xsi:schemaLocation`` is an attribute in an unknown namespace, which the
   schema does not allow on ``<gexf>``; we use ``http://www.w3.org/2001/XMLSchema-instance``;
2. it puts ``name`` on ``<graph>``, which GEXF 1.3 does not have; the map's name goes in
   ``<meta><description>`` and its kind in ``<meta><keywords>``;
3. it treats every list value as a list of (value, start, end) spells and fails on a plain list
   of words; we declare such attributes ``liststring`` and write the value as a JSON array
   (``["Food", "Company"]``), one of the forms Gephi reads.
We also write no ``lastmodifieddate`` (the output is the same bytes for the same map) and
``count`` on ``<nodes>``/``<edges>``. Direction: networkx refuses a graph mixing directed and
undirected edges, so a map with any one-way tie is ``defaultedgetype="directed"`` with each
one-way tie ``type="directed"`` and each both-ways tie ``type="mutual"`` (GEXF's word for it;
Gephi and networkx draw it both ways); a map with no one-way tie is ``"undirected"`` throughout.

Read: GEXF 1.1, 1.2 and 1.3 as Gephi writes them; lists as JSON arrays, ``[a, b]`` or ``a|b``;
attribute defaults; ``mutual`` edges are undirected here. Drawing details (viz) and dynamics
(spells) are left out."""

import json
from xml.etree import ElementTree as ET

from django.utils.translation import gettext as _

from caringcity.networks.exchange import common, xmlsafe
from caringcity.networks.exchange.common import ImportProblems
from caringcity.networks.graph import Edge, Graph, Node

NS = "http://gexf.net/1.3"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = f"{NS} http://gexf.net/1.3/gexf.xsd"
TYPE_NAMES = {bool: "boolean", int: "long", float: "double", str: "string", list: "liststring"}
READ_TYPES = {
    "boolean": bool, "integer": int, "long": int, "short": int, "byte": int, "biginteger": int,
    "double": float, "float": float, "bigdecimal": float, "string": str, "char": str, "anyuri": str,
}
MAP_KINDS = ("community", "care_map")


def _q(name):
    return f"{{{NS}}}{name}"


def _text(value, typ):
    if typ is list:
        return json.dumps([str(item) for item in value], ensure_ascii=False)
    return common.to_text(value, typ)


def write(graph):
    ET.register_namespace("", NS)
    ET.register_namespace("xsi", XSI)
    root = ET.Element(_q("gexf"), {f"{{{XSI}}}schemaLocation": SCHEMA_LOCATION, "version": "1.3"})
    meta = ET.SubElement(root, _q("meta"))
    ET.SubElement(meta, _q("creator")).text = "Caring City"
    if graph.attrs.get("kind"):
        ET.SubElement(meta, _q("keywords")).text = str(graph.attrs["kind"])
    if graph.name:
        ET.SubElement(meta, _q("description")).text = graph.name
    mixed = any(edge.directed for edge in graph.edges)
    element = ET.SubElement(root, _q("graph"), {"defaultedgetype": "directed" if mixed else "undirected", "mode": "static",
                                                 "idtype": "string"})
    declared = {}
    for cls, items, order, prefix in (("node", graph.nodes, common.NODE_ORDER, "n"), ("edge", graph.edges, common.EDGE_ORDER, "e")):
        types = common.attr_types(items)
        attributes = ET.SubElement(element, _q("attributes"), {"class": cls, "mode": "static"})
        for index, name in enumerate(common.ordered(types, order)):
            attr_id = f"{prefix}{index}"
            ET.SubElement(attributes, _q("attribute"), {"id": attr_id, "title": name, "type": TYPE_NAMES[types[name]]})
            declared[(cls, name)] = (attr_id, types[name])

    def attvalues(parent, cls, attrs, order):
        if not attrs:
            return
        box = ET.SubElement(parent, _q("attvalues"))
        for name in common.ordered(attrs, order):
            attr_id, typ = declared[(cls, name)]
            ET.SubElement(box, _q("attvalue"), {"for": attr_id, "value": _text(attrs[name], typ)})

    nodes = ET.SubElement(element, _q("nodes"), {"count": str(len(graph.nodes))})
    for node in graph.nodes:
        item = ET.SubElement(nodes, _q("node"), {"id": node.id, "label": node.label})
        attvalues(item, "node", node.attrs, common.NODE_ORDER)
    edges = ET.SubElement(element, _q("edges"), {"count": str(len(graph.edges))})
    for edge in graph.edges:
        item = ET.SubElement(edges, _q("edge"), {"id": edge.id, "source": edge.source, "target": edge.target,
                                                   "type": "directed" if edge.directed else "mutual" if mixed else "undirected"})
        attvalues(item, "edge", edge.attrs, common.EDGE_ORDER)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _list(text):
    text = text.strip()
    if text.startswith("["):
        try:
            value = json.loads(text)
        except ValueError:
            value = None
        if isinstance(value, list):
            return [str(item) for item in value]
        inner = text[1:-1] if text.endswith("]") else text[1:]
        return [part.strip().strip('"') for part in inner.split(",") if part.strip()]
    return [part.strip() for part in text.split("|") if part.strip()]


def _value(text, typ):
    return _list(text) if typ is list else common.from_text(text, typ)


def read(data):
    root = xmlsafe.parse(data, "GEXF")
    if xmlsafe.local(root.tag) != "gexf":
        raise ImportProblems([_("This is not a GEXF file: it does not start with <gexf>.")])
    graph_element = xmlsafe.child(root, "graph")
    if graph_element is None:
        raise ImportProblems([_("The GEXF file has no <graph>.")])
    errors = []
    declared = {}  # (class, id) -> (title, type, default)
    for attributes in xmlsafe.children(graph_element, "attributes"):
        cls = attributes.get("class", "node")
        for attribute in xmlsafe.children(attributes, "attribute"):
            attr_id, title = attribute.get("id", ""), attribute.get("title") or attribute.get("id", "")
            type_name = (attribute.get("type") or "string").lower()
            typ = list if type_name.startswith("list") else READ_TYPES.get(type_name)
            if typ is None:
                errors.append(_("Attribute “%(title)s”: the type “%(type)s” is not one GEXF knows.")
                              % {"title": common.short(title), "type": common.short(type_name)})
                continue
            default = xmlsafe.child(attribute, "default")
            default_value = None
            if default is not None:
                try:
                    default_value = _value(default.text or "", typ)
                except ValueError as error:
                    errors.append(_("Attribute “%(title)s”: its default: %(problem)s") % {"title": common.short(title), "problem": error})
            declared[(cls, attr_id)] = (title, typ, default_value)
    if errors:
        raise ImportProblems(errors)
    nodes_element, edges_element = xmlsafe.child(graph_element, "nodes"), xmlsafe.child(graph_element, "edges")
    node_elements = xmlsafe.children(nodes_element, "node") if nodes_element is not None else []
    edge_elements = xmlsafe.children(edges_element, "edge") if edges_element is not None else []
    common.check_count(len(node_elements) + len(edge_elements))
    default_type = graph_element.get("defaultedgetype", "undirected")

    def values(element, cls, where):
        attrs = {title: default for (c, _i), (title, _t, default) in declared.items() if c == cls and default is not None}
        box = xmlsafe.child(element, "attvalues")
        for item in (xmlsafe.children(box, "attvalue") if box is not None else []):
            attr_id = item.get("for") or item.get("id") or ""
            if (cls, attr_id) not in declared:
                errors.append(_("%(where)s: a value is for the attribute “%(id)s”, which is not declared.") % {"where": where, "id": common.short(attr_id)})
                continue
            title, typ, _default = declared[(cls, attr_id)]
            try:
                attrs[title] = _value(item.get("value", ""), typ)
            except ValueError as error:
                errors.append(_("%(where)s, “%(name)s”: %(problem)s") % {"where": where, "name": title, "problem": error})
        return attrs

    nodes = []
    for index, element in enumerate(node_elements, start=1):
        node_id = element.get("id", "")
        where = _("Node %(number)s (id “%(id)s”)") % {"number": index, "id": common.short(node_id)}
        nodes.append(Node(node_id, element.get("label") or node_id, values(element, "node", where)))
    edges = []
    for index, element in enumerate(edge_elements, start=1):
        edge_id = element.get("id") or f"e{index}"
        where = _("Edge %(number)s (id “%(id)s”)") % {"number": index, "id": common.short(edge_id)}
        kind = element.get("type") or default_type
        if kind not in ("directed", "undirected", "mutual"):
            errors.append(_("%(where)s: the type “%(value)s” is not directed, undirected or mutual.") % {"where": where, "value": common.short(kind)})
        edges.append(Edge(edge_id, element.get("source", ""), element.get("target", ""), directed=kind == "directed",
                          attrs=values(element, "edge", where)))
    common.check_xml_links(nodes, edges, errors)
    meta = xmlsafe.child(root, "meta")
    name, attrs = "", {}
    if meta is not None:
        description, keywords = xmlsafe.child(meta, "description"), xmlsafe.child(meta, "keywords")
        name = (description.text or "").strip() if description is not None else ""
        words = (keywords.text or "").replace(",", " ").split() if keywords is not None else []
        kinds = [word for word in words if word in MAP_KINDS]
        if kinds:
            attrs["kind"] = kinds[0]
    return Graph(name=name or graph_element.get("name", ""), nodes=nodes, edges=edges, attrs=attrs)
