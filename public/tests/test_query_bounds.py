"""Every public page reads a fixed number of times, whatever the data size or the page number."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.tests.factories import StaffMemberFactory
from partners.tests.factories import AgreementFactory, AssignmentFactory, PartnerFactory, ThemeFactory

PAGES = ["/en/", "/en/partners/", "/en/partners/?page=2", "/en/partners/map/", "/en/directory/"]


def _counts(client):
    counts = {}
    for path in PAGES:
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        counts[path] = len(queries)
    return counts


def _grow(partners):
    themes = ThemeFactory.create_batch(2)
    member = StaffMemberFactory()
    for partner in PartnerFactory.create_batch(partners, latitude=50, longitude=4):
        partner.themes.add(*themes)
        AgreementFactory(partner=partner)
        AssignmentFactory(partner=partner, staff_member=member)


def test_no_page_reads_more_with_more_partners(client, db):
    _grow(30)
    small = _counts(client)
    _grow(70)
    assert _counts(client) == small


def test_the_last_page_reads_as_much_as_the_first(client, db):
    _grow(100)
    counts = []
    for page in (1, 2, 5):
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            client.get(f"/en/partners/?page={page}")
        counts.append(len(queries))
    assert counts[0] == counts[1] == counts[2]
