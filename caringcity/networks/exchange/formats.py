"""The network exchange formats: each writes a ``graph.Graph`` as bytes and reads one back.

``FORMATS[key]`` is a ``Format(key, label, extension, content_type, write, read)``:
``write(graph) -> bytes`` is deterministic (the same graph gives the same bytes) and
``read(bytes) -> Graph`` raises ``ImportProblems(errors)`` naming every bad row or element, and
nothing else, whatever it is given. See docs/networks-exchange.md for what each format holds."""

import io
import logging
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from caringcity.networks.exchange import csvzip, gexf, graphml, kumu
from caringcity.networks.exchange.common import MAX_BYTES, ImportProblems  # noqa: F401 (part of the contract)

logger = logging.getLogger(__name__)


def _safely(reader, label):
    """A reader that answers ImportProblems for anything it cannot read, never another error."""

    def read(data):
        if not isinstance(data, (bytes, bytearray)):
            raise ImportProblems([_("The file could not be read.")])
        try:
            return reader(bytes(data))
        except ImportProblems:
            raise
        except RecursionError:
            raise ImportProblems([_("The file is nested too deeply to read.")]) from None
        except Exception:  # a reader bug must not become a server error; the file is the user's, so log no content
            logger.warning("%s reader failed on an upload", label, exc_info=True)
            raise ImportProblems([_("The file could not be read as %(format)s.") % {"format": label}]) from None

    return read


@dataclass(frozen=True)
class Format:
    key: str
    label: object
    extension: str
    content_type: str
    write: object
    read: object
    about: object = ""


FORMATS = {
    "csv": Format("csv", gettext_lazy("CSV (a zip of elements and connections)"), "zip", "application/zip",
                  csvzip.write, _safely(csvzip.read, "CSV"),
                  gettext_lazy("Two spreadsheets: one row per element, one row per connection. Opens in Excel, LibreOffice and Kumu.")),
    "kumu": Format("kumu", gettext_lazy("Kumu JSON blueprint"), "json", "application/json",
                   kumu.write, _safely(kumu.read, "Kumu JSON"),
                   gettext_lazy("Drop it onto a map in Kumu.")),
    "graphml": Format("graphml", gettext_lazy("GraphML"), "graphml", "application/graphml+xml",
                      graphml.write, _safely(graphml.read, "GraphML"),
                      gettext_lazy("For network tools such as Gephi, yEd, Cytoscape, networkx and igraph.")),
    "gexf": Format("gexf", gettext_lazy("GEXF 1.3 (Gephi)"), "gexf", "application/gexf+xml",
                   gexf.write, _safely(gexf.read, "GEXF"),
                   gettext_lazy("For Gephi. Checked against the official GEXF 1.3 schema.")),
}


def read_csv_files(elements, connections=None):
    """The two CSV files uploaded separately (connections may be left out)."""

    def both(_data):
        return csvzip.read_tables(elements, connections)

    for data in (elements, connections):
        if data is not None:
            csvzip.common.check_size(data)
    return _safely(both, "CSV")(elements)


def filename(stem, fmt, day):
    """A safe download name: a fixed word for what it is, the date and the extension. Never a
    person's name or anything about their health."""
    return f"{stem}-{day.isoformat()}.{FORMATS[fmt].extension}"


def read_upload(fmt, data, connections=None):
    """Read an upload in format ``fmt``. For CSV: a zip, or elements.csv (with connections.csv
    beside it, or alone)."""
    if fmt not in FORMATS:
        raise ImportProblems([_("Choose one of the formats listed.")])
    if fmt == "csv" and (connections is not None or not zipfile.is_zipfile(io.BytesIO(data or b""))):
        return read_csv_files(data or b"", connections)
    return FORMATS[fmt].read(data or b"")
