"""Writing REFI-QDA: a project as ``.qdpx`` (QDA-XML 1.0 ``project.qde`` plus its sources, zipped)
and a codebook as ``.qdc``. The output validates against the official ``Project.xsd`` (the tests
check it) and follows what the tools that read it expect:

- the zip holds ``project.qde`` first and the source files in a ``sources`` folder, lower case, as
  the REFI-QDA standard names it (ATLAS.ti and MAXQDA look for that spelling; zip names are case
  sensitive). A text source is ``sources/<guid>.txt``, UTF-8 without a byte order mark, named in
  the XML by ``plainTextPath="internal://<guid>.txt"``;
- guids are lower-case UUIDs; dates are UTC, ``2026-11-22T10:15:00Z`` (a naive datetime is taken
  as UTC);
- every coded passage is a ``PlainTextSelection`` (start and end are character positions in the
  plain text, from 0, end exclusive) holding one ``Coding`` per code, each with a ``CodeRef``;
  the passage's note is its ``Description``; ``creatingUser`` points at a ``User`` of ``Users``;
- a coding's guid is derived from the passage and the code (uuid5), so the same project gives the
  same bytes every time (the zip entries carry a fixed date too);
- empty containers are left out, never written empty (the schema wants at least one child), and
  characters XML 1.0 cannot carry (control characters) are dropped from names and descriptions.

A recording (``Source.audio``) is also written as an ``AudioSource`` whose ``Transcript`` points
at a copy of the text, with a ``SyncPoint`` per turn; the coding stays on the ``TextSource``, the
part every tool reads.
"""

import datetime
import io
import re
import uuid
import zipfile

from django.utils.translation import gettext as _
from lxml import etree

from caringcity.stories.refiqda.model import RefiQdaError

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
SOURCES_FOLDER = "sources"
PROJECT_FILE = "project.qde"
ZIP_DATE = (2000, 1, 1, 0, 0, 0)
NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean(text):
    """The text without the characters XML 1.0 cannot hold."""
    return NOT_XML.sub("", str(text or ""))


def guid(value):
    return str(value).lower()


def when(value):
    if value.tzinfo is not None:
        value = value.astimezone(datetime.timezone.utc)
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


class _Builder:
    def __init__(self, namespace):
        self.ns = namespace

    def element(self, parent, tag_name, /, **attributes):
        tag = f"{{{self.ns}}}{tag_name}"
        values = {key: value for key, value in attributes.items() if value is not None}
        if parent is None:
            return etree.Element(tag, values, nsmap={None: self.ns})
        return etree.SubElement(parent, tag, values)

    def text(self, parent, tag_name, value):
        if value:
            self.element(parent, tag_name).text = clean(value)

    def codes(self, parent, codes):
        container = self.element(parent, "Codes")
        for code in codes:
            self.code(container, code)
        return container

    def code(self, parent, code):
        element = self.element(parent, "Code", guid=guid(code.guid), name=clean(code.name),
                               isCodable="true" if code.is_codable else "false", color=code.color)
        self.text(element, "Description", code.description)
        for child in code.children:
            self.code(element, child)

    def sets(self, parent, sets):
        if not sets:
            return
        container = self.element(parent, "Sets")
        for item in sets:
            element = self.element(container, "Set", guid=guid(item.guid), name=clean(item.name))
            self.text(element, "Description", item.description)
            for code in item.codes:
                self.element(element, "MemberCode", targetGUID=guid(code))
            for source in item.sources:
                self.element(element, "MemberSource", targetGUID=guid(source))


def _serialise(root):
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + etree.tostring(root, encoding="UTF-8", pretty_print=True)


def _claim(seen, value, what):
    if value in seen:
        raise RefiQdaError(_("The guid %(guid)s is used twice (%(what)s).") % {"guid": value, "what": what})
    seen.add(value)


