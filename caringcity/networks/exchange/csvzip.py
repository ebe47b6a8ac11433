"""CSV: a zip of ``elements.csv`` and ``connections.csv``, the two-sheet layout Kumu and most
network tools import.

elements.csv: ``ID, Label, Type, Description`` then one column per other attribute.
connections.csv: ``ID, From, To, Type, Direction`` then one column per other attribute.
``Type`` is the attribute ``kind``, ``Description`` the attribute ``description``. ``From``/``To``
name an element by its ID (or, in a file without IDs, by its label). ``Direction`` is Kumu's word:
"directed" (the first gives care to the second), "mutual" (both ways) or "undirected".
Several values in one cell are joined with " | " as Kumu does. Text that a spreadsheet would run as
a formula (starting with = + - @) is written with a leading apostrophe, which the reader removes.
Row numbers in messages count the header as row 1, as a spreadsheet does."""

import csv
import io
import zipfile

from django.utils.translation import gettext as _

from caringcity.networks.exchange import common
from caringcity.networks.exchange.common import ImportProblems
from caringcity.networks.graph import Edge, Graph, Node

ELEMENTS, CONNECTIONS = "elements.csv", "connections.csv"
NODE_FIXED = {"kind": "Type", "description": "Description"}
EDGE_FIXED = {"kind": "Type"}
FORMULA = ("=", "+", "-", "@", "\t", "\r")
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # a fixed date inside the zip, so the same map gives the same bytes


# --- writing -------------------------------------------------------------------------------------
def _cell(value, typ):
    text = common.to_text(value, typ)
    if typ is str and text[:1] in FORMULA:
        return "'" + text
    return text


def _direction_word(edge):
    direction = edge.attrs.get("direction")
    if edge.directed:
        return "directed"
    return "mutual" if direction == "both" else "undirected"


def _table(rows):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def write_tables(graph):
    """(elements.csv bytes, connections.csv bytes). ``Type`` and ``Description`` are there when the
    map has those attributes (a care map's people have no kind)."""
    node_types = common.attr_types(graph.nodes)
    node_fixed = [name for name in NODE_FIXED if name in node_types]
    node_names = [n for n in common.ordered(node_types, common.NODE_ORDER) if n not in NODE_FIXED]
    rows = [["ID", "Label", *(NODE_FIXED[name] for name in node_fixed), *node_names]]
    for node in graph.nodes:
        rows.append([_cell(node.id, str), _cell(node.label, str),
                     *(_cell(node.attrs[n], node_types[n]) if n in node.attrs else "" for n in [*node_fixed, *node_names])])
    elements = _table(rows)
    edge_types = common.attr_types(graph.edges)
    edge_fixed = [name for name in EDGE_FIXED if name in edge_types]
    edge_names = [n for n in common.ordered(edge_types, common.EDGE_ORDER) if n not in EDGE_FIXED and n != "direction"]
    rows = [["ID", "From", "To", *(EDGE_FIXED[name] for name in edge_fixed), "Direction", *edge_names]]
    for edge in graph.edges:
        fixed = [_cell(edge.attrs[n], edge_types[n]) if n in edge.attrs else "" for n in edge_fixed]
        rows.append([_cell(edge.id, str), _cell(edge.source, str), _cell(edge.target, str), *fixed, _direction_word(edge),
                     *(_cell(edge.attrs[n], edge_types[n]) if n in edge.attrs else "" for n in edge_names)])
    return elements, _table(rows)


def write(graph):
    elements, connections = write_tables(graph)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in ((ELEMENTS, elements), (CONNECTIONS, connections)):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return out.getvalue()


# --- reading -------------------------------------------------------------------------------------
def _uncell(text):
    return text[1:] if text[:1] == "'" and text[1:2] in FORMULA else text


def _header(cells):
    """Column names as the reader knows them: ID/Label/Type/... in any case; an attribute the maps
    use also by its words ("Care kinds" is care_kinds)."""
    fixed = {"id": "ID", "label": "Label", "name": "Label", "type": "Type", "description": "Description",
             "from": "From", "to": "To", "direction": "Direction"}
    result = []
    for cell in cells:
        name = cell.strip()
        low = name.lower()
        if low in fixed:
            result.append(fixed[low])
        elif low.replace(" ", "_") in common.NODE_TYPES or low.replace(" ", "_") in common.EDGE_TYPES:
            result.append(low.replace(" ", "_"))
        else:
            result.append(name)
    return result


def _numbered(data, name, errors):
    """(header, [(row number, {column: text})]), counting rows as a spreadsheet does: the header
    is row 1; blank rows are skipped but counted."""
    text = common.decode(data, name)
    if "\x00" in text:
        raise ImportProblems([_("%(name)s is not a CSV file.") % {"name": name}])
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise ImportProblems([_("%(name)s could not be read as CSV (%(error)s).") % {"name": name, "error": error}]) from None
    numbered = [(number, row) for number, row in enumerate(records, start=1) if any(cell.strip() for cell in row)]
    if not numbered:
        raise ImportProblems([_("%(name)s is empty: it needs a header row.") % {"name": name}])
    common.check_count(len(numbered) - 1)
    header = _header(numbered[0][1])
    dupes = sorted({h for h in header if h and header.count(h) > 1})
    if dupes:
        errors.append(_("%(name)s: the columns %(columns)s appear twice.") % {"name": name, "columns": ", ".join(dupes)})
    result = []
    for number, row in numbered[1:]:
        if any(cell.strip() for cell in row[len(header):]):
            errors.append(_("Row %(row)s of %(name)s has more cells than the header has columns.") % {"row": number, "name": name})
        result.append((number, {column: _uncell(row[i]) if i < len(row) else "" for i, column in enumerate(header) if column}))
    return header, result


