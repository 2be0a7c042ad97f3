"""While the database is away the site answers a translated 503 with Retry-After, never a 500."""

import threading
import time
import urllib.error
import urllib.request

import pytest
from django.db import OperationalError, connection
from django.test import Client

from partners.models import Partner
from partners.tests.factories import PartnerFactory


def _refuse(execute, sql, params, many, context):
    raise OperationalError("server closed the connection unexpectedly")


def test_a_lost_database_gives_a_translated_503_with_retry_after(db):
    client = Client(raise_request_exception=False)
    with connection.execute_wrapper(_refuse):
        response = client.get("/fr/partners/?q=berlin")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "Revenez dans un instant" in response.content.decode()


def test_the_drivers_own_error_is_a_503_too(db, monkeypatch):
    """Closing a server-side cursor on PostgreSQL raises psycopg's error, unwrapped by Django:
    seen as a 500 when PostgreSQL restarted under load."""
    from public import views

    def lost(*args, **kwargs):
        raise connection.Database.OperationalError("consuming input failed: server closed the connection")

    monkeypatch.setattr(views.KeyedPaginator, "get_page", lost)
    response = Client(raise_request_exception=False).get("/nl/partners/")
    assert response.status_code == 503 and response["Retry-After"] == "5"


def test_other_errors_stay_500(db, monkeypatch):
    from public import views

    def broken(*args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr(views.KeyedPaginator, "get_page", broken)
    response = Client(raise_request_exception=False).get("/en/partners/")
    assert response.status_code == 500


def _status(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.skipif(connection.vendor != "postgresql", reason="cuts PostgreSQL connections")
def test_the_site_survives_a_database_outage_under_load(live_server, transactional_db):
    import psycopg

    PartnerFactory(slug="saved-before", name_en="Saved before the outage")
    settings = connection.settings_dict
    name = settings["NAME"]
    admin = psycopg.connect(
        host=settings["HOST"], port=settings["PORT"] or 5432, user=settings["USER"], dbname="postgres", autocommit=True
    )
    statuses, stop = [], threading.Event()

    def load(worker):
        n = 0
        while not stop.is_set():
            n += 1  # a new address each time: the page cache must not answer for the database
            statuses.append(_status(f"{live_server.url}/en/partners/?q=saved&page={worker}-{n}"))

    threads = [threading.Thread(target=load, args=(i,)) for i in range(3)]
    for thread in threads:
        thread.start()
    try:
        time.sleep(0.5)
        admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        )
        time.sleep(2)
    finally:
        admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
    back = time.monotonic()
    while _status(f"{live_server.url}/en/partners/?q=saved&back={time.monotonic()}") != 200:
        assert time.monotonic() - back < 5, "still no 200 five seconds after the database came back"
        time.sleep(0.1)
    recovered = time.monotonic() - back
    stop.set()
    for thread in threads:
        thread.join()
    admin.close()
    connection.close()  # this test's own connection was cut too
    assert set(statuses) <= {200, 503}, sorted(set(statuses))
    assert 503 in statuses and recovered < 5
    assert Partner.objects.filter(slug="saved-before").exists()
