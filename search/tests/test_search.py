"""The search: the acceptance queries, rights, an index kept current, bad input, the pages.

Every test here reads a database (SQLite, then PostgreSQL in CI's second pass): the index is
the database's own (FTS5 and trigrams; tsvector and pg_trgm).
"""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from activities.models import Activity, Organisation
from core import roles
from directory.models import StaffMember
from partners.models import Agreement, Partner, PartnerAlias
from search import indexer, service
from search.models import Entry

LANGUAGES = ["fr", "nl", "en", "de"]


def first(query, language="en", user=None):
    found = service.search(query, user, language)
    assert found.hits, f"nothing found for {query!r} in {language}"
    hit = found.hits[0]
    return hit.kind, hit.object_id


def expected(key):
    """(kind, pk) of the record each acceptance query is about, from the seeds."""
    if key == "kyiv":
        return "partner", Partner.objects.get(slug="kyiv").pk
    if key == "bratislava":
        return "partner", Partner.objects.get(slug="bratislava").pk
    if key == "berlin-1992":
        return "agreement", Agreement.objects.get(partner__slug="berlin", signed_on__year=1992).pk
    if key == "ankara-mou":
        return "agreement", Agreement.objects.get(partner__slug="ankara", kind="memorandum").pk
    if key == "leonardo":
        return "activity", Activity.objects.get(slug="police-exchange-leonardo").pk
    if key == "brigittines":
        return "organisation", Organisation.objects.get(name="Les Brigittines").pk
    if key == "eat-brussels":  # seed 004: whom to contact for the eat! BRUSSELS festival
        return "staff", StaffMember.objects.get(subjects__slug="eat-brussels").pk
    raise KeyError(key)


ACCEPTANCE = [
    ("Kiev", "kyiv"),
    ("kyiv", "kyiv"),
    ("Kyjiw", "kyiv"),
    ("Kyiw", "kyiv"),
    ("KYÏV", "kyiv"),
    ("Bratislawa", "bratislava"),
    ("Berlin 1992", "berlin-1992"),
    ("LEONARDO", "leonardo"),
    ("Ankara MoU", "ankara-mou"),
    ("eat! BRUSSELS", "eat-brussels"),
    ("Brigitines", "brigittines"),
]


def test_each_acceptance_query_finds_its_record_first_in_every_language(seed):
    wrong = [
        (query, language, first(query, language), expected(key))
        for query, key in ACCEPTANCE
        for language in LANGUAGES
        if first(query, language) != expected(key)
    ]
    assert not wrong


BAD = ["", " ", '"', "*", "NEAR(", "OR", "AND NOT", "a" * 1000, "'; DROP TABLE search_entry; --", "\x00", "%", "_"]


@pytest.mark.parametrize("query", BAD)
def test_bad_input_never_fails(client, db, query):
    response = client.get("/fr/search/", {"q": query, "page": "x", "kind": "nope", "year": "19x2", "partner": "-1"})
    assert response.status_code == 200


def test_an_acceptance_result_is_first_on_the_public_page_highlighted(client, seed):
    page = client.get("/fr/search/", {"q": "Berlin 1992"}).content.decode()
    results = page[page.index('class="search-results"') :]
    first_group = results[: results.index("</section>")]
    assert "<h2>Accords</h2>" in first_group
    assert "<mark>Berlin</mark>" in first_group and "Accord d&#x27;amitié" in first_group


