from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.apps import apps as django_apps
from django.core.cache import cache
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext

from partners import tally
from partners.models import Partner, PartnerTally
from partners.sample import sample_partners_generate
from partners.tests.factories import PartnerFactory
from public import views


def counted():
    """The tally's rows, as (country, continent, cell_x, cell_y) -> count."""
    rows = PartnerTally.objects.values_list("country", "continent", "cell_x", "cell_y", "count")
    return {(country, continent, x, y): count for country, continent, x, y, count in rows if count}


def recounted():
    """The same, counted from the partners themselves."""
    before = counted()
    tally.refresh()
    after = counted()
    assert before == after
    return after


def follow_every_write():
    paris = PartnerFactory(country="FR", latitude=Decimal("48.85"), longitude=Decimal("2.35"))
    lyon = PartnerFactory(country="FR", latitude=Decimal("45.76"), longitude=Decimal("4.83"))
    PartnerFactory(country="DE")  # no coordinates: counted, not on the map
    assert counted() == {("FR", "EU", 1, 24): 1, ("FR", "EU", 2, 23): 1, ("DE", "EU", None, None): 1}

    lyon.latitude, lyon.longitude = Decimal("48.9"), Decimal("2.4")  # into Paris's cell
    lyon.save()
    assert counted() == {("FR", "EU", 1, 24): 2, ("DE", "EU", None, None): 1} == recounted()

    lyon.country = "JP"  # the old country is counted again too
    lyon.save()
    assert counted()[("FR", "EU", 1, 24)] == 1 and counted()[("JP", "AS", 1, 24)] == 1
    assert counted() == recounted()

    paris.state = Partner.State.ENDED  # off the public site: out of the figures
    paris.save()
    assert ("FR", "EU", 1, 24) not in counted()
    paris.state = Partner.State.ACTIVE
    paris.latitude = paris.longitude = None  # back, without coordinates
    paris.save()
    assert counted()[("FR", "EU", None, None)] == 1

    lyon.country = "BE"  # changed in memory, deleted: the country in the database is counted
    lyon.delete()
    assert counted() == {("DE", "EU", None, None): 1, ("FR", "EU", None, None): 1} == recounted()
    assert PartnerTally.objects.figures() == {"partner_count": 2, "country_count": 2}


def test_the_tally_follows_every_write_of_a_partner_in_a_transaction(db):
    follow_every_write()


@pytest.mark.django_db(transaction=True)
def test_the_tally_follows_every_write_of_a_partner_in_autocommit():
    follow_every_write()


def test_an_update_of_the_counted_fields_counts_again(db):
    PartnerFactory.create_batch(3, country="FR")
    PartnerFactory(country="DE")
    Partner.objects.filter(country="FR").update(description_en="Not counted")
    assert counted() == {("FR", "EU", None, None): 3, ("DE", "EU", None, None): 1}
    Partner.objects.filter(country="DE").update(state=Partner.State.ENDED)
    Partner.objects.filter(pk=Partner.objects.filter(country="FR").first().pk).update(country="JP", continent="AS")
    assert counted() == {("FR", "EU", None, None): 2, ("JP", "AS", None, None): 1} == recounted()
    Partner.objects.filter(country="FR").update(latitude=Decimal("3"), longitude=Decimal("-45"))
    assert counted()[("FR", "EU", -23, 2)] == 2


def test_a_cell_rounds_half_away_from_zero_on_both_databases(db):
    """SQLite stores 3.000000 as the integer 3: divided by 2 it gave 1, not 1.5 then 2."""
    PartnerFactory(country="AR", latitude=Decimal("-45"), longitude=Decimal("3"))
    PartnerFactory(country="AR", latitude=Decimal("1"), longitude=Decimal("-1"))
    PartnerFactory(country="AR", latitude=Decimal("44.999999"), longitude=Decimal("-3"))
    assert counted() == {("AR", "SA", 2, -23): 1, ("AR", "SA", -1, 1): 1, ("AR", "SA", -2, 22): 1}
    for partner in Partner.objects.all():
        assert (cell(partner.longitude), cell(partner.latitude)) in {(x, y) for _c, _k, x, y in counted()}


def test_a_write_rolled_back_leaves_the_tally_as_it_was(db):
    PartnerFactory(country="FR")
    with pytest.raises(RuntimeError), transaction.atomic():
        PartnerFactory(country="DE")
        assert ("DE", "EU", None, None) in counted()
        raise RuntimeError
    assert counted() == {("FR", "EU", None, None): 1}


def test_a_bulk_load_and_a_migrated_database_get_their_tally(db):
    sample_partners_generate(count=40, officers=2)
    assert PartnerTally.objects.partner_count() == Partner.objects.public().count() == 40
    assert counted() == recounted()
    countries = Partner.objects.public().values("country").distinct().count()
    assert PartnerTally.objects.figures() == {"partner_count": 40, "country_count": countries}

    PartnerTally.objects.all().delete()  # a database migrated from before the tally
    before = MigrationExecutor(connection).loader.project_state(("partners", "0006_field_messages")).apps
    tally.after_migrate(apps=before)  # migrated back before it: nothing to fill
    assert not PartnerTally.objects.exists()
    tally.after_migrate(apps=django_apps)
    assert PartnerTally.objects.partner_count() == 40


def test_the_home_page_the_list_and_the_map_count_from_the_tally(client, seed, monkeypatch):
    """Rendered with an empty cache, they read no aggregate over the partners table."""
    monkeypatch.setattr(views, "MAP_LIST_LIMIT", 10)  # the map of a large office: dots
    public = Partner.objects.public()
    for path in ("/fr/", "/nl/partners/", "/en/partners/map/"):
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200
        over_partners = [q["sql"] for q in queries if 'FROM "partners_partner"' in q["sql"] and "COUNT" in q["sql"]]
        assert over_partners == [], path
    countries = public.values("country").distinct().count()
    content = client.get("/en/").content.decode()
    assert f"<strong>{public.count()}</strong>" in content and f"<strong>{countries}</strong>" in content
    located = public.filter(latitude__isnull=False)
    cells = {(cell(p.longitude), cell(p.latitude)) for p in located}
    map_page = client.get("/en/partners/map/").content.decode()
    assert f"{located.count()} partners shown on the world map" in map_page
    assert views.worldmap.dots_of(cells) in map_page


def cell(degrees):
    """As the databases round: half away from zero."""
    return int((degrees / 2).quantize(Decimal(1), ROUND_HALF_UP))
