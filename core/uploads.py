"""Uploaded files: what kinds we accept, checked by their content, and how they are served.

Every model that takes an upload validates it with UploadValidator(kinds), and every view that
serves one answers with upload_response(file, kinds), so a file's name never decides alone
what it is.
"""

import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from PIL import Image

ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
OLE2_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")


def _starts_with(signature):
    def check(file):
        return file.read(len(signature)) == signature

    return check


def _image(pillow_format):
    def check(file):
        with Image.open(file, formats=[pillow_format]) as image:
            image.verify()
        return True

    return check


def _zip(holds):
    def check(file):
        with zipfile.ZipFile(file) as archive:
            return holds(archive)

    return check


def _is_docx(archive):
    names = archive.namelist()
    return "[Content_Types].xml" in names and any(name.startswith("word/") for name in names)


def _is_odt(archive):
    with archive.open("mimetype") as entry:
        return entry.read(len(ODT_MIMETYPE) + 1) == ODT_MIMETYPE


@dataclass(frozen=True)
class Kind:
    extensions: tuple[str, ...]
    content_type: str
    is_inline: bool
    refusal: str
    matches: Callable

    def agrees_with(self, file):
        """Whether the content is of this kind; the file is read from its start and rewound."""
        file.seek(0)
        try:
            return self.matches(file)
        except Exception:  # Pillow, zipfile and zlib report a malformed file through many exception types.
            return False
        finally:
            file.seek(0)


KINDS = {
    "pdf": Kind(("pdf",), "application/pdf", True, _("This file is not a PDF document."), _starts_with(b"%PDF-")),
    "png": Kind(("png",), "image/png", True, _("This file is not a PNG image."), _image("PNG")),
    "jpeg": Kind(("jpg", "jpeg"), "image/jpeg", True, _("This file is not a JPEG image."), _image("JPEG")),
    "docx": Kind(
        ("docx",),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        False,
        _("This file is not a Word document (.docx)."),
        _zip(_is_docx),
    ),
    "odt": Kind(
        ("odt",),
        ODT_MIMETYPE.decode(),
        False,
        _("This file is not an OpenDocument text (.odt)."),
        _zip(_is_odt),
    ),
    "doc": Kind(
        ("doc",),
        "application/msword",
        False,
        _("This file is not a Word 97-2003 document (.doc)."),
        _starts_with(OLE2_SIGNATURE),
    ),
}


def claimed_kind(name, kinds):
    """The kind, among `kinds`, that the file's extension claims, or None."""
    extension = Path(name).suffix[1:].lower()
    return next((KINDS[key] for key in kinds if extension in KINDS[key].extensions), None)


def checked_kind(file, kinds):
    """The kind the file's extension claims, if its content agrees; otherwise None."""
    kind = claimed_kind(file.name, kinds)
    return kind if kind and kind.agrees_with(file) else None


def validate_upload_size(upload):
    if upload.size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s."),
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(settings.UPLOAD_MAX_BYTES)},
        )


@deconstructible
class UploadValidator:
    """Accept a file of one of `kinds` (keys of KINDS) whose extension and content agree."""

    def __init__(self, kinds):
        unknown = set(kinds) - set(KINDS)
        if unknown:
            raise ValueError(f"Unknown upload kinds: {sorted(unknown)}")
        self.kinds = list(kinds)

    def __call__(self, upload):
        extensions = [extension for key in self.kinds for extension in KINDS[key].extensions]
        FileExtensionValidator(extensions)(upload)
        # A file already in storage was checked when it came in; saving its record again re-reads nothing.
        if getattr(upload, "_committed", False):
            return
        validate_upload_size(upload)
        kind = claimed_kind(upload.name, self.kinds)
        if not kind.agrees_with(upload):
            raise ValidationError(kind.refusal, code="invalid_content")

    def __eq__(self, other):
        return isinstance(other, UploadValidator) and self.kinds == other.kinds


def upload_response(file, kinds):
    """Serve a stored upload: PDF and images inline, anything else as a download, never run by the browser.

    The content type comes from the checked kind; a file whose content does not agree with its name
    goes out as opaque bytes to download. A missing file is a 404.
    """
    try:
        handle = file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    kind = checked_kind(handle, kinds)
    response = FileResponse(
        handle,
        as_attachment=not (kind and kind.is_inline),
        filename=Path(file.name).name,
        content_type=kind.content_type if kind else "application/octet-stream",
    )
    response["Content-Security-Policy"] = "sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response
