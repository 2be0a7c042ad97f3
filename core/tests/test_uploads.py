"""Uploads are accepted for what their content is, and served so that no browser runs them."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from core.tests.sample_files import DOC, HTML_WITH_SCRIPT, PDF, SVG_WITH_SCRIPT, docx, image, odt, zipped
from core.uploads import UploadValidator, upload_response

EVERY_KIND = UploadValidator(["pdf", "png", "jpeg", "docx", "odt", "doc"])


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def refusal(validator, name, content):
    with pytest.raises(ValidationError) as refused:
        validator(SimpleUploadedFile(name, content))
    return refused.value.messages


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("text.pdf", PDF),
        ("map.png", image("PNG")),
        ("photo.jpg", image("JPEG")),
        ("photo.JPEG", image("JPEG")),
        ("text.docx", docx()),
        ("text.odt", odt()),
        ("text.doc", DOC),
    ],
)
def test_file_whose_content_agrees_with_its_extension_is_accepted(name, content):
    upload = SimpleUploadedFile(name, content)
    EVERY_KIND(upload)
    assert upload.read() == content, "the validator leaves the file rewound for storage"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("text.pdf", HTML_WITH_SCRIPT, "This file is not a PDF document."),
        ("map.png", SVG_WITH_SCRIPT, "This file is not a PNG image."),
        ("map.png", image("JPEG"), "This file is not a PNG image."),
        ("map.png", image("PNG")[:40], "This file is not a PNG image."),
        ("photo.jpg", image("GIF"), "This file is not a JPEG image."),
        ("text.docx", odt(), "This file is not a Word document (.docx)."),
        ("text.docx", zipped({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"}), "(.docx)"),
        ("text.odt", docx(), "This file is not an OpenDocument text (.odt)."),
        ("text.odt", odt(mimetype="application/vnd.oasis.opendocument.spreadsheet"), "(.odt)"),
        ("text.doc", PDF, "This file is not a Word 97-2003 document (.doc)."),
    ],
)
def test_file_whose_content_disagrees_with_its_extension_is_refused(name, content, message):
    [refused] = refusal(EVERY_KIND, name, content)
    assert message in refused


def test_svg_is_not_an_image_we_accept():
    [refused] = refusal(EVERY_KIND, "map.svg", SVG_WITH_SCRIPT)
    assert "File extension “svg” is not allowed" in refused


def test_only_the_kinds_given_to_the_validator_are_accepted():
    [refused] = refusal(UploadValidator(["png", "jpeg"]), "text.pdf", PDF)
    assert "Allowed extensions are: png, jpg, jpeg." in refused


def test_too_large_file_is_refused_before_its_content_is_read(settings):
    settings.UPLOAD_MAX_BYTES = 10
    [refused] = refusal(EVERY_KIND, "text.pdf", HTML_WITH_SCRIPT)
    assert refused.startswith("The file is too large")


def test_refusal_is_in_the_users_language():
    with translation.override("fr"):
        [refused] = refusal(EVERY_KIND, "text.pdf", HTML_WITH_SCRIPT)
    assert refused != "This file is not a PDF document."
    assert "PDF" in refused


def test_validator_with_an_unknown_kind_fails_loudly():
    with pytest.raises(ValueError, match="svg"):
        UploadValidator(["pdf", "svg"])


def stored(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    return File(path.open("rb"), name=str(path))


@pytest.mark.parametrize(
    ("name", "content", "content_type", "disposition"),
    [
        ("text.pdf", PDF, "application/pdf", 'inline; filename="text.pdf"'),
        ("map.png", image("PNG"), "image/png", 'inline; filename="map.png"'),
        ("photo.jpg", image("JPEG"), "image/jpeg", 'inline; filename="photo.jpg"'),
        ("text.doc", DOC, "application/msword", 'attachment; filename="text.doc"'),
        ("text.odt", odt(), "application/vnd.oasis.opendocument.text", 'attachment; filename="text.odt"'),
    ],
)
def test_pdf_and_images_are_served_inline_other_kinds_as_attachment(tmp_path, name, content, content_type, disposition):
    response = upload_response(stored(tmp_path, name, content), EVERY_KIND.kinds)
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == disposition
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == content


def test_stored_file_whose_content_disagrees_with_its_name_is_served_as_opaque_download(tmp_path):
    response = upload_response(stored(tmp_path, "text.pdf", HTML_WITH_SCRIPT), EVERY_KIND.kinds)
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"
