"""The grant portal as its users read it: the office's name, dates browsers keep, names instead
of codes, amounts as each language writes them, and every error of a form at once."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from cooperation.tests import factories
from cooperation.tests.conftest import complete_draft, moment
from partners.models import Partner

NBSP, NNBSP = "\u00a0", "\u202f"


def test_the_applicant_space_names_the_office_not_the_applicant(client, seed, applicant):
    client.force_login(applicant)
    page = client.get("/fr/cooperation/applicant/").content.decode()
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert "Brussels International" in title and "Urban Solidarity" not in title
    assert '<span class="brand-name">Brussels International</span>' in page
    assert "Urban Solidarity" in page  # the applicant's organisation is still named in the space


@pytest.mark.parametrize(("value", "accepted"), [("BE68 5390 0754 7034", True), ("BE68 5390 0754 7035", False)])
def test_an_iban_is_checked_as_banks_check_it(client, applicant, value, accepted):
    client.force_login(applicant)
    data = {"name": "Urban Solidarity", "legal_form": "asbl", "enterprise_number": "0403.170.701"}
    data |= {"address": "Rue Haute 1, 1000 Bruxelles", "iban": value, "language": "fr"}
    response = client.post(reverse("cooperation:organisation"), data)
    assert (response.status_code == 302) is accepted
    organisation = applicant.applicant_organisations.get()
    assert (organisation.iban == value.replace(" ", "")) is accepted


@pytest.mark.parametrize("language", ["fr", "nl", "en", "de"])
def test_a_drafts_planned_start_keeps_its_value_through_an_edit_in_every_language(client, draft, applicant, language):
    import datetime

    draft.starts_on = datetime.date(2027, 6, 1)
    draft.save()
    client.force_login(applicant)
    url = f"/{language}/cooperation/applicant/applications/{draft.pk}/edit/"
    page = client.get(url).content.decode()
    assert re.search(r'<input type="date" name="starts_on" value="2027-06-01"', page)
    form = client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data |= {"starts_on": "2027-06-01", "lines-TOTAL_FORMS": "0", "lines-INITIAL_FORMS": "0"}
    assert client.post(url, data).status_code == 302
    draft.refresh_from_db()
    assert draft.starts_on == datetime.date(2027, 6, 1)


def test_countries_are_named_sorted_as_the_language_sorts_and_none_is_preselected(client, call, applicant):
    call.eligible_countries = ""
    call.save()
    client.force_login(applicant)
    form = client.get(f"/fr/cooperation/applicant/calls/{call.pk}/apply/").context["form"]
    names = [str(name) for _code, name in form.fields["country"].choices]
    assert names[0] == "Choisissez un pays" and form["country"].value() in (None, "")
    assert names.index("Égypte") < names.index("Équateur") < names.index("Éthiopie") < names.index("Zimbabwe")
    assert names.index("Éthiopie") < names.index("Fidji")
    assert "Kosovo" in names and "XK" not in names


def test_the_projects_page_names_countries_and_sectors_and_writes_amounts_in_the_language(client, call, publisher):
    application = complete_draft(call, factories.ApplicantOrganisationFactory(), state="decided", decision="selected")
    factories.GrantFactory(application=application, amount=Decimal("90000.00"))
    page = client.get("/fr/cooperation/projects/").content.decode()
    assert "République démocratique du Congo, Kinshasa" in page
    assert "Développement et gestion urbaine" in page and ">43030<" not in page
    assert f"90{NNBSP}000,00{NBSP}€" in page
    page = client.get("/nl/cooperation/projects/").content.decode()
    assert f"€{NBSP}90.000,00" in page and "Congo" in page
    page = client.get("/fr/cooperation/projects/").content.decode()
    assert '<label for="id_country">Pays' in page and "code ISO" not in page and "Secteur CAD" not in page


def test_every_direct_project_whose_city_the_gazetteer_knows_is_on_the_map(client, seed):
    rabat = Partner.objects.get(slug="rabat-sale-kenitra")
    factories.ProjectFactory(partner=rabat, city_en="Salé", is_public=True)
    page = client.get("/fr/cooperation/projects/").content.decode()
    assert len(re.findall(r'<circle class="marker"', page)) == 1


def test_a_call_not_open_yet_says_when_it_opens(client, call):
    call.opens_at = moment(days=3)
    call.closes_at = moment(days=30)
    call.save()
    page = client.get(f"/fr/cooperation/calls/{call.pk}/").content.decode()
    assert "Les candidatures ouvrent le" in page and "clôturé" not in page


def test_an_invalid_application_shows_every_error_at_once_at_the_top_with_links(client, call, applicant):
    client.force_login(applicant)
    data = {
        "title": "",
        "country": "",
        "city": "",
        "sectors": "99999",
        "duration_months": "0",
        "requested_amount": "-1",
    }
    page = client.post(f"/en/cooperation/applicant/calls/{call.pk}/apply/", data).content.decode()
    summary = page.split('class="error-summary"')[1].split("</div>")[0]
    links = re.findall(r'<a href="#id_(\w+)">', summary)
    assert set(links) >= {"title", "country", "city", "sectors", "duration_months", "requested_amount"}
    assert "There are 6 problems" in summary or "There are 7 problems" in summary


@pytest.mark.parametrize("language", ["nl", "fr", "de", "en"])
def test_a_new_organisation_writes_in_the_language_it_registers_in(client, applicant, language):
    applicant.applicant_organisations.clear()
    client.force_login(applicant)
    form = client.get(f"/{language}/cooperation/applicant/organisation/").context["form"]
    assert form["language"].value() == language
