"""Content in any one language: nothing requires English, and the site marks the fallback."""

import datetime

from django.urls import reverse

from partners.models import Agreement, Partner

EMPTY_INLINES = {
    "signatories-TOTAL_FORMS": 0,
    "signatories-INITIAL_FORMS": 0,
    "documents-TOTAL_FORMS": 0,
    "documents-INITIAL_FORMS": 0,
}


def french_only_agreement(partner, **extra):
    return {
        "partner": partner.pk,
        "kind": Agreement.Kind.MEMORANDUM,
        "title_fr": "Protocole d'accord sur la mobilité douce",
        "summary_fr": "Un texte écrit en français seulement.",
        "signed_on": "15/03/2024",
        "signed_on_precision": Agreement.Precision.DAY,
        "signed_at_fr": "Bruxelles",
        "signing_mode": Agreement.Mode.IN_PERSON,
        "renewal": Agreement.Renewal.UNSPECIFIED,
        "is_public": "on",
        **EMPTY_INLINES,
        **extra,
    }


def test_a_french_only_agreement_saves_and_shows_with_a_marked_fallback(client, officer):
    berlin = Partner.objects.get(slug="berlin")
    client.force_login(officer)
    response = client.post(
        reverse("admin:partners_agreement_add"), french_only_agreement(berlin), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    agreement = Agreement.objects.get(title_fr="Protocole d'accord sur la mobilité douce")
    assert agreement.signed_on == datetime.date(2024, 3, 15) and not agreement.title_en

    french = client.get("/fr/partners/berlin/").content.decode()
    assert "<h3>Protocole d&#x27;accord sur la mobilité douce</h3>" in french
    assert "à Bruxelles" in french
    for language, note in [
        ("nl", "(in het Frans: nog niet vertaald)"),
        ("de", "(auf Französisch: noch nicht übersetzt)"),
        ("en", "(in French: not yet translated)"),
    ]:
        page = client.get(f"/{language}/partners/berlin/").content.decode()
        assert '<span lang="fr">Protocole d&#x27;accord sur la mobilité douce</span>' in page
        assert '<span lang="fr">Un texte écrit en français seulement.</span>' in page
        assert note in page


def test_a_french_only_partner_saves(client, head_of_unit):
    client.force_login(head_of_unit)
    data = {
        "name_fr": "Ville de Démonstration",
        "slug": "demonstration",
        "kind": Partner.Kind.CITY,
        "state": Partner.State.ACTIVE,
        "country": "FR",
        "latitude": "48.856613",
        "longitude": "2.352222",
        **{
            f"{prefix}-{suffix}": 0
            for prefix in ("aliases", "assignments", "counterparts", "agreements")
            for suffix in ("TOTAL_FORMS", "INITIAL_FORMS")
        },
    }
    response = client.post(reverse("admin:partners_partner_add"), data, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 302, response.context["adminform"].form.errors
    partner = Partner.objects.get(slug="demonstration")
    assert str(partner) == "Ville de Démonstration"
    dutch = client.get("/nl/partners/?q=demonstration").content.decode()
    assert '<span lang="fr">Ville de Démonstration</span>' in dutch
    assert "(in het Frans: nog niet vertaald)" in dutch


def test_a_title_in_no_language_is_refused_at_its_field_and_the_rest_is_kept(client, officer):
    berlin = Partner.objects.get(slug="berlin")
    client.force_login(officer)
    count = Agreement.objects.count()
    data = french_only_agreement(berlin, title_fr="")
    response = client.post(reverse("admin:partners_agreement_add"), data, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["title_fr"] == ["Remplissez ce champ dans au moins une langue."]
    assert "Un texte écrit en français seulement." in response.content.decode()
    assert Agreement.objects.count() == count
