"""Dates and typography as each language writes them, on the site and in the back office."""

import datetime

from django.urls import reverse

from partners.models import Agreement, Partner
from partners.tests.factories import PartnerFactory

NBSP = "\u00a0"


def test_french_writes_the_first_of_the_month_as_1er(client, seed):
    assert "Signé le 1er juin 1992" in client.get("/fr/partners/berlin/").content.decode()


def test_french_puts_a_no_break_space_before_a_colon_and_agrees_the_state(client, seed):
    # A partner staff entered (the seeds' partners say no state: public/tests/test_seed_facts.py).
    partner = PartnerFactory(state=Partner.State.ACTIVE)
    page = client.get(f"/fr/partners/{partner.slug}/").content.decode()
    assert f"Partenariat{NBSP}: actif" in page
    directory = client.get("/fr" + reverse("public:directory")[3:]).content.decode()
    assert f"Suit{NBSP}:" in directory


def test_german_writes_the_day_with_a_full_stop(client, seed):
    assert "26. Oktober 2021" in client.get("/de/partners/ankara/").content.decode()


def test_the_english_back_office_writes_dates_in_the_european_order(client, officer):
    agreement = Agreement.objects.get(partner__slug="berlin")
    agreement.valid_until = datetime.date(2026, 12, 31)
    agreement.save()
    client.force_login(officer)
    url = reverse("admin:partners_agreement_change", args=[agreement.pk])
    change = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'value="31/12/2026"' in change and "12/31/2026" not in change
    listing = client.get(reverse("admin:partners_agreement_changelist"), HTTP_ACCEPT_LANGUAGE="en")
    assert "31 December 2026" in listing.content.decode()


def test_the_english_back_office_reads_dates_in_the_european_order(client, officer):
    berlin = Partner.objects.get(slug="berlin")
    client.force_login(officer)
    data = {
        "partner": berlin.pk,
        "kind": Agreement.Kind.OTHER,
        "title_en": "Exchange of letters",
        "signed_on": "02/03/2024",
        "signed_on_precision": Agreement.Precision.DAY,
        "signing_mode": Agreement.Mode.IN_PERSON,
        "renewal": Agreement.Renewal.UNSPECIFIED,
        "signatories-TOTAL_FORMS": 0,
        "signatories-INITIAL_FORMS": 0,
        "documents-TOTAL_FORMS": 0,
        "documents-INITIAL_FORMS": 0,
    }
    response = client.post(reverse("admin:partners_agreement_add"), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    assert Agreement.objects.get(title_en="Exchange of letters").signed_on == datetime.date(2024, 3, 2)