def _check_codes(codes, seen):
    for top in codes:
        for code in top.walk():
            if not str(code.name or "").strip():
                raise RefiQdaError(_("Every code needs a name."))
            _claim(seen, code.guid, _("code “%(name)s”") % {"name": code.name})


def write_qdc(codes, sets=None) -> bytes:
    """A REFI-QDA codebook (``.qdc``): ``CodeBook`` > ``Codes`` > nested ``Code``, then ``Sets``
    (code sets only) when there are any."""
    codes = list(codes)
    if not codes:
        raise RefiQdaError(_("A codebook needs at least one code."))
    seen = set()
    _check_codes(codes, seen)
    known = set(seen)
    for item in sets or []:
        _claim(seen, item.guid, _("set “%(name)s”") % {"name": item.name})
        if item.sources or any(code not in known for code in item.codes):
            raise RefiQdaError(_("The set “%(name)s” names something that is not a code of the codebook.")
                               % {"name": item.name})
    build = _Builder(CODEBOOK_NS)
    root = build.element(None, "CodeBook")
    build.codes(root, codes)
    build.sets(root, sets or [])
    return _serialise(root)


def check_project(project):
    """Everything the writer relies on, as one ``RefiQdaError`` for the first problem found."""
    if not str(project.name or "").strip():
        raise RefiQdaError(_("The project needs a name."))
    seen = set()
    for user in project.users:
        _claim(seen, user.guid, _("user “%(name)s”") % {"name": user.name})
    users = set(seen)

    def check_user(value, what):
        if value is not None and value not in users:
            raise RefiQdaError(_("%(what)s names a user who is not in the project's users.") % {"what": what})

    check_user(project.creating_user, _("The project"))
    _check_codes(project.codes, seen)
    codes = {code.guid: code for code in project.all_codes()}
    sources = {}
    for source in project.sources:
        what = _("source “%(name)s”") % {"name": source.name}
        _claim(seen, source.guid, what)
        sources[source.guid] = source
        check_user(source.creating_user, what)
        if not isinstance(source.text, str):
            raise RefiQdaError(_("The text of %(what)s is not text.") % {"what": what})
        if source.audio is not None:
            audio = source.audio
            for value in (audio.guid, audio.transcript_guid, *(point.guid for point in audio.sync_points)):
                _claim(seen, value, _("the recording of %(what)s") % {"what": what})
            for point in audio.sync_points:
                if not 0 <= point.position <= len(source.text) or point.milliseconds < 0:
                    raise RefiQdaError(_("A sync point of %(what)s lies outside its text or before the recording "
                                         "starts.") % {"what": what})
    for segment in project.segments:
        _claim(seen, segment.guid, _("a coded passage"))
        source = sources.get(segment.source)
        if source is None:
            raise RefiQdaError(_("A coded passage belongs to a source that is not in the project."))
        what = _("source “%(name)s”") % {"name": source.name}
        if not (isinstance(segment.start, int) and isinstance(segment.end, int)
                and 0 <= segment.start < segment.end <= len(source.text)):
            raise RefiQdaError(_("A coded passage of %(what)s runs from %(start)s to %(end)s, outside its text of "
                                 "%(length)s characters.") % {"what": what, "start": segment.start,
                                                              "end": segment.end, "length": len(source.text)})
        for code_guid in segment.codes:
            code = codes.get(code_guid)
            if code is None:
                raise RefiQdaError(_("A coded passage of %(what)s uses a code that is not in the codebook.")
                                   % {"what": what})
            if not code.is_codable:
                raise RefiQdaError(_("The code “%(name)s” only groups other codes; passages cannot carry it.")
                                   % {"name": code.name})
        check_user(segment.creating_user, _("A coded passage of %(what)s") % {"what": what})
    for item in project.sets:
        _claim(seen, item.guid, _("set “%(name)s”") % {"name": item.name})
        if any(code not in codes for code in item.codes) or any(source not in sources for source in item.sources):
            raise RefiQdaError(_("The set “%(name)s” names a code or source that is not in the project.")
                               % {"name": item.name})


