"""The cast of the tests, as in healthchecks' hc/test.py, and what every test may assume.

`seed` gives a test the Brussels data. `officer` is Florence Vandernoot (Berlin is in her
portfolio), `other_officer` is Daniël Verheyden (Berlin is not), `head_of_unit` is
Geoffroy Clerckx, `visitor` is a communication officer with read-only rights.

What a test may assume (the README's "Tests" says more):
- its database changes are rolled back after it; the database is the one migrate made, with
  the Brussels data loaded once per test database (core.tests.shared_data) and hidden unless
  the test asks for `seed`;
- the cache is in memory and empty, uploads go to a folder of the run's own: nothing is
  written in the checkout;
- it may run before or after any other test, in another process (pytest-xdist), and on
  SQLite or PostgreSQL.
"""

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.db import connection, connections, transaction
from django.test.utils import override_settings
from django.utils import translation

from core import roles
from core.tests.browser import CHROMIUM_ARGS, PASSWORD, new_page
from core.tests.shared_data import SharedData
from directory.models import StaffMember

__all__ = ["PASSWORD"]

SHARED_DATA = pytest.StashKey()  # the SharedData of this process's test database
DATABASE_USE = pytest.StashKey()  # "rollback" or "transaction", for each test that used the database
MEDIA = pytest.StashKey()  # the run's folder for uploads
LEFT_BEHIND = pytest.StashKey()  # what a test changed in the database outside its transaction


def pytest_addoption(parser):
    parser.addoption(
        "--database-only",
        action="store_true",
        help="Run only the tests that use the database (the PostgreSQL pass of CI).",
    )


def pytest_configure(config):
    """Tests own their resources: a cache in memory, uploads in a folder of the run's own."""
    media = tempfile.mkdtemp(prefix="liaison-test-media-")
    config.stash[MEDIA] = media
    cache = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 10000}}
    override_settings(CACHES={"default": cache}, MEDIA_ROOT=Path(media)).enable()
    # Commands that a test starts in a process of their own read the same from the environment.
    os.environ["CACHE_URL"] = "locmem:"
    os.environ["MEDIA_ROOT"] = media


def pytest_unconfigure(config):
    shutil.rmtree(config.stash.get(MEDIA, ""), ignore_errors=True)


def uses_database(item):
    names = getattr(item, "fixturenames", ())
    marked = item.get_closest_marker("django_db") or item.get_closest_marker("database")
    return "_django_db_helper" in names or "live_site" in names or marked is not None


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "live_site" in item.fixturenames and connection.vendor != "sqlite":
            # The server's threads read through connections of their own: the test must commit.
            item.add_marker(pytest.mark.django_db(transaction=True))
    if not config.getoption("--database-only"):
        return
    deselected = [item for item in items if not uses_database(item)]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if uses_database(item)]


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """One line that CI collects: how many tests ran on which database, and how they ended."""
    if hasattr(config, "workerinput"):  # a pytest-xdist worker: the controller counts them all
        return
    outcomes = {
        outcome: {report.nodeid for report in terminalreporter.stats.get(outcome, []) if hasattr(report, "nodeid")}
        for outcome in ("passed", "failed", "skipped", "error")
    }
    ran = set().union(*outcomes.values())
    line = f"{len(ran)} tests on {connection.vendor}: " + ", ".join(
        f"{len(nodes)} {outcome}" for outcome, nodes in outcomes.items() if nodes
    )
    terminalreporter.write_sep("=", line)
    if os.environ.get("TEST_SUMMARY_FILE"):
        with open(os.environ["TEST_SUMMARY_FILE"], "a") as summary:
            summary.write(line + "\n")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, request):
    """The test database as migrate made it, with the Brussels data loaded once."""
    with django_db_blocker.unblock():
        shared = SharedData(django_db_blocker)
        shared.load()
    request.config.stash[SHARED_DATA] = shared


@pytest.fixture(autouse=True)
def _usable_connection(request, django_db_blocker):
    """A test that uses the database starts on a live connection, whatever a test before it did
    to the server (the outage test cuts every connection of its database, this process's too)."""
    if uses_database(request.node) and connection.connection is not None:
        with django_db_blocker.unblock():
            if not connection.is_usable():
                connection.close()


@pytest.fixture
def _django_db_helper(_django_db_helper, request):
    """pytest-django's database for one test, with the Brussels data hidden unless it asks for `seed`.

    A test in a transaction (`db`) deletes the data inside it, and the rollback brings it back.
    A test that commits (`transactional_db`) deletes it for good; Django empties the database
    after such a test, and `pytest_fixture_post_finalizer` loads the data again.
    """
    transactional = not connection.in_atomic_block
    request.node.stash[DATABASE_USE] = "transaction" if transactional else "rollback"
    if "seed" not in request.fixturenames:
        with transaction.atomic():
            request.config.stash[SHARED_DATA].hide()
    yield


