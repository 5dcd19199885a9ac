import threading

import pytest
from django.conf import settings
from django.utils import translation

from countries.models import Country, current_language, language_held, reads_russian
from tests.factories import CountryFactory


def test_a_held_language_reads_as_the_active_one_and_is_let_go_on_exit():
    country = Country(name_en="Georgia", name_ru="Грузия")
    with translation.override("ru"):
        with language_held():
            assert current_language() == "ru"
            assert reads_russian()
            assert country.name == "Грузия"
        assert current_language() == "ru"
    with translation.override("en"):
        assert not reads_russian()
        assert country.name == "Georgia"
        with language_held():
            assert country.name == "Georgia"


def test_a_held_language_stays_with_its_thread():
    seen = []
    with translation.override("ru"), language_held():
        worker = threading.Thread(target=lambda: seen.append(current_language()))
        worker.start()
        worker.join()
    # A thread started inside the block does not inherit the held value: it reads its own active language.
    assert seen == [settings.LANGUAGE_CODE]


@pytest.mark.django_db
def test_the_profile_page_in_each_language_after_the_other(client):
    CountryFactory(iso2="GE")
    english, russian = client.get("/countries/ge/"), client.get("/ru/countries/ge/")
    assert "<h1>Georgia</h1>" in english.content.decode()
    assert "<h1>Грузия</h1>" in russian.content.decode()
    assert "<h1>Georgia</h1>" in client.get("/countries/ge/").content.decode()
