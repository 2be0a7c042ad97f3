import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from directory.tests.factories import StaffMemberFactory
from partners.models import Counterpart, Partner
from partners.tests.factories import AgreementFactory, AssignmentFactory, PartnerFactory, ThemeFactory

LANGUAGES = ["fr", "nl", "en", "de"]
PAGES = [
    ("public:home", []),
    ("public:partner-list", []),
    ("public:partner-map", []),
    ("public:partner-detail", ["berlin"]),
    ("public:partner-detail", ["ankara"]),
    ("public:directory", []),
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name, args", PAGES)
def test_every_public_page_answers_in_each_language(client, seed, language, name, args):
    url = f"/{language}" + reverse(name, args=args)[3:]
    response = client.get(url)
    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.content.decode()


def test_the_language_is_in_the_address_and_the_page_is_translated(client, seed):
    with translation.override("nl"):
        assert reverse("public:partner-list") == "/nl/partners/"
    assert "Partenaires" in client.get("/fr/partners/").content.decode()
    assert "Partnersteden" in client.get("/nl/partners/").content.decode()
    assert "Berlijn" in client.get("/nl/partners/berlin/").content.decode()


def test_every_page_links_to_itself_in_the_other_languages_with_its_query(client, db):
    PartnerFactory(slug="kyiv-oblast")
    page = client.get("/fr/partners/kyiv-oblast/?from=map").content.decode()
    for language in ("nl", "en", "de"):
        address = f"/{language}/partners/kyiv-oblast/?from=map"
        assert f'<link rel="alternate" hreflang="{language}" href="{address}">' in page
        assert f'<a href="{address}" hreflang="{language}"' in page
    assert 'hreflang="fr" href=' not in page
    missing = client.get("/nl/partners/nowhere/")
    assert missing.status_code == 404
    assert 'hreflang="fr" href="/fr/partners/nowhere/"' in missing.content.decode()


def test_the_main_menu_leads_to_each_language_s_addresses_reversed_once_per_language(client, seed):
    from core.templatetags.liaison import _site_urls

    _site_urls.cache_clear()
    for language in ("fr", "nl", "en", "de"):
        partners = client.get(f"/{language}/partners/").content.decode()
        directory = client.get(f"/{language}/directory/").content.decode()
        with translation.override(language):
            assert f'<a href="{reverse("public:partner-list")}" aria-current="page">' in partners
            assert f'<a href="{reverse("public:directory")}" aria-current="page">' in directory
            for view in ("public:home", "public:partner-map", "activities:upcoming", "cooperation:policy"):
                assert f'<a href="{reverse(view)}">' in directory
    assert _site_urls.cache_info().misses == 4


def test_root_redirects_to_a_language(client, seed):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 302
    assert response["Location"] == "/nl/"


def test_partner_page_shows_agreement_officers_and_dac_status(client, seed):
    content = client.get("/en/partners/havana/").content.decode()
    assert "Florence Vandernoot" in content and "Daniël Verheyden" in content
    assert "OECD DAC list" in content
    berlin = client.get("/en/partners/berlin/").content.decode()
    assert "Signed on 1 June 1992" in berlin and "Eurocities" in berlin
    istanbul = client.get("/en/partners/istanbul/").content.decode()
    assert "Signed in February 2021" in istanbul and "signed electronically" in istanbul
    assert "No officer follows this partnership" in istanbul


def test_unknown_or_ended_partner_is_a_404(client, seed):
    Partner.objects.filter(slug="moscow").update(state=Partner.State.ENDED)
    assert client.get("/en/partners/moscow/").status_code == 404
    assert client.get("/en/partners/atlantis/").status_code == 404


def test_no_public_page_leaks_a_counterpart_or_internal_notes(client, seed):
    ankara = Partner.objects.get(slug="ankara")
    Counterpart.objects.create(
        partner=ankara,
        name="Secret Contact Person",
        office="Private office",
        email="secret@example.org",
        notes="Private phone notes",
    )
    Partner.objects.filter(pk=ankara.pk).update(internal_notes="Internal only remark")
    urls = [f"/{lang}" + reverse(name, args=args)[3:] for lang in LANGUAGES for name, args in PAGES]
    for url in urls + ["/map/world.svg"]:
        content = client.get(url).content.decode()
        for secret in ("Secret Contact Person", "secret@example.org", "Private phone notes", "Internal only remark"):
            assert secret not in content, (url, secret)


def test_partners_list_is_paginated_with_rel_links(client, db):
    PartnerFactory.create_batch(30)
    first = client.get("/en/partners/").content.decode()
    assert '<link rel="next" href="?page=2">' in first
    second = client.get("/en/partners/?page=2")
    assert len(second.context["page"].object_list) == 6
    assert '<link rel="prev" href="?page=1">' in second.content.decode()
    assert client.get("/en/partners/?page=999").status_code == 200
    assert client.get("/en/partners/?page=abc").status_code == 200


def test_sample_data_is_labelled(client, db):
    partner = PartnerFactory()
    assert "sample data" in client.get(f"/en/partners/{partner.slug}/").content.decode()


def test_health_answers_once_the_database_does(client, db):
    response = client.get("/health/")
    assert (response.status_code, response.content) == (200, b"ok")


def test_world_map_is_drawn_by_the_app(client, db):
    response = client.get("/map/world.svg")
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.count(b"<path") > 150
    assert b"http" not in response.content.replace(b"http://www.w3.org/2000/svg", b"")


def test_partners_list_keeps_a_fixed_number_of_queries(client, db, django_assert_max_num_queries):
    themes = ThemeFactory.create_batch(3)
    for partner in PartnerFactory.create_batch(60):
        partner.themes.add(*themes)
    # Counts include the savepoint and its release that ATOMIC_REQUESTS adds around each request.
    with django_assert_max_num_queries(7):
        client.get("/en/partners/?page=2")
    with django_assert_max_num_queries(7):
        client.get("/en/partners/?q=sample&continent=EU")


def test_partner_page_keeps_a_fixed_number_of_queries(client, db, django_assert_max_num_queries):
    partner = PartnerFactory()
    AgreementFactory.create_batch(20, partner=partner)
    AssignmentFactory.create_batch(5, partner=partner)
    # The partner's timeline (activities) and its latest news (communication) take one query each.
    with django_assert_max_num_queries(13):
        client.get(f"/en/partners/{partner.slug}/")


def test_directory_and_map_keep_a_fixed_number_of_queries(client, db, django_assert_max_num_queries):
    for member in StaffMemberFactory.create_batch(40):
        AssignmentFactory(staff_member=member)
    PartnerFactory.create_batch(40, latitude=10, longitude=20)
    with django_assert_max_num_queries(8):
        client.get("/en/directory/")
    with django_assert_max_num_queries(5):
        client.get("/en/partners/map/")
    with django_assert_max_num_queries(7):
        client.get("/en/")


def test_country_names_follow_the_language(client, seed):
    assert "Duitsland" in client.get("/nl/partners/berlin/").content.decode()
    assert "Allemagne" in client.get("/fr/partners/berlin/").content.decode()


def test_map_lists_counts_instead_of_names_when_there_are_many_partners(client, db, django_assert_max_num_queries):
    from public import views

    PartnerFactory.create_batch(5, latitude=10, longitude=20, country="NG")
    assert "Sample partner" in client.get("/en/partners/map/").content.decode()
    cache.clear()  # the limit changes, not the data: the cached map would stay
    views.MAP_LIST_LIMIT, limit = 3, views.MAP_LIST_LIMIT
    try:
        with django_assert_max_num_queries(6):
            content = client.get("/en/partners/map/").content.decode()
    finally:
        views.MAP_LIST_LIMIT = limit
    assert content.count('class="marker"') == 1  # one decorative shape for all the dots
    assert "/en/partners/?continent=AF" in content and ">5 partners<" in content
    assert "Sample partner" not in content


def test_public_pages_refuse_other_methods_and_show_a_translated_404(client, seed, settings):
    assert client.post("/en/partners/").status_code == 405
    settings.DEBUG = False
    response = client.get("/nl/partners/nowhere/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()