@pytest.fixture
def indexed(django_capture_on_commit_callbacks):
    """Writes inside it are indexed as after a commit."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _internal_activity(indexed, title="Quetzalcoatl confidential mission"):
    with indexed():
        activity = Activity.objects.create(
            slug="quetzal", title_en=title, kind="mission", date_precision="unknown", visibility="internal"
        )
    return activity


def _staff_without_role(django_user_model):
    return django_user_model.objects.create_user(username="evaluator", password="x", is_staff=True)


def test_an_internal_activity_is_found_only_by_whom_its_rights_show_it(
    client, seed, indexed, head_of_unit, django_user_model
):
    activity = _internal_activity(indexed)
    assert not service.search("Quetzalcoatl", None, "en").hits
    assert not service.search("Quetzalcoatl", _staff_without_role(django_user_model), "en", public=False).hits
    assert [h.object_id for h in service.search("Quetzalcoatl", head_of_unit, "en", public=False).hits] == [activity.pk]
    # The index's flag only narrows: with it wrong, the rights layer still hides the activity.
    Entry.objects.filter(kind="activity", object_id=activity.pk).update(public=True)
    from search.models import Text

    Text.objects.filter(entry__kind="activity", entry__object_id=activity.pk).update(public=True)
    assert not service.search("Quetzalcoatl", None, "en").hits
    page = client.get("/en/search/", {"q": "Quetzalcoatl"}).content.decode()
    assert "Quetzalcoatl" not in page[page.index('class="search-results"') :]


def test_counterparts_and_applications_are_found_by_nobody(seed, indexed, head_of_unit, django_user_model):
    from cooperation.tests.factories import ApplicationFactory

    development = django_user_model.objects.create_user(username="dev", password="x", is_staff=True)
    development.groups.add(Group.objects.get(name=roles.DEVELOPMENT_OFFICER))
    with indexed():
        Partner.objects.get(slug="ankara").counterparts.create(name="Xochiquetzal Counterpart", office="Advisor")
        ApplicationFactory(title="Xochiquetzal water project")
    for user in (None, head_of_unit, development):
        assert not service.search("Xochiquetzal", user, "en", public=user is None).hits
        assert not service.search("Xochiquetzal", user, "fr", public=user is None).hits


def test_the_index_follows_create_update_delete_and_aliases(seed, indexed):
    with indexed():
        partner = Partner.objects.create(slug="tlaxcala", name_en="Tlaxcala", kind="city", country="MX")
    assert first("Tlaxcala") == ("partner", partner.pk)
    with indexed():
        PartnerAlias.objects.create(partner=partner, name="Tlaxcallan")
    assert first("tlaxcallan") == ("partner", partner.pk)
    with indexed():
        partner.name_en = "Huamantla"
        partner.save()
    assert first("Huamantla") == ("partner", partner.pk)
    assert not [
        h
        for h in service.search("Tlaxcala", None, "en").hits
        if h.object_id == partner.pk and h.kind == "partner" and h.score[0]
    ]
    with indexed():
        partner.state = "ended"  # leaves the public site, and the public search
        partner.save()
    assert not service.search("Huamantla", None, "en").hits
    with indexed():
        partner.delete()
    assert not Entry.objects.filter(kind="partner", object_id=partner.pk).exists()


def test_bulk_writes_are_indexed_by_the_bulk_paths(seed):
    activities = Activity.objects.bulk_create(
        Activity(
            slug=f"bulk-{i}",
            title_en=f"Ixtapaluca bulk {i}",
            kind="other",
            date_precision="unknown",
            visibility="public",
        )
        for i in range(3)
    )
    assert not service.search("Ixtapaluca", None, "en").hits  # bulk_create sends no signal
    indexer.index_queryset(Activity.objects.filter(slug__startswith="bulk-"))
    assert len(service.search("Ixtapaluca", None, "en").hits) == 3
    Activity.objects.filter(pk=activities[0].pk).update(title_en="Chimalhuacan")
    indexer.index("activity", [activities[0].pk])
    assert first("Chimalhuacan") == ("activity", activities[0].pk)
    call_command("reindex", "activity", stdout=open("/dev/null", "w"))
    assert len(service.search("Ixtapaluca", None, "en").hits) == 2


def test_facets_count_and_filter(seed):
    found = service.search("Berlin", None, "en")
    kinds = found.facets["kind"]
    assert kinds["partner"] == 1 and kinds["activity"] >= 3
    berlin = Partner.objects.get(slug="berlin").pk
    assert found.facets["partner"][str(berlin)] >= 4
    assert found.facets["country"]["DE"] >= 1
    only = service.search("Berlin", None, "en", {"kind": "agreement"})
    assert {hit.kind for hit in only.hits} == {"agreement"}
    assert only.facets["kind"]["activity"] == kinds["activity"]  # the other kinds stay offered
    assert {h.year for h in service.search("Berlin", None, "en", {"year": "1992"}).hits} == {1992}


def test_matched_words_are_highlighted_after_escaping(client, seed, indexed):
    with indexed():
        Activity.objects.create(
            slug="xss",
            title_en="<script>alert(1)</script> Zanzibar <b>visit</b>",
            kind="other",
            date_precision="unknown",
            visibility="public",
        )
    page = client.get("/en/search/", {"q": "zanzibar"}).content.decode()
    assert "<script>alert" not in page and "<b>visit" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>Zanzibar</mark> &lt;b&gt;visit&lt;/b&gt;" in page
    assert service.highlight("Brüssel, BRUSSELS & <i>", ["brussel"]) == (
        "<mark>Brüssel</mark>, <mark>BRUSSELS</mark> &amp; &lt;i&gt;"
    )


def test_the_public_page_keeps_a_fixed_number_of_queries(client, seed, django_assert_max_num_queries):
    with django_assert_max_num_queries(20):
        response = client.get("/en/search/", {"q": "Berlin"})
    assert response.status_code == 200
    with django_assert_max_num_queries(20):
        client.get("/en/search/", {"q": "Brussels", "page": "2"})
    with django_assert_max_num_queries(2):  # served from the cache
        client.get("/en/search/", {"q": "Berlin"})


def test_the_back_office_search_is_for_staff_and_shows_what_they_may_see(
    client, seed, indexed, head_of_unit, django_assert_max_num_queries
):
    _internal_activity(indexed)
    response = client.get("/admin/search/", {"q": "Quetzalcoatl"})
    assert response.status_code == 302 and "/admin/login/" in response.url
    client.force_login(head_of_unit)
    with django_assert_max_num_queries(30):  # 3 for the index, 1 per kind to check and show, the session
        client.get("/admin/search/", {"q": "Berlin Brussels"})
    with_queries = client.get("/admin/search/", {"q": "Quetzalcoatl"}).content.decode()
    assert "<mark>Quetzalcoatl</mark>" in with_queries and "/admin/activities/activity/" in with_queries
    # The box in the back office's header.
    assert 'action="/admin/search/"' in client.get("/admin/").content.decode()


def test_a_staff_member_without_a_role_sees_the_public_records_only(client, seed, indexed, django_user_model):
    _internal_activity(indexed, title="Quetzalcoatl internal mission to Berlin")
    client.force_login(_staff_without_role(django_user_model))
    page = client.get("/admin/search/", {"q": "Quetzalcoatl"}).content.decode()
    assert 'class="search-hit"' not in page
    page = client.get("/admin/search/", {"q": "Berlin"}).content.decode()
    assert "<mark>Berlin</mark>" in page and "Quetzalcoatl" not in page.split('class="search-results"')[1]


def test_every_public_page_has_the_search_box(client, db):
    for url in ("/fr/", "/nl/partners/", "/de/news/", "/en/cooperation/"):
        assert 'action="/{}/search/"'.format(url.split("/")[1]) in client.get(url).content.decode(), url


def test_a_role_group_sees_what_that_role_may(seed, indexed, django_user_model):
    activity = _internal_activity(indexed)
    user = django_user_model.objects.create_user(username="comms", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.COMMUNICATION_OFFICER))
    assert [h.object_id for h in service.search("Quetzalcoatl", user, "fr", public=False).hits] == [activity.pk]
