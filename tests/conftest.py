import pytest
from django.core.management import call_command

BUNDLED = "bundled_data"


@pytest.fixture(scope="session")
def bundled_data(django_db_setup, django_db_blocker):
    """The bundled data, seeded once into the test database for the tests that start from it; each test's own changes
    are rolled back as usual.

    A test module opts in with `pytestmark = pytest.mark.usefixtures("bundled_data")`. Every other test builds its own
    data with the factories (tests/factories.py) on an empty database: those run first, the tests on the bundled data
    after them (`pytest_collection_modifyitems` below), so the seed never leaks into a test that did not ask for it.
    Tests that are about the bundled data itself say so in their file name (`*_bundled.py`)."""
    with django_db_blocker.unblock():
        call_command("seed", verbosity=0)


def _database_order(item) -> int:
    """pytest-django's own order: tests in a rolled-back transaction, then transactional tests, then the rest."""
    marker = item.get_closest_marker("django_db")
    transactional = bool(marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")))
    transactional = transactional or "transactional_db" in item.fixturenames or "live_server" in item.fixturenames
    if transactional:
        return 1
    return 0 if marker or "db" in item.fixturenames else 2


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Within each of pytest-django's groups, the tests that build their own data run before those on the seeded
    bundled data, which stays in the database once loaded."""
    items.sort(key=lambda item: (_database_order(item), BUNDLED in item.fixturenames))


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test's rolled-back data may reuse a data version number, so stored pages and answers start empty; and a
    test that took Redis down leaves no pause behind, during which the next test would find the cache missing."""
    from django.core.cache import cache

    from countries import cache as shared_cache

    shared_cache._down_until = 0.0
    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _same_answers_on_every_backend(settings, monkeypatch):
    """The suite runs on SQLite with in-process tasks and on PostgreSQL with Redis; there too, tasks run in-process
    and the data version is read from the database, so counts and outcomes do not depend on the run. The tests about
    the broker, the worker and the version kept in Redis say otherwise themselves."""
    from django.utils import translation

    from policyhub.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)
    settings.DATA_VERSION_IN_CACHE = False
    translation.deactivate()  # no test inherits the language an earlier one left active
