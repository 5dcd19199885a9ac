"""Legal cases on the bundled data: what possessing an amount leads to, or what PolicyHub cannot tell.

Each case is decided by the sources cited in the country's curated file (fixtures/data/countries/<iso2>.yaml):
the statutory table in force and the sanction ladder for a first offence, with repeat offences apart.
"""

from datetime import date
from decimal import Decimal

import pytest

from countries.models import Country
from legislation.models import Substance
from legislation.selectors import consequences

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("bundled_data")]

A = None  # any article / not asserted

CASES = [
    # Russia: Decree No. 1002 (heroin 0.5 / 2.5 / 1000 g); CAO 6.8(1); CC 228 parts 1-3.
    ("RU", "heroin", "0.4", "g", None, "ok", 0, "administrative", {"6.8(1)"}),
    ("RU", "heroin", "400", "mg", None, "ok", 0, "administrative", {"6.8(1)"}),
    ("RU", "heroin", "0.5", "g", None, "ok", 0, "administrative", {"6.8(1)"}),  # "свыше 0,5": 0.5 g itself is below
    ("RU", "heroin", "1", "g", None, "ok", 1, "criminal", {"228(1)"}),
    ("RU", "heroin", "3", "g", None, "ok", 2, "criminal", {"228(2)"}),
    ("RU", "heroin", "1500", "g", None, "ok", 3, "criminal", {"228(3)"}),
    ("RU", "mephedrone", "0.5", "g", None, "ok", 1, "criminal", {"228(1)"}),
    ("RU", "cannabis", "5", "g", None, "no_table", None, None, set()),  # the cannabis line is not in PolicyHub
    ("RU", "heroin", "1", "g", date(2012, 12, 31), "no_table", None, None, set()),  # before Decree 1002 took effect
    # Kazakhstan: criminal for any amount (CC 296); the heroin 'especially large' line is known, the lower ones not.
    ("KZ", "cannabis", "10", "g", None, "ok", 0, "criminal", {"296(2)"}),
    ("KZ", "cannabis", "60", "g", None, "upper_unknown", 1, "criminal", A),
    ("KZ", "heroin", "0.5", "g", None, "upper_unknown", 0, "criminal", A),
    ("KZ", "heroin", "2", "g", None, "ok", 2, "criminal", {"296(4)"}),  # "especially large" is the second line
    # Lithuania: cannabis 5 / 500 / 2500 g; no sanction is recorded for a very large quantity.
    ("LT", "cannabis", "3", "g", None, "ok", 0, "criminal", A),
    ("LT", "cannabis", "100", "g", None, "ok", 1, "criminal", A),
    ("LT", "cannabis", "3000", "g", None, "ok", 3, None, set()),
    ("LT", "heroin", "0.01", "g", None, "ok", 0, "criminal", A),
    # Hungary: small-quantity lines in pure substance; the 'significant' line is a multiple, not a figure.
    ("HU", "heroin", "0.5", "g", None, "ok", 0, "criminal", {"178(5)"}),
    ("HU", "heroin", "1", "g", None, "upper_unknown", 1, "criminal", A),
    # Czechia: dried cannabis kept at home, 100 g / 200 g; heroin above the small quantity, 'significant' line unknown.
    ("CZ", "heroin", "0.1", "g", None, "ok", 0, "administrative", A),
    ("CZ", "heroin", "5", "g", None, "upper_unknown", 1, "criminal", A),
    ("CZ", "cannabis", "20", "g", None, "ok", 0, "administrative", A),
    # Georgia: dried marijuana 5 g / 70-250 g (2025); above small, art. 260(1); the top line is not known.
    ("GE", "cannabis", "3", "g", None, "ok", 0, "administrative", A),
    ("GE", "cannabis", "50", "g", None, "ok", 1, "criminal", {"260(1)"}),
    ("GE", "cannabis", "200", "g", None, "upper_unknown", 2, "criminal", A),
    ("GE", "heroin", "1", "g", None, "no_table", None, None, set()),
    # Belarus: criminal whatever the amount (CC 328(1)); Bulgaria likewise.
    ("BY", "heroin", "0.01", "g", None, "any_amount", None, "criminal", {"328(1)"}),
    ("BG", "heroin", "1", "g", None, "any_amount", None, "criminal", A),
    # Poland, Croatia, Slovenia: no figures in law, courts weigh the amount.
    ("PL", "cannabis", "1", "g", None, "courts_decide", None, "criminal", A),
    ("HR", "cannabis", "1", "g", None, "courts_decide", None, "administrative", A),
    ("SI", "heroin", "1", "g", None, "courts_decide", None, "administrative", {"33"}),
    # Counted units asked in grams: Estonia counts doses, Slovakia usual single doses.
    ("EE", "heroin", "1", "g", None, "unit_mismatch", None, None, set()),
    ("SK", "cannabis", "1", "g", None, "unit_mismatch", None, None, set()),
    # Ukraine: the only line held is acetylated opium 0.005 g; above it the next line is unknown.
    ("UA", "acetylated-opium", "0.001", "g", None, "ok", 0, "administrative", {"44"}),
    ("UA", "acetylated-opium", "1", "g", None, "upper_unknown", 1, "criminal", A),
    ("UA", "heroin", "1", "g", None, "no_table", None, None, set()),
]


