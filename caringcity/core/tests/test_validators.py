import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from caringcity.core.validators import FileValidator


def test_accepts_the_right_kind():
    FileValidator(["pdf"])(SimpleUploadedFile("a.pdf", b"%PDF-1.7 rest"))
    FileValidator(["text"])(SimpleUploadedFile("a.csv", "name,postcode\nAda,E5 8AA\n".encode()))


def test_refuses_a_renamed_file():
    with pytest.raises(ValidationError, match="kind of file"):
        FileValidator(["pdf"])(SimpleUploadedFile("evil.pdf", b"MZ\x90\x00 windows program"))


def test_refuses_too_big(settings):
    with pytest.raises(ValidationError, match="too big"):
        FileValidator(["text"], max_bytes=10)(SimpleUploadedFile("a.txt", b"x" * 11))
    settings.UPLOAD_MAX_BYTES = 5
    with pytest.raises(ValidationError, match="too big"):
        FileValidator(["text"])(SimpleUploadedFile("a.txt", b"x" * 6))
