"""Agreement documents: upload limits and checks, who may read them, and how they are served."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.tests.sample_files import HTML_WITH_SCRIPT, PDF, SVG_WITH_SCRIPT, docx, image, odt
from partners.models import Agreement, AgreementDocument


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def agreement_form(agreement, **extra):
    return {
        "partner": agreement.partner_id,
        "kind": agreement.kind,
        "signing_mode": agreement.signing_mode,
        "signed_on": agreement.signed_on.isoformat(),
        "signed_on_precision": agreement.signed_on_precision,
        **{f"signed_at_{c}": getattr(agreement, f"signed_at_{c}") or "" for c in ("fr", "nl", "en", "de")},
        "renewal": agreement.renewal,
        "is_public": "on",
        "source": agreement.source,
        **{f"title_{c}": getattr(agreement, f"title_{c}") for c in ("fr", "nl", "en", "de")},
        **{f"summary_{c}": getattr(agreement, f"summary_{c}") for c in ("fr", "nl", "en", "de")},
        "signatories-TOTAL_FORMS": 0,
        "signatories-INITIAL_FORMS": 0,
        "documents-TOTAL_FORMS": 1,
        "documents-INITIAL_FORMS": 0,
        **extra,
    }


def upload(client, agreement, name, content, **fields):
    data = agreement_form(
        agreement,
        **{
            "documents-0-title": "Signed text",
            "documents-0-language": "de",
            "documents-0-file": SimpleUploadedFile(name, content),
            **fields,
        },
    )
    return client.post(reverse("admin:partners_agreement_change", args=[agreement.pk]), data, HTTP_ACCEPT_LANGUAGE="en")


def test_officer_uploads_a_document_to_their_partners_agreement(client, officer):
    berlin = Agreement.objects.get(partner__slug="berlin")
    client.force_login(officer)
    response = upload(client, berlin, "abkommen.pdf", PDF)
    assert response.status_code == 302
    assert berlin.documents.get().file.read() == PDF


def test_oversized_or_wrong_kind_of_file_is_refused_and_nothing_is_kept(client, officer, settings):
    settings.UPLOAD_MAX_BYTES = 10
    berlin = Agreement.objects.get(partner__slug="berlin")
    client.force_login(officer)
    too_big = upload(client, berlin, "abkommen.pdf", PDF)
    assert too_big.status_code == 200
    assert "The file is too large" in too_big.content.decode()
    settings.UPLOAD_MAX_BYTES = 10_000
    script = upload(client, berlin, "abkommen.html", b"<script>alert(1)</script>")
    assert script.status_code == 200
    assert "File extension" in script.content.decode()
    assert not AgreementDocument.objects.exists()


def file_errors(response):
    documents = response.context["inline_admin_formsets"][1].formset
    return [form.errors.get("file") for form in documents.forms]


def stored_files(media_root):
    return [path for path in media_root.rglob("*") if path.is_file()]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("abkommen.pdf", HTML_WITH_SCRIPT, "This file is not a PDF document."),
        ("karte.png", SVG_WITH_SCRIPT, "This file is not a PNG image."),
    ],
    ids=["html-page-named-pdf", "svg-named-png"],
)
def test_script_disguised_as_pdf_or_png_is_refused_and_nothing_is_kept(
    client, officer, tmp_path, name, content, message
):
    berlin = Agreement.objects.get(partner__slug="berlin")
    client.force_login(officer)
    response = upload(client, berlin, name, content)
    assert response.status_code == 200
    assert file_errors(response) == [[message]]
    assert message in response.content.decode()
    assert not AgreementDocument.objects.exists()
    assert stored_files(tmp_path) == []


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("abkommen.pdf", PDF),
        ("karte.png", image("PNG")),
        ("foto.jpg", image("JPEG")),
        ("abkommen.docx", docx()),
        ("abkommen.odt", odt()),
    ],
)
def test_real_pdf_image_and_office_documents_are_accepted(client, officer, name, content):
    berlin = Agreement.objects.get(partner__slug="berlin")
    client.force_login(officer)
    response = upload(client, berlin, name, content)
    assert response.status_code == 302
    assert berlin.documents.get().file.read() == content


def make_document(agreement, is_public, name="text.pdf", content=PDF):
    return AgreementDocument.objects.create(
        agreement=agreement, title="Text", file=SimpleUploadedFile(name, content), is_public=is_public
    )


def test_private_document_is_only_for_staff(client, visitor):
    document = make_document(Agreement.objects.get(partner__slug="ankara"), is_public=False)
    assert client.get(document.file.url).status_code == 404
    client.force_login(visitor)
    response = client.get(document.file.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF


def test_public_document_is_listed_and_served_to_everyone(client, seed):
    document = make_document(Agreement.objects.get(partner__slug="ankara"), is_public=True)
    page = client.get("/en/partners/ankara/").content.decode()
    assert document.file.url in page
    assert client.get(document.file.url).status_code == 200
    assert client.get("/documents/agreements/999/nothing.pdf").status_code == 404


def test_docx_is_served_as_attachment_in_a_sandbox(client, seed):
    document = make_document(Agreement.objects.get(partner__slug="ankara"), True, "text.docx", docx())
    response = client.get(document.file.url)
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert response["Content-Disposition"] == 'attachment; filename="text.docx"'
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_pdf_is_served_inline_in_a_sandbox(client, seed):
    document = make_document(Agreement.objects.get(partner__slug="ankara"), True)
    response = client.get(document.file.url)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="text.pdf"'
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_stored_page_named_pdf_is_served_as_opaque_download_not_as_a_page(client, seed):
    """A file stored before uploads were checked is not trusted for its name."""
    document = make_document(Agreement.objects.get(partner__slug="ankara"), True, "text.pdf", HTML_WITH_SCRIPT)
    response = client.get(document.file.url)
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == 'attachment; filename="text.pdf"'
    assert response["Content-Security-Policy"] == "sandbox"


def test_document_whose_file_is_missing_is_not_found(client, seed):
    document = make_document(Agreement.objects.get(partner__slug="ankara"), True)
    document.file.storage.delete(document.file.name)
    assert client.get(document.file.url).status_code == 404
