"""Lists sort as each language sorts: a collation key per language, kept on the partner."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.models import DIRECTORY_PARTNERS_SHOWN
from directory.tests.factories import StaffMemberFactory
from partners.models import Partner
from partners.tests.factories import AssignmentFactory, PartnerFactory


def listed(client, language, **query):
    page = client.get(f"/{language}/partners/", query).content.decode()
    return [slug for slug in re.findall(r'href="/\w\w/partners/([\w-]+)/"', page) if slug != "map"]


def test_french_puts_seoul_before_sofia_and_ile_de_france_among_the_i(client, db):
    for slug, name in [
        ("sofia", "Sofia"),
        ("seoul", "Séoul"),
        ("idf", "Île-de-France"),
        ("istanbul", "Istanbul"),
        ("hambourg", "Hambourg"),
        ("jena", "Iéna"),
        ("zagreb", "Zagreb"),
    ]:
        PartnerFactory(slug=slug, name_fr=name)
    assert listed(client, "fr") == ["hambourg", "jena", "idf", "istanbul", "seoul", "sofia", "zagreb"]


def test_german_puts_praefektur_before_provinz(client, db):
    PartnerFactory(slug="provinz", name_de="Provinz Gangwon")
    PartnerFactory(slug="praefektur", name_de="Präfektur Osaka")
    PartnerFactory(slug="prag", name_de="Prag")
    assert listed(client, "de") == ["praefektur", "prag", "provinz"]  # ä sorts as a


def test_a_language_without_its_own_name_sorts_the_name_it_shows(client, db):
    PartnerFactory(slug="b", name_en="Beta")
    PartnerFactory(slug="a", name_en="Zeta", name_nl="Alfa")
    assert listed(client, "nl") == ["a", "b"]
    assert listed(client, "en") == ["b", "a"]


def test_a_renamed_partner_moves_in_the_list(client, db):
    first = PartnerFactory(slug="first", name_en="Aachen")
    PartnerFactory(slug="second", name_en="Bonn")
    first.name_en = "Cottbus"
    first.save()
    assert listed(client, "en") == ["second", "first"]


def test_the_list_is_ordered_by_the_indexed_key(client, db):
    PartnerFactory.create_batch(3)
    with CaptureQueriesContext(connection) as queries:
        client.get("/fr/partners/?page=2")
    assert any('ORDER BY "partners_partner"."sort_key_fr" ASC' in q["sql"] for q in queries.captured_queries)
    assert Partner._meta.get_field("sort_key_fr").max_length and any(
        index.fields[:2] == ["sort_key_fr", "slug"] for index in Partner._meta.indexes
    )


def test_the_directory_names_a_bounded_number_of_partners_per_person(client, db, django_assert_max_num_queries):
    member = StaffMemberFactory()
    for partner in PartnerFactory.create_batch(DIRECTORY_PARTNERS_SHOWN + 8):
        AssignmentFactory(staff_member=member, partner=partner)
    ended = PartnerFactory(name_en="Ended partnership", state=Partner.State.ENDED)
    AssignmentFactory(staff_member=member, partner=ended)
    with django_assert_max_num_queries(8):
        page = client.get("/en/directory/").content.decode()
    assert page.count('href="/en/partners/sample-partner-') == DIRECTORY_PARTNERS_SHOWN
    assert "Ended partnership" not in page


def test_a_late_page_reads_its_keys_through_the_index_then_its_rows(client, db):
    """At 10,000 partners PostgreSQL sorted the whole table to skip to page 200 (25 ms)."""
    from public.views import PARTNERS_PER_PAGE

    for number in range(2 * PARTNERS_PER_PAGE + 5):
        PartnerFactory(slug=f"p{number:03}", name_fr=f"Ville {(number * 37) % 101:03}")
    PartnerFactory(slug="ended", name_fr="Ville 000 terminée", state=Partner.State.ENDED)
    in_order = list(Partner.objects.public().order_by("sort_key_fr", "slug").values_list("slug", flat=True))
    with CaptureQueriesContext(connection) as queries:
        pages = [listed(client, "fr", page=number) for number in (1, 2, 3)]
    assert sum(pages, []) == in_order and "ended" not in in_order
    assert [len(page) for page in pages] == [PARTNERS_PER_PAGE, PARTNERS_PER_PAGE, 5]

    keys = [q["sql"] for q in queries.captured_queries if "OFFSET" in q["sql"]]
    # The late pages skip index entries for their keys, not whole rows.
    assert keys and all(re.match(r'SELECT "partners_partner"\."slug"( AS "slug")? FROM', sql) for sql in keys), keys
    sql, params = Partner.objects.for_list().values_list("slug")[48:72].query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_sort = off")  # a sort is then chosen only if nothing else serves
            cursor.execute("EXPLAIN " + sql, params)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = " ".join(str(row) for row in cursor.fetchall())
    assert "Sort" not in plan and "TEMP B-TREE FOR ORDER BY" not in plan, plan
