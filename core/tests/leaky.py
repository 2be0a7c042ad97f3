"""Tests that break the rule on purpose: each commits on its own connection, so the rollback
after it cannot undo what it did. core/tests/test_shared_data.py runs them in a pytest of their
own and checks that the run fails and names them; the suite never collects this file."""

from django.db import connection

from partners.models import Partner, PartnerAlias
from partners.tests.factories import PartnerFactory


def commit():
    with connection.cursor() as cursor:
        cursor.execute("COMMIT")


def test_leaves_a_row_behind(seed):
    PartnerFactory(slug="left-behind")
    commit()


def test_deletes_shared_data(seed):
    PartnerAlias.objects.all().delete()
    commit()


def test_runs_after_them_on_the_data_as_loaded(seed):
    assert Partner.objects.filter(slug="berlin").exists()
    assert not Partner.objects.filter(slug="left-behind").exists()
    assert PartnerAlias.objects.filter(name="Kiev").exists()
