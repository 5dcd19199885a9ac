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
