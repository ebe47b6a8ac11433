"""Reading REFI-QDA: codebooks (``.qdc``) from any tool, and projects (``.qdpx``) as far as their
text sources go.

Uploaded files are hostile until shown otherwise: the size is checked first, the XML is parsed by
defusedxml with DTDs, entities and external references forbidden (no billion laughs, no XXE, no
network), nesting is limited, zip entries are read by name (never extracted) and their total
unpacked size is capped. Whatever is wrong ends as one ``RefiQdaError`` with a plain message.

Tolerated, because tools write them: an empty ``<Sets/>`` or no ``Sets`` at all; colours as
``#rgb``/``#rrggbb`` in either case (normalised to ``#RRGGBB``; an unreadable colour is dropped);
``isCodable`` missing (taken as true, as the standard's tools do) or written ``1``/``0``; guids in
braces or capitals; namespace versions other than 1.0 (``urn:QDA-XML:codebook:0.4``); a codebook
whose elements use the project namespace; a ``.qde`` under another name than ``project.qde``; a
``Sources`` folder spelt with a capital; a byte order mark before a source's text.
"""

import datetime
import io
import re
import zipfile
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from caringcity.stories.refiqda.model import (
    Code, Project, RefiQdaError, Segment, Set, Source, User, as_uuid, normal_color,
)

MAX_QDC_BYTES = 5 * 1024 * 1024
MAX_QDPX_BYTES = 200 * 1024 * 1024
MAX_UNPACKED_BYTES = 500 * 1024 * 1024
MAX_ENTRIES = 5000
MAX_DEPTH = 50
CODEBOOK_NS = re.compile(r"urn:QDA-XML:codebook:[0-9.:]+")
PROJECT_NS = re.compile(r"urn:QDA-XML:project:[0-9.:]+")


def _local(tag):
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _namespace(tag):
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and tag.startswith("{") else ""


def _children(element, name):
    return [child for child in element if _local(child.tag) == name]


def _child(element, name):
    found = _children(element, name)
    return found[0] if found else None


def _text(element, name):
    found = _child(element, name)
    text = (found.text or "") if found is not None else ""
    return text if text.strip() else ""


