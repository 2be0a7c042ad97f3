import pytest
from django.urls import reverse


@pytest.mark.parametrize(
    "query, slug",
    [
        ("Kiev", "kyiv"),
        ("kyiv", "kyiv"),
        ("Kyjiw", "kyiv"),
        ("KIEW", "kyiv"),
        ("Lille", "lille"),
        ("MEL", "lille"),
        ("Métropole européenne", "lille"),
        ("European Metropolis", "lille"),
        ("Quebec", "quebec"),
        ("québec", "quebec"),
        ("Mazovia", "mazovia"),
        ("rabat sale", "rabat-sale-kenitra"),
    ],
)
def test_search_finds_the_one_right_partner(client, seed, query, slug):
    response = client.get(reverse("public:partner-list"), {"q": query})
    partners = list(response.context["page"].object_list)
    assert [p.slug for p in partners] == [slug]


def test_search_with_no_match_says_so(client, seed):
    response = client.get("/en/partners/", {"q": "Atlantis"})
    assert response.context["page"].paginator.count == 0
    assert b"No partner matches" in response.content


def test_overlong_search_gets_a_message_not_a_500(client, seed):
    response = client.get(reverse("public:partner-list"), {"q": "x" * 500, "continent": "XX"})
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"q", "continent"}


def test_filters_by_continent_kind_and_theme(client, seed):
    url = reverse("public:partner-list")
    africa = client.get(url, {"continent": "AF"}).context["page"].object_list
    assert {p.slug for p in africa} == {"algiers", "kinshasa", "rabat-sale-kenitra"}
    metropolitan = client.get(url, {"kind": "metropolitan_area"}).context["page"].object_list
    assert {p.slug for p in metropolitan} == {"lille", "istanbul", "ankara"}
    green = client.get(url, {"theme": "green-space"}).context["page"].object_list
    assert [p.slug for p in green] == ["ankara"]


def test_partners_are_listed_by_their_name_in_the_page_language(client, seed):
    french = [p.slug for p in client.get("/fr/partners/").context["page"].object_list][:3]
    assert french == ["ankara", "berlin", "budapest"]
    english = [p.slug for p in client.get("/en/partners/").context["page"].object_list][:3]
    assert english == ["aichi", "algiers", "ankara"]


def test_an_error_is_tied_to_its_field_for_screen_readers(client, seed):
    content = client.get("/en/partners/", {"continent": "XX"}).content.decode()
    assert 'aria-describedby="id_continent_error"' in content
    assert '<p class="error" id="id_continent_error">' in content


def test_search_uses_the_index_and_follows_every_change(client, seed):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from partners.models import Partner, PartnerAlias
    from partners.tests.factories import PartnerFactory

    berlin = Partner.objects.get(slug="berlin")
    PartnerAlias.objects.create(partner=berlin, name="Spree-Athen")
    with CaptureQueriesContext(connection) as queries:
        found = client.get("/en/partners/", {"q": "spree ath"}).context["page"].object_list
    assert [p.slug for p in found] == ["berlin"]
    if connection.vendor == "sqlite":
        assert any("MATCH" in q["sql"] for q in queries.captured_queries)
    berlin.aliases.get(name="Spree-Athen").delete()
    assert not Partner.objects.search("spree ath").exists()
    newcomer = PartnerFactory(name_en="Zanzibar Town")
    assert list(Partner.objects.search("zanzi")) == [newcomer]
    newcomer.delete()
    assert not Partner.objects.search("zanzi").exists()


def test_the_search_index_comes_back_after_its_triggers_are_lost(seed):
    from django.db import connection

    from partners import search
    from partners.models import Partner

    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for suffix in ("insert", "delete", "update"):
            cursor.execute(f"DROP TRIGGER {search.TABLE}_{suffix}")  # as a table rebuild does
    Partner.objects.filter(slug="berlin").update(search_text=" berlin | hauptstadt ")
    search.ensure_index(connection)
    assert list(Partner.objects.search("hauptstadt").values_list("slug", flat=True)) == ["berlin"]
