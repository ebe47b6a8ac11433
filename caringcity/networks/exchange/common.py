"""What every exchange format shares: the problem list a reader raises, the limits, the typed
attribute names, and turning values into text and back.

Attribute types come from the file where the format declares them (GraphML keys, GEXF
attributes, JSON values). CSV has only text, so a column named like an attribute the maps use
(``graph.COMMUNITY_*``, ``graph.CARE_MAP_*`` and the few extra ones an import reads) gets that
attribute's type; any other column stays text."""

import math

from django.utils.translation import gettext as _

from caringcity.networks.graph import CARE_MAP_EDGE_ATTRS, CARE_MAP_NODE_ATTRS, COMMUNITY_EDGE_ATTRS, COMMUNITY_NODE_ATTRS

# How large an upload may be, and how many elements plus connections it may hold.
MAX_BYTES = 5 * 1024 * 1024
MAX_UNZIPPED = 20 * 1024 * 1024
MAX_ITEMS = 20_000
MAX_PROBLEMS = 200  # a file with more problems than this is reported with the first ones and a count

LIST_SEP = " | "  # how Kumu joins several values in one cell

# Extra attributes an import into the neighbourhood map reads (an export never writes them).
IMPORT_NODE_ATTRS = {"show_name": bool, "website": str, "email": str, "phone": str}
IMPORT_EDGE_ATTRS = {"note": str}

NODE_TYPES = {**COMMUNITY_NODE_ATTRS, **CARE_MAP_NODE_ATTRS, **IMPORT_NODE_ATTRS}
EDGE_TYPES = {**COMMUNITY_EDGE_ATTRS, **CARE_MAP_EDGE_ATTRS, **IMPORT_EDGE_ATTRS}
# the order columns and keys are written in: the maps' own attributes first, then any others by name
NODE_ORDER = list(NODE_TYPES)
EDGE_ORDER = list(EDGE_TYPES)

TRUE_WORDS = {"true", "yes", "y", "1"}
FALSE_WORDS = {"false", "no", "n", "0"}


class ImportProblems(Exception):
    """A file could not be read, or not all of it: ``errors`` names every bad row or element."""

    def __init__(self, errors, graph=None):
        errors = [str(error) for error in errors] or [_("The file could not be read.")]
        if len(errors) > MAX_PROBLEMS:
            more = len(errors) - MAX_PROBLEMS
            errors = errors[:MAX_PROBLEMS] + [_("… and %(count)s more problems.") % {"count": more}]
        self.errors = errors
        self.graph = graph  # what could be read, the bad parts left out (so the meaning can be checked too)
        super().__init__("; ".join(errors[:5]))


def type_of(value):
    """The attribute type of one value (bool before int: a bool is an int in Python)."""
    for typ in (bool, int, float, str, list):
        if isinstance(value, typ):
            return typ
    raise TypeError(f"attribute values are str, int, float, bool or list, not {type(value).__name__}")


def attr_types(items):
    """{name: type} over the attributes of nodes (or edges); a name holding both ints and floats is
    a float, any other mix is text."""
    found = {}
    for item in items:
        for name, value in item.attrs.items():
            typ = type_of(value)
            if name not in found:
                found[name] = typ
            elif found[name] is not typ:
                found[name] = float if {found[name], typ} <= {int, float} else str
    return found


def ordered(names, order):
    """Attribute names in a stable order: the maps' own first, then the rest alphabetically."""
    known = [name for name in order if name in names]
    return known + sorted(name for name in names if name not in order)


def to_text(value, typ=None):
    """One value as text: booleans as true/false, lists joined with " | "."""
    typ = typ or type_of(value)
    if typ is list:
        return LIST_SEP.join(str(item) for item in (value if isinstance(value, list) else [value]))
    if typ is bool or isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return LIST_SEP.join(str(item) for item in value)
    return repr(value) if isinstance(value, float) else str(value)


def from_text(text, typ):
    """Text back to a value of ``typ``; ValueError with a plain message when it is not one."""
    text = text.strip() if typ is not str else text
    if typ is str:
        return text
    if typ is bool:
        word = text.strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise ValueError(_("“%(value)s” is not yes or no (true or false).") % {"value": _short(text)})
    if typ is int:
        try:
            return int(text)
        except ValueError:
            raise ValueError(_("“%(value)s” is not a whole number.") % {"value": _short(text)}) from None
    if typ is float:
        try:
            number = float(text)
        except ValueError:
            raise ValueError(_("“%(value)s” is not a number.") % {"value": _short(text)}) from None
        if not math.isfinite(number):
            raise ValueError(_("“%(value)s” is not a number.") % {"value": _short(text)})
        return number
    if typ is list:
        return [part.strip() for part in text.split("|") if part.strip()]
    raise ValueError(f"unknown type {typ}")


