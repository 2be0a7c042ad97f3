"""The annual report as the Region publishes it: staff write the introduction, preview the PDF,
publish it; the published file is what visitors get, and it never changes."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django_countries import countries
from pypdf import PdfReader

from cooperation import codelists, services
from cooperation.models import AnnualReport, Modality
from cooperation.tests import factories
from core import numbers
from core.models import Organisation

A4 = (595, 842)  # points, rounded


def text_of(pdf):
    """The text of each page, with the no-break spaces of the amounts as plain spaces."""
    reader = PdfReader(io.BytesIO(pdf))
    pages = [page.extract_text() for page in reader.pages]
    return [" ".join(page.replace("\u202f", " ").replace("\u00a0", " ").split()) for page in pages], reader


def plain(text):
    return " ".join(text.replace("\u202f", " ").replace("\u00a0", " ").split())


@pytest.fixture
def year_2024(seed):
    """Budgets voted in 2023, 2024 and 2025, and grants in 2023 and 2024: the 2024 report shows 2024 only."""
    indirect = Modality.objects.get(slug="indirect-bilateral")
    multilateral = Modality.objects.get(slug="multilateral")
    factories.AppropriationFactory(year=2023, modality=indirect, amount=Decimal("333000.00"))
    factories.AppropriationFactory(year=2024, modality=indirect, amount=Decimal("622000.00"))
    factories.AppropriationFactory(year=2024, modality=multilateral, amount=Decimal("150000.00"))
    factories.AppropriationFactory(year=2025, modality=indirect, amount=Decimal("777000.00"))
    call = factories.CallFactory(modality=indirect, envelope=Decimal("1000000.00"))
    factories.GrantFactory(
        application__call=call,
        application__country="CD",
        application__sectors="14030",
        application__requested_amount=Decimal("90000.00"),
        amount=Decimal("90000.00"),
        awarded_on=datetime.date(2024, 5, 2),
    )
    factories.GrantFactory(
        application__call=call,
        application__country="MA",
        application__sectors="25010",
        amount=Decimal("44000.00"),
        awarded_on=datetime.date(2023, 6, 1),
    )
    return AnnualReport.objects.create(
        year=2024,
        introduction_fr="En 2024, la Région a soutenu l'eau et l'assainissement à Kinshasa.",
        introduction_nl="In 2024 steunde het Gewest water en sanitatie in Kinshasa.",
    )


def preview(client, report, language):
    response = client.get(reverse("admin:cooperation_annualreport_preview", args=[report.pk, language]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response.content


@pytest.mark.parametrize(
    ("language", "title", "region", "contents"),
    [
        ("fr", "Rapport annuel 2024", "Région de Bruxelles-Capitale", "Table des matières"),
        ("nl", "Jaarverslag 2024", "Brussels Hoofdstedelijk Gewest", "Inhoud"),
    ],
)
def test_the_2024_report_names_the_region_charts_its_budget_and_gives_names_and_local_amounts_of_2024_only(
    client, development_officer, year_2024, language, title, region, contents
):
    client.force_login(development_officer)
    pages, reader = text_of(preview(client, year_2024, language))
    whole = " ".join(pages)
    for page in reader.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == A4
    # The cover: the organisation, the Region, the title, the contents with their pages.
    assert "Brussels International" in pages[0] and region in pages[0] and title in pages[0]
    assert contents in pages[0]
    # Every page numbered, "Page 2 / 3"
    for number, page in enumerate(pages[1:], start=2):
        assert f" {number} / {len(pages)}" in page
    # The introduction staff wrote, in the reader's language.
    assert plain(getattr(year_2024, f"introduction_{language}")) in whole
    with translation.override(language):
        # The chart: its axis in whole euros, each bar's value, and the same figures in its table.
        assert plain(numbers.money(Decimal("600000"), decimals=0)) in whole
        assert plain(numbers.money(Decimal("622000.00"))) in whole  # 622 000,00 € / € 622.000,00
        assert plain(numbers.money(Decimal("772000.00"))) in whole  # the year's total
        # Names, not codes.
        assert plain(str(countries.name("CD"))) in whole
        assert plain(codelists.name_in("Sector", "14030", language)[0]) in whole
        # Only 2024.
        for other in ("333000.00", "777000.00", "44000.00"):
            assert plain(numbers.money(Decimal(other))) not in whole
        assert plain(str(countries.name("MA"))) not in whole
    assert "2023" not in whole and "2025" not in whole
    assert ("622 000,00 €" if language == "fr" else "€ 622.000,00") in whole


def test_the_sample_data_is_labelled_on_the_report(client, development_officer, year_2024):
    client.force_login(development_officer)
    pages, _reader = text_of(preview(client, year_2024, "en"))
    assert "Includes sample data, not real figures." in pages[0]
    assert "Preview: not published" in pages[0]


def test_the_office_logo_is_on_the_cover(client, development_officer, year_2024):
    from django.core.files.base import ContentFile
    from PIL import Image

    png = io.BytesIO()
    Image.new("RGB", (120, 40), "#0b4f8a").save(png, "PNG")
    office = Organisation.objects.get()
    office.logo.save("logo.png", ContentFile(png.getvalue(), name="logo.png"))
    client.force_login(development_officer)
    _pages, reader = text_of(preview(client, year_2024, "fr"))
    assert reader.pages[0].images  # the logo, drawn on the cover


@pytest.mark.parametrize("role", ["development_officer", "head_of_unit"])
def test_development_officers_and_the_head_of_unit_preview_and_publish(client, request, year_2024, role):
    user = request.getfixturevalue(role)
    client.force_login(user)
    preview(client, year_2024, "nl")
    publish = reverse("admin:cooperation_annualreport_publish", args=[year_2024.pk])
    assert client.get(publish).status_code == 200
    response = client.post(publish)
    assert response.status_code == 302
    year_2024.refresh_from_db()
    assert year_2024.is_published() and year_2024.published_by == user
    for language in ("fr", "nl", "en", "de"):
        assert getattr(year_2024, f"pdf_{language}").read().startswith(b"%PDF")


@pytest.mark.parametrize("role", ["officer", "visitor", "finance"])
def test_other_roles_neither_preview_nor_publish(client, request, year_2024, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("admin:cooperation_annualreport_preview", args=[year_2024.pk, "fr"])).status_code == 403
    assert client.post(reverse("admin:cooperation_annualreport_publish", args=[year_2024.pk])).status_code == 403
    year_2024.refresh_from_db()
    assert not year_2024.is_published()


def test_a_visitor_gets_the_published_file_and_nothing_before(client, development_officer, year_2024):
    assert client.get("/fr/cooperation/reports/2024/pdf/").status_code == 404
    services.annual_report_publish(report=year_2024, published_by=development_officer)
    year_2024.refresh_from_db()
    for language in ("fr", "nl"):
        response = client.get(f"/{language}/cooperation/reports/2024/pdf/")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content) == getattr(year_2024, f"pdf_{language}").read()
    page = client.get("/fr/cooperation/reports/2024/").content.decode()
    assert "la Région a soutenu" in page and "/fr/cooperation/reports/2024/pdf/" in page
    budget = client.get("/nl/cooperation/budget/").content.decode()  # where a visitor finds it
    assert "/nl/cooperation/reports/2024/" in budget and "/nl/cooperation/reports/2024/pdf/" in budget


def test_a_published_report_never_changes(client, development_officer, year_2024):
    services.annual_report_publish(report=year_2024, published_by=development_officer)
    year_2024.refresh_from_db()
    published = year_2024.pdf_fr.read()
    # New figures after publication: the published file stays as it was.
    factories.AppropriationFactory(year=2024, modality=Modality.objects.get(slug="humanitarian"), amount=Decimal("5"))
    client.force_login(development_officer)
    assert b"".join(client.get("/fr/cooperation/reports/2024/pdf/").streaming_content) == published
    # Neither the introduction, nor the files, nor the record itself.
    year_2024.introduction_fr = "Autre texte"
    with pytest.raises(ValidationError):
        year_2024.save()
    with pytest.raises(ValidationError):
        AnnualReport.objects.get(pk=year_2024.pk).delete()
    with pytest.raises(ValidationError):
        services.annual_report_publish(report=year_2024, published_by=development_officer)
    # The back office shows it read-only, and refuses a change posted anyway.
    change = reverse("admin:cooperation_annualreport_change", args=[year_2024.pk])
    response = client.post(change, {"year": "2024", "introduction_fr": "Autre texte"})
    assert response.status_code in (200, 403)
    year_2024.refresh_from_db()
    assert year_2024.introduction_fr.startswith("En 2024")
    assert (
        client.post(reverse("admin:cooperation_annualreport_delete", args=[year_2024.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert AnnualReport.objects.filter(pk=year_2024.pk).exists()


def test_bad_addresses_are_refused_not_a_server_error(client, development_officer, year_2024):
    client.force_login(development_officer)
    assert client.get(reverse("admin:cooperation_annualreport_preview", args=[year_2024.pk, "xx"])).status_code == 404
    assert client.get(reverse("admin:cooperation_annualreport_preview", args=[999999, "fr"])).status_code in (403, 404)
    assert client.post(reverse("admin:cooperation_annualreport_publish", args=["abc"])).status_code in (403, 404)
    assert client.get("/fr/cooperation/reports/0/pdf/").status_code == 404
    assert client.get("/fr/cooperation/reports/2999/pdf/").status_code == 404
