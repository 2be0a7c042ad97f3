"""The Brussels data is loaded once per test database (core.tests.shared_data, conftest.py):
a test sees it only when it asks for `seed`, and a test that changes it for good is named."""

import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import connection

from core import roles
from core.models import SeedRecord
from core.seeds import seed_data_import
from partners.models import Partner
from partners.tests.factories import PartnerFactory

SEED_PARTNERS = 30


def test_a_test_without_seed_sees_the_database_as_migrate_left_it(db):
    assert not Partner.objects.exists() and not SeedRecord.objects.exists()
    assert set(Group.objects.values_list("name", flat=True)) == set(roles.STAFF_ROLES)


def test_a_test_with_seed_sees_the_brussels_data(seed):
    assert Partner.objects.count() == SEED_PARTNERS
    assert Partner.objects.get(slug="berlin").agreements.exists()


def test_a_test_may_run_the_import_itself(db):
    seed_data_import(path=settings.BASE_DIR / "data" / "brussels.json")
    assert Partner.objects.count() == SEED_PARTNERS


def test_what_a_test_writes_is_gone_for_the_next(db):
    """Run in any order with the test above: neither sees the other's partner."""
    PartnerFactory(slug="written-by-a-test")
    assert Partner.objects.count() == 1


@pytest.mark.database
def test_a_test_that_changes_the_data_outside_its_transaction_is_named_and_the_data_restored():
    """core/tests/leaky.py, in a pytest of its own on the same kind of database."""
    inherited = ("PYTEST_", "DJANGO_ALLOW_ASYNC", "TEST_SUMMARY_FILE")
    environment = {k: v for k, v in os.environ.items() if not k.startswith(inherited)}
    if connection.vendor == "postgresql":  # a database of its own, not this run's
        environment["DATABASE_URL"] = os.environ["DATABASE_URL"].rstrip("/") + "_leaks"
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:randomly", "-p", "no:xdist", "core/tests/leaky.py"],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 1, run.stdout[-3000:]
    assert "ERROR at teardown of test_leaves_a_row_behind" in run.stdout
    assert "core/tests/leaky.py::test_leaves_a_row_behind changed the database outside its transaction" in run.stdout
    assert re.search(r"test_leaves_a_row_behind changed .*: rows left in .*partners_partner \(\+1\)", run.stdout)
    assert "core/tests/leaky.py::test_deletes_shared_data changed the database outside its transaction" in run.stdout
    assert re.search(r"rows gone from partners_partneralias \(-\d+\)", run.stdout)
    assert "3 passed, 2 errors" in run.stdout  # the third test ran on the data as loaded
