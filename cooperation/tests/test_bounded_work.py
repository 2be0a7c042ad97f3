"""Work per request stays bounded: impossible years are a 404, the report PDF is built once, at
its publication, and an oversized request is refused before its body is read."""

import socket
import time

import pytest
from django.utils import timezone

from cooperation import letters, services
from cooperation.models import AnnualReport
from cooperation.sample import sample_generate
from cooperation.tests import factories


@pytest.mark.parametrize("year", [0, 1, 1960, 9999])
@pytest.mark.parametrize("suffix", ["", "pdf/"])
def test_a_year_with_no_report_is_a_404_not_an_error(client, db, year, suffix):
    assert client.get(f"/en/cooperation/reports/{year}/{suffix}").status_code == 404


def test_next_year_has_no_report_yet(client, db):
    assert client.get(f"/fr/cooperation/reports/{timezone.localdate().year + 1}/").status_code == 404


def test_no_visitor_builds_the_report_pdf_it_was_built_once_at_publication(client, seed, monkeypatch):
    sample_generate(grants=3, organisations=1)
    year = timezone.localdate().year - 1
    built = []
    original = letters.pdf_from_template
    monkeypatch.setattr(letters, "pdf_from_template", lambda *args: built.append(1) or original(*args))
    publisher = factories.UserFactory(is_superuser=True)
    services.annual_report_publish(report=AnnualReport.objects.create(year=year), published_by=publisher)
    assert len(built) == 4  # one PDF per language, once
    url = f"/nl/cooperation/reports/{year}/pdf/"
    first, second = client.get(url), client.get(url)
    assert first.status_code == second.status_code == 200
    assert b"".join(first.streaming_content) == b"".join(second.streaming_content)
    sample_generate(grants=1, organisations=1)  # a change after publication: the published file stays
    assert client.get(url).status_code == 200
    assert len(built) == 4


def test_a_request_over_the_limit_is_refused_before_its_body_is_read(client, db, settings):
    settings.REQUEST_MAX_BYTES = 1000
    response = client.generic(
        "POST",
        "/fr/cooperation/account/register/",
        b"email=a%40example.org",
        content_type="application/x-www-form-urlencoded",
        CONTENT_LENGTH=str(150 * 1024 * 1024),
    )
    assert response.status_code == 413
    assert "Trop volumineux" in response.content.decode()


def test_a_150_mb_upload_is_answered_at_once_without_sending_it(live_site):
    """A real server: the answer comes back while almost all of the announced body is unsent."""
    host, port = live_site.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        started = time.monotonic()
        connection.sendall(
            b"POST /en/cooperation/account/register/ HTTP/1.1\r\nHost: localhost\r\n"
            b"Content-Type: multipart/form-data; boundary=x\r\n"
            + f"Content-Length: {150 * 1024 * 1024}\r\n\r\n".encode()
            + b"--x\r\n"
        )
        answer = connection.recv(4096).decode("latin-1")
        elapsed = time.monotonic() - started
    assert answer.startswith("HTTP/1.1 413")
    assert elapsed < 5
