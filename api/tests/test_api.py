"""The REST API: rights from the models' declarations, tokens, limits, ETags, problem details,
and an OpenAPI document that schemathesis checks the answers against."""

import pytest
from django.core import signals
from django.core.cache import cache
from django.db import close_old_connections
from drf_spectacular.validation import validate_schema

from api import serializers
from api.models import ApiToken
from core.rights import governed_models
from partners.models import Agreement, Partner


def bearer(key):
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture
def officer_key(officer):
    return ApiToken.issue(officer, "script")[1]


def test_the_openapi_document_is_3_1_and_validates(client, db):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.1")
    validate_schema(schema)  # drf-spectacular's check against the OpenAPI 3.1 JSON schema
    assert {
        "/api/partners/",
        "/api/agreements/",
        "/api/activities/",
        "/api/news/",
        "/api/calls/",
        "/api/funded-projects/",
        "/api/projects/",
        "/api/directory/",
    } <= schema["paths"].keys()


def test_schemathesis_finds_no_server_error_and_no_answer_outside_the_schema(seed):
    import schemathesis

    from liaison.wsgi import application

    # As Django's test client does: a request through the WSGI handler would otherwise close the
    # test's database connection (and its transaction) when it ends.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        checked = _run_schemathesis(schemathesis.openapi.from_wsgi("/api/schema/?format=json", application))
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
    assert checked >= 16


def _run_schemathesis(schema):
    from hypothesis import HealthCheck, given, settings
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import response_schema_conformance

    checked = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.method.upper() != "GET":
            continue  # writes need a token: the tests below write

        @given(case=operation.as_strategy())
        @settings(max_examples=2, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        def check(case):
            response = case.call()
            case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])

        check()
        checked += 1
        cache.clear()  # the address's rate limit is not what this test is about
    return checked


def test_a_visitor_reads_public_rows_only_and_no_private_field(client, seed):
    ended = Partner.objects.filter(state="ended").first() or Partner.objects.first()
    Partner.objects.filter(pk=ended.pk).update(state="ended", internal_notes="secret note")
    Agreement.objects.filter(pk=Agreement.objects.first().pk).update(is_public=False, internal_notes="secret")
    hidden = Agreement.objects.filter(is_public=False).count()
    response = client.get("/api/partners/?page_size=200")
    slugs = {row["slug"] for row in response.json()["results"]}
    assert ended.slug not in slugs and "berlin" in slugs
    assert client.get(f"/api/partners/{ended.slug}/").status_code == 404
    body = client.get("/api/agreements/?page_size=200").content.decode()
    assert "secret" not in body and hidden >= 1
    assert "internal_notes" not in body


def test_no_serializer_offers_a_field_its_model_declares_private():
    for serializer in serializers.SERIALIZERS:
        private = set(serializer.Meta.model.rights.private)
        assert not private & set(serializer.Meta.fields), serializer
    declared = {model for model in governed_models() if model.rights.private}
    assert Partner in declared and Agreement in declared


def test_an_officers_token_changes_their_portfolio_only(client, officer, officer_key):
    outside = Partner.objects.exclude(assignments__staff_member__user=officer).exclude(state="ended").first()
    response = client.patch(
        "/api/partners/berlin/",
        {"description": "Twinned since 1992."},
        content_type="application/json",
        **bearer(officer_key),
    )
    assert response.status_code == 200, response.content
    assert Partner.objects.get(slug="berlin").description_en == "Twinned since 1992." or "1992" in str(
        Partner.objects.get(slug="berlin").description
    )
    response = client.patch(
        f"/api/partners/{outside.slug}/",
        {"description": "Not mine."},
        content_type="application/json",
        **bearer(officer_key),
    )
    assert response.status_code in (403, 404)
    assert response["Content-Type"] == "application/problem+json"
    assert "Not mine." not in str(Partner.objects.get(pk=outside.pk).description)
    # Nor an agreement for a partner outside the portfolio.
    response = client.post(
        "/api/agreements/",
        {"partner": outside.slug, "kind": "memorandum", "title": "Not mine"},
        content_type="application/json",
        **bearer(officer_key),
    )
    assert response.status_code == 403
    assert not Agreement.objects.filter(title="Not mine").exists()