def _parse(data, max_bytes, what):
    if isinstance(data, str):
        data = data.encode("utf-8")
    if not isinstance(data, (bytes, bytearray)):
        raise RefiQdaError(_("Nothing was uploaded."))
    if len(data) > max_bytes:
        raise RefiQdaError(_("The file is too large: at most %(size)s MB.") % {"size": max_bytes // (1024 * 1024)})
    if not data.strip():
        raise RefiQdaError(_("The file is empty."))
    try:
        return fromstring(bytes(data), forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise RefiQdaError(_("The file declares a DTD or entities, which are refused for safety.")) from None
    except (ParseError, ValueError, UnicodeError):
        raise RefiQdaError(_("This is not a %(what)s: its XML could not be read.") % {"what": what}) from None


def _guid(element, what):
    value = element.get("guid")
    if value is None:
        raise RefiQdaError(_("%(what)s has no guid.") % {"what": what})
    return as_uuid(value, N_("%(thing)s: its guid"), thing=what)


def _bool(value):
    return str(value).strip().lower() not in ("false", "0")


def _color(value):
    try:
        return normal_color(value)
    except RefiQdaError:
        return None


def _codes(container, seen, depth=0):
    if depth > MAX_DEPTH:
        raise RefiQdaError(_("The codes are nested more than %(depth)s deep.") % {"depth": MAX_DEPTH})
    codes = []
    for element in _children(container, "Code"):
        name = (element.get("name") or "").strip()
        if not name:
            raise RefiQdaError(_("A code has no name."))
        guid = _guid(element, _("The code “%(name)s”") % {"name": name})
        if guid in seen:
            raise RefiQdaError(_("Two codes share the guid %(guid)s.") % {"guid": guid})
        seen.add(guid)
        codes.append(Code(guid=guid, name=name, color=_color(element.get("color")),
                          description=_text(element, "Description"), is_codable=_bool(element.get("isCodable", "true")),
                          children=_codes(element, seen, depth + 1)))
    return codes


def read_qdc(data, max_bytes=MAX_QDC_BYTES) -> list[Code]:
    """The codes of a REFI-QDA codebook, nested as in the file."""
    if isinstance(data, (bytes, bytearray)) and bytes(data[:4]) == b"PK\x03\x04":
        raise RefiQdaError(_("This is a REFI-QDA project (.qdpx) or another zip file, not a codebook (.qdc)."))
    root = _parse(data, max_bytes, _("REFI-QDA codebook"))
    namespace = _namespace(root.tag)
    if _local(root.tag) != "CodeBook" or not (CODEBOOK_NS.fullmatch(namespace) or PROJECT_NS.fullmatch(namespace)):
        raise RefiQdaError(_("This is not a REFI-QDA codebook: it should start with CodeBook in the namespace "
                             "urn:QDA-XML:codebook:1.0."))
    container = _child(root, "Codes")
    if container is None:
        return []
    return _codes(container, set())


def read_sets(element):
    sets = []
    container = _child(element, "Sets")
    for item in _children(container, "Set") if container is not None else []:
        name = (item.get("name") or "").strip()
        sets.append(Set(guid=_guid(item, _("The set “%(name)s”") % {"name": name}), name=name,
                        description=_text(item, "Description"),
                        codes=[as_uuid(ref.get("targetGUID"), N_("A member of a set")) for ref in _children(item, "MemberCode")],
                        sources=[as_uuid(ref.get("targetGUID"), N_("A member of a set")) for ref in _children(item, "MemberSource")]))
    return sets


def _when(value):
    if not value:
        return None
    try:
        return datetime.datetime.fromisoformat(value.strip())
    except ValueError:
        return None


def _optional_uuid(value):
    try:
        return as_uuid(value) if value else None
    except RefiQdaError:
        return None


def _open_zip(data, max_bytes):
    if not isinstance(data, (bytes, bytearray)):
        raise RefiQdaError(_("Nothing was uploaded."))
    if len(data) > max_bytes:
        raise RefiQdaError(_("The file is too large: at most %(size)s MB.") % {"size": max_bytes // (1024 * 1024)})
    try:
        archive = zipfile.ZipFile(io.BytesIO(bytes(data)))
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise RefiQdaError(_("This is not a REFI-QDA project (.qdpx): it is not a zip file.")) from None
    if len(entries) > MAX_ENTRIES or sum(entry.file_size for entry in entries) > MAX_UNPACKED_BYTES:
        raise RefiQdaError(_("The project unpacks to too many or too large files."))
    return archive


def _read_entry(archive, name, limit):
    try:
        info = archive.getinfo(name)
        if info.file_size > limit:
            raise RefiQdaError(_("A file inside the project is too large."))
        with archive.open(info) as handle:
            data = handle.read(limit + 1)
    except KeyError:
        return None
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError):
        raise RefiQdaError(_("A file inside the project could not be unpacked.")) from None
    if len(data) > limit:
        raise RefiQdaError(_("A file inside the project is too large."))
    return data


def _source_text(archive, element, names, name):
    content = _child(element, "PlainTextContent")
    if content is not None:
        return content.text or ""
    path = element.get("plainTextPath") or ""
    if not path.startswith("internal://"):
        raise RefiQdaError(_("The source “%(name)s” keeps its text outside the project file.") % {"name": name})
    wanted = path[len("internal://"):].lstrip("/").lower()
    entry = names.get(f"sources/{wanted}")
    data = _read_entry(archive, entry, MAX_UNPACKED_BYTES) if entry else None
    if data is None:
        raise RefiQdaError(_("The text of the source “%(name)s” is missing from the project.") % {"name": name})
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise RefiQdaError(_("The text of the source “%(name)s” is not UTF-8.") % {"name": name}) from None
    return text[1:] if text.startswith("\ufeff") else text


def read_qdpx(data, max_bytes=MAX_QDPX_BYTES) -> Project:
    """A REFI-QDA project: users, codes, text sources with their coded passages, sets. Other source
    kinds (audio, video, pictures, PDF), notes, cases and variables are left out."""
    archive = _open_zip(data, max_bytes)
    names = {info.filename.replace("\\", "/").lower(): info.filename for info in archive.infolist()}
    qde = names.get("project.qde") or next((names[key] for key in sorted(names) if "/" not in key and key.endswith(".qde")), None)
    if qde is None:
        raise RefiQdaError(_("This is not a REFI-QDA project (.qdpx): it holds no .qde file."))
    root = _parse(_read_entry(archive, qde, MAX_QDC_BYTES * 20), MAX_QDC_BYTES * 20, _("REFI-QDA project"))
    if _local(root.tag) != "Project" or not PROJECT_NS.fullmatch(_namespace(root.tag)):
        raise RefiQdaError(_("This is not a REFI-QDA project: its XML should start with Project in the namespace "
                             "urn:QDA-XML:project:1.0."))
    users_element = _child(root, "Users")
    users = [User(guid=_guid(user, _("A user")), name=user.get("name") or "")
             for user in (_children(users_element, "User") if users_element is not None else [])]
    codebook = _child(root, "CodeBook")
    codes_element = _child(codebook, "Codes") if codebook is not None else None
    codes = _codes(codes_element, set()) if codes_element is not None else []
    sources, segments = [], []
    sources_element = _child(root, "Sources")
    for element in _children(sources_element, "TextSource") if sources_element is not None else []:
        name = element.get("name") or ""
        source = Source(guid=_guid(element, _("The source “%(name)s”") % {"name": name}), name=name,
                        text=_source_text(archive, element, names, name), description=_text(element, "Description"),
                        creating_user=_optional_uuid(element.get("creatingUser")),
                        created=_when(element.get("creationDateTime")))
        sources.append(source)
        for selection in _children(element, "PlainTextSelection"):
            try:
                start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
            except (TypeError, ValueError):
                raise RefiQdaError(_("A coded passage of “%(name)s” has no valid positions.") % {"name": name}) from None
            if not 0 <= start <= end <= len(source.text):
                raise RefiQdaError(_("A coded passage of “%(name)s” lies outside its text.") % {"name": name})
            codes_here = []
            for coding in _children(selection, "Coding"):
                ref = _child(coding, "CodeRef")
                if ref is not None:
                    codes_here.append(as_uuid(ref.get("targetGUID"), N_("The code of a coding")))
            segments.append(Segment(guid=_guid(selection, _("A coded passage")), source=source.guid, start=start, end=end,
                                    codes=codes_here, note=_text(selection, "Description"),
                                    creating_user=_optional_uuid(selection.get("creatingUser")),
                                    created=_when(selection.get("creationDateTime"))))
    return Project(name=root.get("name") or "", origin=root.get("origin") or "", created=_when(root.get("creationDateTime")),
                   creating_user=_optional_uuid(root.get("creatingUserGUID")), users=users, codes=codes,
                   sources=sources, segments=segments, sets=read_sets(root), description=_text(root, "Description"))
