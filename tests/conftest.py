import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with the bundled data; each test's changes are rolled back."""
    with django_db_blocker.unblock():
        call_command("seed", verbosity=0)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test's rolled-back data may reuse a data version number, so stored pages and answers start empty."""
    from django.core.cache import cache

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