def coerce(value, typ):
    """A value read from JSON made into ``typ`` (text is parsed; a single value becomes a list)."""
    if typ is list:
        if isinstance(value, list):
            return [str(item) for item in value]
        return from_text(str(value), list) if isinstance(value, str) else [to_text(value)]
    if type_of_safe(value) is typ or (typ is float and type_of_safe(value) is int):
        return float(value) if typ is float else value
    if isinstance(value, str):
        return from_text(value, typ)
    if typ is str:
        return to_text(value)
    raise ValueError(_("“%(value)s” is not the right kind of value.") % {"value": _short(str(value))})


def type_of_safe(value):
    try:
        return type_of(value)
    except TypeError:
        return None


def _short(text, length=40):
    text = str(text)
    return text if len(text) <= length else text[: length - 1] + "…"


short = _short


def check_links(nodes, edges, errors, *, where_node, where_edge):
    """Every node id once, every edge id once, every edge between two nodes in the file (and not
    from a node to itself). ``where_*`` name an item in a message ("row 4 of elements.csv")."""
    seen = {}
    for index, node in enumerate(nodes):
        if not node.id:
            errors.append(_("%(where)s: it has no id.") % {"where": where_node(index, node)})
        elif node.id in seen:
            errors.append(_("%(where)s: the id “%(id)s” is used twice.") % {"where": where_node(index, node), "id": _short(node.id)})
        else:
            seen[node.id] = node
    edge_ids = set()
    for index, edge in enumerate(edges):
        where = where_edge(index, edge)
        for end, name in ((edge.source, _("from")), (edge.target, _("to"))):
            if not end:
                errors.append(_("%(where)s: “%(end)s” is empty.") % {"where": where, "end": name})
            elif end not in seen:
                errors.append(_("%(where)s: “%(end)s” names “%(id)s”, which is not in the file.") % {"where": where, "end": name, "id": _short(end)})
        if edge.source and edge.source == edge.target:
            errors.append(_("%(where)s: it connects something to itself.") % {"where": where})
        if edge.id in edge_ids or (edge.id and edge.id in seen):
            errors.append(_("%(where)s: the id “%(id)s” is used twice.") % {"where": where, "id": _short(edge.id)})
        edge_ids.add(edge.id)


def check_size(data):
    if not data:
        raise ImportProblems([_("The file is empty.")])
    if len(data) > MAX_BYTES:
        raise ImportProblems([_("The file is too big: at most %(mb)s MB.") % {"mb": MAX_BYTES // (1024 * 1024)}])


def check_count(count):
    if count > MAX_ITEMS:
        raise ImportProblems([_("The file has more than %(max)s elements and connections; split it up.") % {"max": MAX_ITEMS}])


def decode(data, name):
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportProblems([_("%(name)s is not UTF-8 text. Save it as “CSV UTF-8” and try again.") % {"name": name}]) from None


def readable_part(nodes, edges, name="", attrs=None):
    """The part of a file that could be read: each id once, connections between two of them."""
    from caringcity.networks.graph import Graph

    kept, ids = [], set()
    for node in nodes:
        if node.id and node.id not in ids:
            ids.add(node.id)
            kept.append(node)
    good = [edge for edge in edges if edge.source in ids and edge.target in ids and edge.source != edge.target]
    return Graph(name=name, nodes=kept, edges=good, attrs=dict(attrs or {}))


def direction_attrs(word, where, errors):
    """Kumu's connection direction word ("directed", "mutual", "undirected" or empty) as our
    ``direction`` attribute; an unknown word adds an error naming ``where``."""
    word = str(word or "").strip().lower()
    if word not in ("", "directed", "mutual", "undirected"):
        errors.append(_("%(where)s: the direction “%(value)s” is not one of directed, mutual or undirected.")
                      % {"where": where, "value": short(word)})
    return {"directed": {"direction": "one_way"}, "mutual": {"direction": "both"}}.get(word, {})


def check_xml_links(nodes, edges, errors):
    """The end of reading GraphML or GEXF: every edge's ends must be nodes (errors name nodes and
    edges by position and id); raise ImportProblems with the readable part if anything is wrong."""
    check_links(
        nodes, edges, errors,
        where_node=lambda i, n: _("Node %(number)s (id “%(id)s”)") % {"number": i + 1, "id": short(n.id)},
        where_edge=lambda i, e: _("Edge %(number)s (id “%(id)s”)") % {"number": i + 1, "id": short(e.id)},
    )
    if errors:
        raise ImportProblems(errors, graph=readable_part(nodes, edges))
