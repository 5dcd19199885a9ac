import re

import pytest

from countries.models import Country
from recommendations.models import Recommendation
from tests.factories import ProgressFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("bundled_data")]


def test_source_page_counts_kinds_separately_and_lists_numbered_recommendations_first(client):
    html = client.get("/sources/regional-dialogue-2021/").content.decode()
    assert "24 recommendations, 49 workshop proposals and 13 speakers&#x27; proposals" in html
    first = re.search(r'<span class="(label|locator)"[^>]*>([^<]+)</span>', html)
    assert first.groups() == ("label", "1")


def test_source_page_shows_a_locator_as_a_locator_and_folds_origins(client):
    html = client.get("/sources/regional-dialogue-2021/").content.decode()
    assert re.search(r'<span class="locator"[^>]*>at §4\.2 ¶6 s1</span>', html)
    assert "Grew from 1 passage" in html
    assert html.count("Develop a social protection plan in each country") == 1


def test_passage_shows_the_recommendation_it_became(client):
    html = client.get("/recommendations/?kind=workshop_proposal&source=regional-dialogue-2021").content.decode()
    assert "49 workshop proposals" in html
    assert re.search(r'Became <a href="/sources/regional-dialogue-2021/#rec-\d+">recommendation <span class="label"[^>]*>18</span>', html)


def test_russian_source_page_says_once_that_summaries_are_translated(client):
    html = client.get("/ru/sources/honlea-europe-2017/").content.decode()
    assert html.count("Резюме и переводы") == 1 and "Резюме переведены PolicyHub" not in html


@pytest.mark.parametrize("n", [1, 10])
def test_source_page_query_count_is_constant(client, django_assert_num_queries, n):
    rec = Recommendation.objects.filter(source__slug="wilton-park-2015").first()
    for country in Country.objects.focus()[:n]:
        ProgressFactory(recommendation=rec, country=country, published=True)
    client.get("/sources/wilton-park-2015/")  # warms the data version
    with django_assert_num_queries(12):
        client.get(f"/sources/wilton-park-2015/?n={n}")


def test_source_page_says_where_the_report_refers_to_an_attachment_the_text_lacks(client):
    html = client.get("/sources/wilton-park-2015/").content.decode()
    assert "A table of suggestions is attached" in html and "has no such table" in html


def test_source_page_marks_details_the_text_does_not_state_as_inferred(client):
    html = client.get("/sources/we-are-the-evidence-2021/").content.decode()
    assert "Not stated in the text" in html and "Inferred: 2021, between 25 March and 3 June" in html
    assert "CND side event" not in html and "Online" not in html


def test_russian_source_page_gives_the_inferred_details_in_russian(client):
    html = client.get("/ru/sources/we-are-the-evidence-2021/").content.decode()
    assert "В тексте не указано" in html and "между 25 марта и 3 июня" in html
