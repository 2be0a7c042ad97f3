"""Refused input in the back office: a message at its field, in the user's language, and
nothing the user typed is lost."""

import pytest
from django.urls import reverse

from partners.models import NOTES_MAX_LENGTH, Agreement, Partner
from partners.tests.test_any_language import french_only_agreement
from partners.tests.test_partner_edit import change_url, partner_form


def post_partner(client, partner, language="fr", **changes):
    return client.post(change_url(partner), partner_form(partner, **changes), HTTP_ACCEPT_LANGUAGE=language)


def test_a_latitude_without_longitude_is_refused_at_the_longitude_without_the_constraint_name(client, officer):
    berlin = Partner.objects.get(slug="berlin")
    client.force_login(officer)
    response = post_partner(client, berlin, latitude="52.52", longitude="", internal_notes="Kept.")
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors == {"longitude": ["Indiquez la latitude et la longitude, ou aucune des deux."]}
    content = response.content.decode()
    assert "partner_coordinates_both_or_neither" not in content
    assert 'value="52.52"' in content and "Kept." in content
    berlin.refresh_from_db()
    assert berlin.longitude is not None and berlin.internal_notes == ""


def test_coordinates_with_six_decimals_are_accepted(client, officer):
    berlin = Partner.objects.get(slug="berlin")
    client.force_login(officer)
    response = post_partner(client, berlin, latitude="52.520008", longitude="13.404954")
    assert response.status_code == 302
    berlin.refresh_from_db()
    assert (str(berlin.latitude), str(berlin.longitude)) == ("52.520008", "13.404954")


def test_a_six_megabyte_note_is_refused_at_its_field_and_sent_back(client, officer):
    berlin = Partner.objects.get(slug="berlin")
    client.force_login(officer)
    note = "Notes from the Berlin Days. " * (6 * 1024 * 1024 // 28)
    response = post_partner(client, berlin, language="en", internal_notes=note)
    assert response.status_code == 200
    [message] = response.context["adminform"].form.errors["internal_notes"]
    assert f"at most {NOTES_MAX_LENGTH:,}".replace(",", "") in message.replace(",", "")
    assert note in response.content.decode()
    berlin.refresh_from_db()
    assert berlin.internal_notes == ""


@pytest.mark.parametrize("field", ["signed_on", "valid_from", "valid_until"])
def test_a_date_in_the_year_one_is_refused_at_its_field(client, officer, field):
    berlin = Partner.objects.get(slug="berlin")
    client.force_login(officer)
    count = Agreement.objects.count()
    dates = {"signed_on": "", "valid_from": "", "valid_until": "", field: "01/01/0001"}
    data = french_only_agreement(berlin, **dates)
    response = client.post(reverse("admin:partners_agreement_add"), data, HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 200
    assert response.context["adminform"].form.errors[field] == ["Geef een datum vanaf het jaar 1800."]
    assert "Un texte écrit en français seulement." in response.content.decode()
    assert Agreement.objects.count() == count


def test_a_refusal_is_a_page_of_the_site_in_the_users_language(client, other_officer):
    berlin = Partner.objects.get(slug="berlin")
    client.force_login(other_officer)
    response = post_partner(client, berlin, language="de", internal_notes="Not mine.")
    assert response.status_code == 403
    content = response.content.decode()
    assert "<h1>Zugriff verweigert</h1>" in content and "Zurück zur Verwaltung" in content
    assert 'rel="icon"' in content


def test_every_page_has_a_favicon(client, officer):
    client.force_login(officer)
    for url in ["/fr/", reverse("admin:index")]:
        assert 'rel="icon" href="/static/favicon.svg"' in client.get(url).content.decode()
    assert client.get("/static/favicon.svg").status_code == 200
