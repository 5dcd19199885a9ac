import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with the bundled data; each test's changes are rolled back."""
    with django_db_blocker.unblock():
        call_command("seed", verbosity=0)