@pytest.mark.parametrize(("iso2", "substance", "amount", "unit", "on", "status", "band", "liability", "articles"), CASES)
def test_legal_case(iso2, substance, amount, unit, on, status, band, liability, articles):
    answer = consequences(substance=Substance.objects.get(slug=substance), amount=Decimal(amount), unit=unit,
                          countries=[Country.objects.get(iso2=iso2)], on=on)[0]
    assert (answer.status, answer.band, answer.liability) == (status, band, liability), answer.missing
    if articles is not None:
        assert {s.article.number for s in answer.sanctions if s.article} == articles
    assert all(s.condition not in ("repeat", "aggravated") for s in answer.sanctions)
    if status in ("no_table", "unit_mismatch", "upper_unknown"):
        assert answer.missing and answer.prison_months_max is None


def test_repeat_offences_stay_apart_from_the_first_offence_answer():
    hungary = consequences(substance=Substance.objects.get(slug="heroin"), amount=Decimal("0.5"), unit="g",
                           countries=[Country.objects.get(iso2="HU")])[0]
    assert [s.condition for s in hungary.sanctions] == ["first"]
    assert [s.condition for s in hungary.repeat_sanctions] == ["repeat"]
    georgia = consequences(substance=Substance.objects.get(slug="cannabis"), amount=Decimal("3"), unit="g",
                           countries=[Country.objects.get(iso2="GE")])[0]
    assert georgia.liability == "administrative"
    assert {s.liability for s in georgia.repeat_sanctions} == {"criminal"}


def test_cases_cover_eight_countries_and_thirty_cases():
    assert len(CASES) >= 30 and len({c[0] for c in CASES}) >= 8


AMOUNTS = [Decimal(a) for a in ("0.001", "0.01", "0.1", "0.3", "0.5", "0.6", "1", "2", "2.5", "3", "5", "6", "10",
                                  "25", "50", "100", "200", "500", "1000", "2000", "100000")]


@pytest.mark.parametrize("slug", ["heroin", "cannabis", "hashish", "mephedrone", "cocaine", "amphetamine"])
def test_a_larger_amount_never_falls_in_a_lower_band(slug):
    substance = Substance.objects.get(slug=slug)
    focus = list(Country.objects.focus())
    answers = [consequences(substance=substance, amount=a, unit="g", countries=focus) for a in AMOUNTS]
    for i, country in enumerate(focus):
        bands = [by_amount[i].band for by_amount in answers if by_amount[i].band is not None]
        assert bands == sorted(bands), (country.iso2, slug, bands)


STATUS_TO_LIABILITY = {"criminal": {"criminal"}, "administrative": {"administrative"}, "no-penalty": {"none"},
                       "criminal-above-threshold": {"administrative"}}


@pytest.mark.parametrize("slug", ["heroin", "cannabis"])
def test_the_map_status_and_the_answers_never_contradict(slug):
    """The home map's possession status and the answer for a tiny amount agree, or the answer says it cannot tell."""
    from countries.models import Assessment

    statuses = dict(Assessment.objects.published().in_force().filter(indicator__slug="possession-personal-use")
                    .values_list("country__iso2", "value__slug"))
    focus = list(Country.objects.focus())
    tiny = consequences(substance=Substance.objects.get(slug=slug), amount=Decimal("0.001"), unit="g", countries=focus)
    for answer in tiny:
        status = statuses.get(answer.country.iso2)
        if status and answer.liability:
            assert answer.liability in STATUS_TO_LIABILITY[status], (answer.country.iso2, status, answer.liability)


def test_page_api_and_brief_give_the_same_answer(client, settings, tmp_path):
    import io

    from pypdf import PdfReader

    from profiles.briefs import brief_pdf

    page = client.get("/countries/ru/?amount=1&unit=g&substance=heroin").content.decode()
    api = client.get("/api/v1/consequences/?substance=heroin&amount=1&unit=g&country=RU",
                     HTTP_ACCEPT="application/json").json()[0]
    assert (api["status"], api["band"], api["liability"]) == ("ok", 1, "criminal")
    assert [s["article"] for s in api["sanctions"]] == ["228(1)"] and api["on"] and api["missing"] == []
    assert "228(1)" in page and "Not legal advice" in page and "значительный размер" in page
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(brief_pdf(iso2="RU"))).pages)
    text = " ".join(text.split())
    assert "1 g of Heroin" in text and "228(1)" in text and "Not legal advice" in text