def pytest_fixture_post_finalizer(fixturedef, request):
    """Right after pytest-django's teardown of a test's database (the rollback, or the flush):
    the shared data as it was, or the test is named (in `pytest_runtest_teardown`). Here, and not
    after the test's teardown, because after the last test the test database is gone by then."""
    if fixturedef.argname != "_django_db_helper" or fixturedef.func.__module__ != "pytest_django.fixtures":
        return
    use = request.node.stash.get(DATABASE_USE, None)
    shared = request.config.stash.get(SHARED_DATA, None)
    if use is None or shared is None:
        return
    with shared.blocker.unblock():
        if use == "transaction":
            shared.reload_after_flush()
            return
        changes = shared.changes()
        if changes:
            shared.restore()
            request.node.stash[LEFT_BEHIND] = (
                f"{request.node.nodeid} changed the database outside its transaction: {shared.describe(changes)}"
            )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    result = yield
    if LEFT_BEHIND in item.stash:
        raise AssertionError(item.stash[LEFT_BEHIND])
    return result


@pytest.fixture
def seed(db):
    """The Brussels data (data/brussels.json), as `manage.py import_seed_data` loads it."""


def _login_for(django_user_model, last_name, role):
    member = StaffMember.objects.get(last_name=last_name)
    user = django_user_model.objects.create_user(
        username=last_name.lower().replace(" ", ""), password=PASSWORD, is_staff=True, email=member.email
    )
    user.groups.add(Group.objects.get(name=role))
    member.user = user
    member.save()
    return user


@pytest.fixture
def officer(seed, django_user_model):
    return _login_for(django_user_model, "Vandernoot", roles.BILATERAL_OFFICER)


@pytest.fixture
def other_officer(seed, django_user_model):
    return _login_for(django_user_model, "Verheyden", roles.BILATERAL_OFFICER)


@pytest.fixture
def head_of_unit(seed, django_user_model):
    return _login_for(django_user_model, "Clerckx", roles.HEAD_OF_UNIT)


@pytest.fixture
def visitor(seed, django_user_model):
    return _login_for(django_user_model, "Verdin", roles.COMMUNICATION_OFFICER)


@pytest.fixture(autouse=True)
def _no_cached_pages():
    """Each test starts with no cached page or value (core.cache)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's default language, whatever a test before it activated
    (a request through the test client leaves its language active in the thread)."""
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Every user a test logs in hashes a password twice; PBKDF2's million rounds make each
    hash cost 0.2 to 0.3 s here. The tests check rights and pages, not the hasher, which stays
    the default in the settings."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, for the tests of one module (core.tests.browser)."""
    # Playwright's sync API runs an event loop in this thread; the ORM calls of the
    # tests are still plain synchronous calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield browser
        browser.close()
        # While Playwright's loop runs, Django keeps this thread's connections per context
        # (asgiref.local): close those, which nothing reaches once the loop stops.
        connections.close_all()


@pytest.fixture
def page(browser):
    page = new_page(browser, viewport={"width": 1280, "height": 900})
    yield page
    page.context.close()


@pytest.fixture(scope="session")
def _live_site_server(django_db_setup):
    from pytest_django.live_server_helper import LiveServer

    server = LiveServer("localhost")
    yield server
    server.stop()


@pytest.fixture
def live_site(request, _live_site_server):
    """The application served in threads of this process, on a free port, for the browser.

    On SQLite in memory the server's threads share the test's connection, so the test's
    transaction is theirs too and is rolled back after the test like any other. On PostgreSQL
    they have connections of their own, so the test commits (`transactional_db`). A test that
    needs its writes committed on SQLite too (mail sent on commit) asks for `transactional_db`.
    """
    if connection.vendor == "sqlite":  # pytest-django's test database on SQLite is in memory
        request.getfixturevalue("db")
        _share_connection(_live_site_server.thread.connections_override)
    else:
        request.getfixturevalue("transactional_db")
    _live_site_server._live_server_modified_settings.enable()
    request.addfinalizer(_live_site_server._live_server_modified_settings.disable)
    return _live_site_server


def _share_connection(shared):
    """Give the server's threads the connection the test's transaction is on.

    Django keeps a connection per thread, or per context once an event loop runs in the
    thread (asgiref.local), as Playwright's does: the test's connection may no longer be the
    one the server was started with. It stays shared: a request the browser still had in
    flight may end after the test.
    """
    current = connections["default"]
    if not current.allow_thread_sharing:
        current.inc_thread_sharing()
    shared["default"] = current
