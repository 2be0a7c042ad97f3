"""Public pages: no lock for a read, HEAD, the page cache and its invalidation (core.cache)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import HttpResponse, HttpResponseServerError
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import path

from core.middleware import AtomicWritesMiddleware
from core.models import Organisation
from liaison import urls as project_urls
from partners.models import Partner
from partners.tests.test_partner_edit import partner_form

LANGUAGES = ["fr", "nl", "en", "de"]
PUBLIC = ["/{}/", "/{}/partners/", "/{}/partners/map/", "/{}/partners/berlin/", "/{}/directory/"]


def _transaction_statements(queries):
    return [q["sql"] for q in queries if q["sql"].upper().startswith(("SAVEPOINT", "BEGIN"))]


def test_a_public_read_opens_no_transaction(client, seed):
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/en/partners/").status_code == 200
    assert queries.captured_queries and not _transaction_statements(queries.captured_queries)


def test_a_failed_write_request_leaves_no_trace(rf, seed):
    def failing_view(request):
        Partner.objects.filter(slug="berlin").update(name_en="Half-written")
        return HttpResponseServerError()

    AtomicWritesMiddleware(failing_view)(rf.post("/admin/"))
    assert Partner.objects.get(slug="berlin").name_en == "Berlin"


def test_only_a_write_request_opens_a_transaction(rf, db):
    depth = []

    def view(request):
        depth.append(len(connection.savepoint_ids))  # the test's own transaction adds none
        return HttpResponse()

    AtomicWritesMiddleware(view)(rf.get("/"))
    AtomicWritesMiddleware(view)(rf.head("/"))
    AtomicWritesMiddleware(view)(rf.post("/"))
    assert depth == [0, 0, 1]


@pytest.mark.parametrize("path", PUBLIC)
def test_head_answers_wherever_get_does(client, seed, path):
    response = client.head(path.format("en"))
    assert response.status_code == 200
    assert response.content == b""


def test_a_back_office_edit_shows_on_the_next_request_in_every_language(client, head_of_unit):
    for language in LANGUAGES:
        assert client.get(f"/{language}/partners/?q=berl").status_code == 200
        assert client.get(f"/{language}/partners/berlin/").status_code == 200
    staff = Client()
    staff.force_login(head_of_unit)
    berlin = Partner.objects.get(slug="berlin")
    response = staff.post(
        f"/admin/partners/partner/{berlin.pk}/change/",
        partner_form(berlin, **{f"name_{code}": f"Berlin-{code}" for code in LANGUAGES}),
    )
    assert response.status_code == 302
    for language in LANGUAGES:
        assert f"Berlin-{language}" in client.get(f"/{language}/partners/?q=berl").content.decode()
        assert f"Berlin-{language}" in client.get(f"/{language}/partners/berlin/").content.decode()


def test_a_change_without_signals_shows_once_it_says_so(client, seed):
    from core.cache import content_changed

    assert "Renamed office" not in client.get("/en/").content.decode()
    Organisation.objects.update(name_en="Renamed office")
    content_changed()
    assert "Renamed office" in client.get("/en/").content.decode()


def test_the_organisation_is_read_once_per_change_and_its_edit_shows_in_every_language(client, seed):
    def organisation_queries(address):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(address).status_code == 200
        return [query for query in queries.captured_queries if "core_organisation" in query["sql"]]

    assert organisation_queries("/en/partners/?q=a")
    # Another page, not yet cached, in another language: the organisation is not read again.
    assert not organisation_queries("/fr/partners/?q=b")
    organisation = Organisation.objects.first()
    for language in LANGUAGES:
        setattr(organisation, f"name_{language}", f"Office-{language}")
    organisation.save()
    for language in LANGUAGES:
        assert f"Office-{language}" in client.get(f"/{language}/partners/?q=c").content.decode()


def test_staff_and_visitors_never_get_each_others_page(client, officer):
    staff = Client()
    staff.force_login(officer)
    visitor_page = client.get("/en/partners/")
    staff_page = staff.get("/en/partners/")
    assert "private" in staff_page["Cache-Control"]
    assert "ETag" not in staff_page
    # The visitor's page is served from the cache, the staff member's never stored.
    Partner.objects.filter(slug="berlin").update(name_en="Changed quietly")
    assert staff.get("/en/partners/").content != visitor_page.content
    assert client.get("/en/partners/").content == visitor_page.content
    assert "Cookie" in visitor_page["Vary"]


def test_a_repeated_request_with_its_etag_gets_304(client, seed):
    first = client.get("/en/partners/berlin/")
    again = client.get("/en/partners/berlin/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert client.get("/en/partners/berlin/", HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_the_etag_changes_with_the_content(client, seed):
    first = client.get("/en/partners/berlin/")
    berlin = Partner.objects.get(slug="berlin")
    berlin.name_en = "Berlin (new)"
    berlin.save()
    again = client.get("/en/partners/berlin/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200 and "Berlin (new)" in again.content.decode()


def test_the_cached_page_is_served_without_a_query(client, seed, django_assert_num_queries):
    client.get("/en/partners/")
    with django_assert_num_queries(0):
        assert client.get("/en/partners/").status_code == 200


def _write_then_refuse(request):
    Partner.objects.filter(slug="berlin").update(name_en="Half-written")
    raise PermissionDenied


urlpatterns = [path("write-then-refuse/", _write_then_refuse), *project_urls.urlpatterns]


@pytest.mark.urls(__name__)
def test_a_write_request_whose_view_raises_is_rolled_back_and_still_gets_its_page(client, seed):
    assert client.post("/write-then-refuse/").status_code == 403
    assert Partner.objects.get(slug="berlin").name_en == "Berlin"


def test_a_flushed_cache_serves_no_page_a_process_kept(client, seed):
    from django.core.cache import cache

    client.get("/en/partners/berlin/")
    cache.clear()  # as a Redis restart would
    Partner.objects.filter(slug="berlin").update(name_en="After the flush")
    assert "After the flush" in client.get("/en/partners/berlin/").content.decode()
