"""What the stories app hands to the REFI-QDA writers (and what the readers give back): plain
dataclasses, no models, no database.

Every guid is a ``uuid.UUID`` (REFI's GUIDType); a string in the usual 8-4-4-4-12 form, with or
without braces, is turned into one when the object is made, and anything else is a
``RefiQdaError``. Positions in a source's text are Python string positions (Unicode code points),
counted from 0, the end one past the last character, so ``source.text[start:end]`` is the coded
passage: exactly what REFI's ``startPosition``/``endPosition`` mean.
"""

import datetime
import re
import uuid
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

COLOR = re.compile(r"#(?:[0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})")


class RefiQdaError(Exception):
    """One plain sentence saying what is wrong with a file or an export, fit to show a person."""


def as_uuid(value, what=N_("A guid"), /, **names):
    """A UUID from a UUID or its text. ``what`` (marked with gettext_noop, filled from ``names``)
    says in the error which guid was wrong; it is only translated when there is an error."""
    if isinstance(value, uuid.UUID):
        return value
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("{") and text.endswith("}"):
            text = text[1:-1]
        if re.fullmatch(r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}", text):
            return uuid.UUID(text)
    raise RefiQdaError(_("%(what)s is not a GUID: “%(value)s”.") % {"what": _(what) % names, "value": str(value)[:60]})


def normal_color(value):
    """``#RRGGBB`` in capitals from ``#rgb``/``#rrggbb`` in either case; None for nothing."""
    if value is None or value == "":
        return None
    text = str(value).strip()
    if not COLOR.fullmatch(text):
        raise RefiQdaError(_("The colour “%(colour)s” is not of the form #RRGGBB.") % {"colour": text[:20]})
    digits = text[1:]
    if len(digits) == 3:
        digits = "".join(letter * 2 for letter in digits)
    return "#" + digits.upper()


@dataclass
class Code:
    """A theme. ``is_codable=False`` makes it a heading that only groups other codes."""

    guid: uuid.UUID
    name: str
    color: str | None = None
    description: str = ""
    children: list["Code"] = field(default_factory=list)
    is_codable: bool = True

    def __post_init__(self):
        self.guid = as_uuid(self.guid, N_("The guid of code “%(name)s”"), name=self.name)
        self.color = normal_color(self.color)

    def walk(self):
        """This code and every code under it, depth first."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class User:
    guid: uuid.UUID
    name: str = ""

    def __post_init__(self):
        self.guid = as_uuid(self.guid, N_("The guid of user “%(name)s”"), name=self.name)


@dataclass
class SyncPoint:
    """A moment of the recording tied to a position in the transcript text (a speaker turn's start)."""

    position: int
    milliseconds: int
    guid: uuid.UUID | None = None

    def __post_init__(self):
        self.guid = uuid.uuid4() if self.guid is None else as_uuid(self.guid, N_("The guid of a sync point"))


@dataclass
class Audio:
    """The recording a source's text transcribes. ``name`` is its file name (its suffix says the
    kind: ``.mp3``, ``.m4a``, ``.wav``, ``.ogg``); ``data`` its bytes, carried inside the .qdpx."""

    guid: uuid.UUID
    name: str
    data: bytes
    sync_points: list[SyncPoint] = field(default_factory=list)
    transcript_guid: uuid.UUID | None = None

    def __post_init__(self):
        self.guid = as_uuid(self.guid, N_("The guid of recording “%(name)s”"), name=self.name)
        self.transcript_guid = uuid.uuid5(self.guid, "transcript") if self.transcript_guid is None else as_uuid(
            self.transcript_guid, N_("The guid of a transcript"))


@dataclass
class Source:
    """A text to code: a transcript or a summary, as plain text."""

    guid: uuid.UUID
    name: str
    text: str
    description: str = ""
    creating_user: uuid.UUID | None = None
    created: datetime.datetime | None = None
    audio: Audio | None = None

    def __post_init__(self):
        self.guid = as_uuid(self.guid, N_("The guid of source “%(name)s”"), name=self.name)
        if self.creating_user is not None:
            self.creating_user = as_uuid(self.creating_user, N_("The user of source “%(name)s”"), name=self.name)


@dataclass
class Segment:
    """A coded passage: ``source.text[start:end]`` carries every code in ``codes``."""

    guid: uuid.UUID
    source: uuid.UUID
    start: int
    end: int
    codes: list[uuid.UUID] = field(default_factory=list)
    note: str = ""
    creating_user: uuid.UUID | None = None
    created: datetime.datetime | None = None

    def __post_init__(self):
        self.guid = as_uuid(self.guid, N_("The guid of a coded passage"))
        self.source = as_uuid(self.source, N_("The source of a coded passage"))
        self.codes = [as_uuid(code, N_("A code of a coded passage")) for code in self.codes]
        if self.creating_user is not None:
            self.creating_user = as_uuid(self.creating_user, N_("The user of a coded passage"))


@dataclass
class Set:
    """A named group of codes and/or sources (REFI's Set)."""

    guid: uuid.UUID
    name: str
    description: str = ""
    codes: list[uuid.UUID] = field(default_factory=list)
    sources: list[uuid.UUID] = field(default_factory=list)

    def __post_init__(self):
        self.guid = as_uuid(self.guid, N_("The guid of set “%(name)s”"), name=self.name)
        self.codes = [as_uuid(code, N_("A code of set “%(name)s”"), name=self.name) for code in self.codes]
        self.sources = [as_uuid(source, N_("A source of set “%(name)s”"), name=self.name) for source in self.sources]


@dataclass
class Project:
    name: str
    origin: str = "Caring City"
    created: datetime.datetime | None = None
    creating_user: uuid.UUID | None = None
    users: list[User] = field(default_factory=list)
    codes: list[Code] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    sets: list[Set] = field(default_factory=list)
    description: str = ""

    def __post_init__(self):
        if self.creating_user is not None:
            self.creating_user = as_uuid(self.creating_user, N_("The project's creating user"))

    def all_codes(self):
        for code in self.codes:
            yield from code.walk()