def _attr(name, text, types, errors, where):
    typ = types.get(name, str)
    if text.strip() == "" and typ is list:
        return []
    if text.strip() == "" and typ is not str:
        return None  # an empty cell: no value
    try:
        return common.from_text(text, typ)
    except ValueError as error:
        errors.append(_("%(where)s, column “%(column)s”: %(problem)s") % {"where": where, "column": name, "problem": error})
        return None


def read_tables(elements, connections=None):
    """A graph from elements.csv (and connections.csv, which may be left out) as bytes."""
    errors = []
    header, rows = _numbered(elements, ELEMENTS, errors)
    if "Label" not in header and "ID" not in header:
        raise ImportProblems([_("elements.csv needs a “Label” column (and may have an “ID” column).")])
    nodes, where_nodes = [], []
    for number, row in rows:
        where = _("Row %(row)s of elements.csv") % {"row": number}
        label = row.get("Label", "").strip()
        node_id = row.get("ID", "").strip() or label
        if not label:
            errors.append(_("%(where)s: the label is empty.") % {"where": where})
        attrs = {}
        for column, text in row.items():
            if column in ("ID", "Label"):
                continue
            name = {"Type": "kind", "Description": "description"}.get(column, column)
            value = _attr(name, text, common.NODE_TYPES, errors, where)
            if value is not None:
                attrs[name] = value
        nodes.append(Node(node_id, label or node_id, attrs))
        where_nodes.append(where)
    edges, where_edges = [], []
    if connections is not None:
        header, rows = _numbered(connections, CONNECTIONS, errors)
        missing = [column for column in ("From", "To") if column not in header]
        if missing:
            raise ImportProblems([_("connections.csv needs the columns “From” and “To”.")])
        by_label = {}
        for node in nodes:
            by_label.setdefault(node.label, []).append(node.id)
        ids = {node.id for node in nodes}
        for number, row in rows:
            where = _("Row %(row)s of connections.csv") % {"row": number}
            ends = []
            for column in ("From", "To"):
                name = row.get(column, "").strip()
                if name and name not in ids and len(by_label.get(name, [])) == 1:
                    name = by_label[name][0]  # named by its label in a file that also has IDs
                ends.append(name)
            attrs = common.direction_attrs(row.get("Direction", ""), where, errors)
            directed = attrs.get("direction") == "one_way"
            for column, text in row.items():
                if column in ("ID", "From", "To", "Direction"):
                    continue
                name = "kind" if column == "Type" else column
                value = _attr(name, text, common.EDGE_TYPES, errors, where)
                if value is not None:
                    attrs[name] = value
            edges.append(Edge(row.get("ID", "").strip() or f"row-{number}", ends[0], ends[1], directed=directed, attrs=attrs))
            where_edges.append(where)
    common.check_links(nodes, edges, errors, where_node=lambda i, n: where_nodes[i], where_edge=lambda i, e: where_edges[i])
    if errors:
        raise ImportProblems(errors, graph=common.readable_part(nodes, edges))
    return Graph(name="", nodes=nodes, edges=edges, attrs={})


def _member(archive, wanted):
    found = [info for info in archive.infolist() if not info.is_dir() and info.filename.replace("\\", "/").rsplit("/", 1)[-1].lower() == wanted]
    if len(found) > 1:
        raise ImportProblems([_("The zip holds more than one %(name)s.") % {"name": wanted}])
    return found[0] if found else None


def _read_member(archive, info):
    if info.file_size > common.MAX_UNZIPPED:
        raise ImportProblems([_("%(name)s is too big once unzipped.") % {"name": info.filename}])
    with archive.open(info) as handle:
        data = handle.read(common.MAX_UNZIPPED + 1)
    if len(data) > common.MAX_UNZIPPED:
        raise ImportProblems([_("%(name)s is too big once unzipped.") % {"name": info.filename}])
    return data


def read(data):
    common.check_size(data)
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ImportProblems([_("This is not a zip file. Upload a zip of elements.csv and connections.csv, or the two CSV files.")])
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if len(archive.infolist()) > 20:
                raise ImportProblems([_("The zip holds too many files: it should hold elements.csv and connections.csv.")])
            elements, connections = _member(archive, ELEMENTS), _member(archive, CONNECTIONS)
            if elements is None:
                raise ImportProblems([_("The zip has no elements.csv.")])
            if sum(info.file_size for info in archive.infolist()) > common.MAX_UNZIPPED:
                raise ImportProblems([_("The files in the zip are too big once unzipped.")])
            element_data = _read_member(archive, elements)
            connection_data = _read_member(archive, connections) if connections else None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, NotImplementedError, RuntimeError, ValueError):
        raise ImportProblems([_("The zip file is damaged or cut short.")]) from None
    return read_tables(element_data, connection_data)
