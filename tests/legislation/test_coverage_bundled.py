"""The bundled data as shipped: the coverage it reaches is pinned, so a change cannot silently lose facts.

When research adds facts, raise the figures here and in fixtures/data/COVERAGE_NOTES.md together.
"""

import pytest

from countries.models import Grade, Source, fact_grade
from countries.selectors import citations_prefetch
from legislation.curated import DIRECTORY
from legislation.curated_schema import check_directory
from legislation.models import Law, Sanction, Threshold
from profiles.quality import coverage_figures

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("bundled_data")]


def test_curated_files_pass_their_checks():
    data, problems = check_directory(DIRECTORY)
    assert problems == [] and len(data) == 30  # 29 focus countries and the shared file


def test_coverage_figures_are_at_least_the_recorded_ones():
    figures = coverage_figures()
    assert figures["focus"] == 29
    assert figures["status"] >= 26 and figures["status_ab"] >= 21
    assert set(figures["missing_status"]) <= {"ME", "TM", "UZ"}
    assert figures["table_or_rule"] >= 18 and figures["table"] >= 9
    assert figures["heroin_and_cannabis"] >= 4 and figures["table_grade_a"] >= 1
    minimum = {"compulsory-treatment": 7, "ost-availability": 29, "ost-in-prisons": 27, "nsp-availability": 29,
               "drug-propaganda-law": 7, "pwud-organisation-registration": 10, "drug-user-registry": 4}
    for slug, count in minimum.items():
        assert figures["indicators"][slug][0] >= count, slug


def test_no_published_fact_rests_only_on_an_unverified_source():
    for model in (Threshold, Sanction, Law):
        for fact in model.objects.published().prefetch_related(citations_prefetch()):
            assert fact_grade(fact) not in (None, Grade.D), fact


def test_every_source_has_a_date_or_a_reason_and_none_is_in_the_future():
    assert not Source.objects.filter(date__isnull=True, undated_reason="").exists()
    from django.utils import timezone

    assert not Source.objects.filter(date__gt=timezone.localdate()).exists()


def test_sources_graded_by_kind():
    grades = dict.fromkeys("ABCD", 0)
    for grade in Source.objects.values_list("grade", flat=True):
        grades[grade] += 1
    assert grades["A"] >= 45 and grades["B"] >= 95


def test_russia_heroin_table_from_decree_1002():
    lines = {t.tier: t for t in Threshold.objects.filter(country__iso2="RU", substance__slug="heroin", valid_to__isnull=True,
                                                          kind="statutory", published=True)}
    assert [str(lines[r].amount.normalize()) for r in (1, 2, 3)] == ["0.5", "2.5", "1E+3"]
    assert lines[1].term == "значительный размер" or "значительн" in lines[1].term
    assert lines[1].amount_in == Threshold.Side.BELOW and lines[1].law.reference == "No. 1002"


@pytest.mark.parametrize(("quote", "language"), [
    ("However, Georgian law does not establish a threshold for small", "en"),
    ("Drug consumption is an administrative offence.", "en"),
    ("Beispielsweise 15 Gramm Marihuana, vier Ecstasy-Pillen oder ein Gramm Kokain.", "de"),
])
def test_bundled_quotations_carry_their_own_language(quote, language):
    """Screen readers and the "original language" label follow quote_language: an English report quoted about
    Georgia is English, a German page about Czech law German, whatever the country's own language."""
    from countries.models import Citation

    assert set(Citation.objects.filter(quote=quote).values_list("quote_language", flat=True)) == {language}
    assert not Citation.objects.filter(quote__startswith="Country Needle and syringe programmes").exclude(
        quote_language="en").exists()


def test_no_bundled_quotation_is_its_own_rendering_in_another_language():
    """A quotation tagged Hungarian whose "English rendering" is the quotation itself is English, mistagged."""
    from django.db.models import F

    from countries.models import Citation

    quoted = Citation.objects.exclude(quote="")
    assert not quoted.exclude(quote_language="en").filter(quote_en=F("quote")).values_list("pk", "quote")[:5]
    assert not quoted.exclude(quote_language="ru").filter(quote_ru=F("quote")).values_list("pk", "quote")[:5]