def _audio_suffix(name):
    match = re.search(r"\.([A-Za-z0-9]{1,8})$", name or "")
    return "." + match.group(1).lower() if match else ""


def write_qde(project) -> bytes:
    """The ``project.qde`` XML alone (``write_qdpx`` puts it in the zip with the source files)."""
    check_project(project)
    build = _Builder(PROJECT_NS)
    root = build.element(None, "Project", name=clean(project.name), origin=clean(project.origin) or None,
                         creatingUserGUID=guid(project.creating_user) if project.creating_user else None,
                         creationDateTime=when(project.created) if project.created else None)
    if project.users:
        users = build.element(root, "Users")
        for user in project.users:
            build.element(users, "User", guid=guid(user.guid), name=clean(user.name))
    if project.codes:
        codebook = build.element(root, "CodeBook")
        build.codes(codebook, project.codes)
    by_source = {}
    for segment in project.segments:
        by_source.setdefault(segment.source, []).append(segment)
    if project.sources:
        sources = build.element(root, "Sources")
        for source in project.sources:
            _text_source(build, sources, source, by_source.get(source.guid, []))
            if source.audio is not None:
                _audio_source(build, sources, source)
    build.sets(root, project.sets)
    build.text(root, "Description", project.description)
    return _serialise(root)


def _stamp(thing):
    return {
        "creatingUser": guid(thing.creating_user) if thing.creating_user else None,
        "creationDateTime": when(thing.created) if thing.created else None,
    }


def _text_source(build, parent, source, segments):
    element = build.element(parent, "TextSource", guid=guid(source.guid), name=clean(source.name),
                            plainTextPath=f"internal://{guid(source.guid)}.txt", **_stamp(source))
    build.text(element, "Description", source.description)
    for segment in segments:
        selection = build.element(element, "PlainTextSelection", guid=guid(segment.guid),
                                  startPosition=str(segment.start), endPosition=str(segment.end), **_stamp(segment))
        build.text(selection, "Description", segment.note)
        for code in segment.codes:
            coding = build.element(selection, "Coding", guid=guid(uuid.uuid5(segment.guid, guid(code))),
                                   **_stamp(segment))
            build.element(coding, "CodeRef", targetGUID=guid(code))


def _audio_source(build, parent, source):
    audio = source.audio
    element = build.element(parent, "AudioSource", guid=guid(audio.guid), name=clean(audio.name),
                            path=f"internal://{guid(audio.guid)}{_audio_suffix(audio.name)}", **_stamp(source))
    transcript = build.element(element, "Transcript", guid=guid(audio.transcript_guid), name=clean(source.name),
                               plainTextPath=f"internal://{guid(audio.transcript_guid)}.txt", **_stamp(source))
    for point in audio.sync_points:
        build.element(transcript, "SyncPoint", guid=guid(point.guid), timeStamp=str(point.milliseconds),
                      position=str(point.position))


def _text_bytes(source):
    try:
        return source.text.encode("utf-8")
    except UnicodeEncodeError:
        raise RefiQdaError(_("The text of source “%(name)s” holds characters UTF-8 cannot carry.")
                           % {"name": source.name}) from None


def write_qdpx(project) -> bytes:
    """A REFI-QDA project (``.qdpx``): a zip of ``project.qde`` and ``sources/<guid>.<ext>``."""
    qde = write_qde(project)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        def add(name, data):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)

        add(PROJECT_FILE, qde)
        for source in project.sources:
            text = _text_bytes(source)
            add(f"{SOURCES_FOLDER}/{guid(source.guid)}.txt", text)
            if source.audio is not None:
                audio = source.audio
                add(f"{SOURCES_FOLDER}/{guid(audio.guid)}{_audio_suffix(audio.name)}", bytes(audio.data))
                add(f"{SOURCES_FOLDER}/{guid(audio.transcript_guid)}.txt", text)
    return buffer.getvalue()