def test_a_write_is_audited_in_the_token_holders_name(client, officer, officer_key):
    from auditlog.models import LogEntry

    client.patch(
        "/api/partners/berlin/", {"description": "Audited."}, content_type="application/json", **bearer(officer_key)
    )
    entry = LogEntry.objects.filter(object_pk=str(Partner.objects.get(slug="berlin").pk)).latest("timestamp")
    assert entry.actor == officer


def test_without_a_token_writes_are_refused_and_a_revoked_token_gets_401(client, officer, officer_key):
    response = client.patch("/api/partners/berlin/", {"description": "x"}, content_type="application/json")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    ApiToken.objects.get(user=officer).revoke()
    response = client.get("/api/partners/", **bearer(officer_key))
    assert response.status_code == 401
    problem = response.json()
    assert problem["status"] == 401 and problem["title"] and problem["detail"]
    assert response["Content-Type"] == "application/problem+json"


def test_problems_speak_the_request_language(client, db):
    response = client.get("/api/partners/nowhere/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 404
    assert response.json()["title"] == "Introuvable"
    assert response.json()["instance"] == "/api/partners/nowhere/"
    response = client.get("/api/agreements/?signed_after=yesterday", HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 400
    assert "signed_after" in response.json()["errors"]


def test_the_101st_request_in_a_minute_gets_429_with_retry_after(client, db):
    for _ in range(100):
        assert client.get("/api/calls/", REMOTE_ADDR="192.0.2.7").status_code == 200
    response = client.get("/api/calls/", REMOTE_ADDR="192.0.2.7")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert response.json()["status"] == 429
    assert client.get("/api/calls/", REMOTE_ADDR="192.0.2.8").status_code == 200  # per address


def test_etag_and_304(client, seed):
    response = client.get("/api/partners/")
    etag = response["ETag"]
    assert response.status_code == 200 and etag
    assert client.get("/api/partners/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    berlin = Partner.objects.get(slug="berlin")
    berlin.latitude, berlin.longitude = 52.5, 13.4
    berlin.save()  # a change makes a new answer, whatever the cache held
    assert client.get("/api/partners/", HTTP_IF_NONE_MATCH=etag).status_code == 200
    detail = client.get("/api/partners/berlin/")
    assert client.get("/api/partners/berlin/", HTTP_IF_NONE_MATCH=detail["ETag"]).status_code == 304


def test_pages_by_cursor_filters_and_ordering(client, seed, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        first = client.get("/api/partners/?page_size=5&ordering=slug").json()
    assert len(first["results"]) == 5 and first["next"]
    second = client.get(first["next"]).json()
    assert {r["slug"] for r in first["results"]}.isdisjoint({r["slug"] for r in second["results"]})
    germany = client.get("/api/partners/?country=DE").json()["results"]
    assert germany and all(row["country"] == "DE" for row in germany)
    assert client.get("/api/partners/?cursor=garbage").status_code == 404


def test_the_docs_work_offline_within_the_csp(client, db):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in page
    assert "https://" not in page.replace("https://spec.openapis.org", "")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "'unsafe-inline'" not in client.get("/en/")["Content-Security-Policy"]
    assert "data:" not in client.get("/en/")["Content-Security-Policy"]


def test_a_staff_member_makes_and_revokes_their_token_in_the_back_office(client, officer, other_officer):
    from django.contrib.messages import get_messages

    client.force_login(officer)
    response = client.post("/admin/api/apitoken/add/", {"label": "Press script"}, follow=True)
    text = " ".join(str(message) for message in get_messages(response.wsgi_request)) or response.content.decode()
    key = next(word for word in text.split() if word.startswith("lsn_"))
    token = ApiToken.objects.get(user=officer)
    assert token.digest != key and key not in str(token.__dict__)  # only its digest is stored
    assert client.get("/api/partners/", **bearer(key)).status_code == 200
    client.force_login(other_officer)  # another staff member cannot revoke it
    client.post("/admin/api/apitoken/", {"action": "revoke", "_selected_action": [token.pk]})
    assert client.get("/api/partners/", **bearer(key)).status_code == 200
    client.force_login(officer)
    client.post("/admin/api/apitoken/", {"action": "revoke", "_selected_action": [token.pk]})
    assert client.get("/api/partners/", **bearer(key)).status_code == 401
