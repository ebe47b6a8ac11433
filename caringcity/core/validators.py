"""Upload checks every file field uses: a size limit, and a type checked from the file's first
bytes (not its name or the browser's claim)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# kind -> (label, list of magic-byte prefixes or a callable)
SIGNATURES = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpeg": (b"\xff\xd8\xff",),
    "zip": (b"PK\x03\x04",),  # also .docx, .xlsx, .qdpx
    "mp3": (b"ID3", b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"),
    "wav": (b"RIFF",),
    "ogg": (b"OggS",),
    "m4a": (b"\x00\x00\x00",),  # ISO base media: checked further below
    "webm": (b"\x1a\x45\xdf\xa3",),
}


def sniff(head: bytes):
    for kind, prefixes in SIGNATURES.items():
        if any(head.startswith(p) for p in prefixes):
            if kind == "m4a" and head[4:8] != b"ftyp":
                continue
            return kind
    try:
        head.decode("utf-8")
        return "text"
    except UnicodeDecodeError:
        return None


@deconstructible
class FileValidator:
    def __init__(self, kinds, max_bytes=None):
        self.kinds = tuple(kinds)
        self.max_bytes = max_bytes

    def __call__(self, upload):
        limit = self.max_bytes or settings.UPLOAD_MAX_BYTES
        if upload.size > limit:
            raise ValidationError(
                _("The file is too big. It can be up to %(limit)s.") % {"limit": filesizeformat(limit)}, code="too_big"
            )
        position = upload.tell() if hasattr(upload, "tell") else 0
        upload.seek(0)
        head = upload.read(16)
        upload.seek(position)
        if sniff(head) not in self.kinds:
            raise ValidationError(
                _("This kind of file cannot be used here. Choose one of: %(kinds)s.") % {"kinds": ", ".join(self.kinds)},
                code="bad_type",
            )

    def __eq__(self, other):
        return isinstance(other, FileValidator) and (self.kinds, self.max_bytes) == (other.kinds, other.max_bytes)
