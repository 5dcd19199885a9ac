"""One factory per model, with unsurprising defaults. Each builds what it needs on an empty database; the shared
vocabulary (a country by its code, heroin, the drug-use indicator) is fetched when it is already there, as in the
tests that start from the bundled data."""

from datetime import date
from decimal import Decimal

import factory
from django.utils.text import slugify

from countries.models import Assessment, Citation, Country, Indicator, IndicatorValue, Source, SubRegion
from legislation.models import Article, Law, Sanction, Substance, Threshold
from profiles.bundled import country_names, read_yaml
from recommendations.models import Progress, Recommendation, Stance

SITE_NAMES = read_yaml("countries.yaml")["names"]  # where the site overrides the catalogue ("Russia", "Молдова")


class CountryFactory(factory.django.DjangoModelFactory):
    """A country by its ISO code, named as the site names it; a focus country unless told otherwise."""

    class Meta:
        model = Country
        django_get_or_create = ("iso2",)

    class Params:
        names = factory.LazyAttribute(lambda o: country_names(o.iso2, SITE_NAMES))

    iso2 = "UA"
    iso3 = factory.LazyAttribute(lambda o: o.names[0])
    name_en = factory.LazyAttribute(lambda o: o.names[1])
    name_ru = factory.LazyAttribute(lambda o: o.names[2])
    slug = factory.LazyAttribute(lambda o: slugify(o.name_en))
    subregion = SubRegion.EASTERN
    focus_region = True


def bundled_country(iso2: str = "UA") -> Country:
    """The country with this code: the bundled one where the data is seeded, a new one from the catalogue otherwise
    (saved even when a factory only builds its fact, as the shared vocabulary always is)."""
    return CountryFactory(iso2=iso2)


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    slug = factory.Sequence(lambda n: f"source-{n}")
    title = factory.Sequence(lambda n: f"Country report {n}")
    kind = Source.Kind.RESEARCH
    url = factory.Sequence(lambda n: f"https://example.org/report-{n}")
    date = date(2020, 1, 1)
    date_precision = "year"


class CitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Citation

    source = factory.SubFactory(SourceFactory)
    country = factory.LazyFunction(bundled_country)
    locator = "p. 3"
    locator_ru = "с. 3"
    quote = "Possession of a small quantity is an administrative offence."
    quote_language = "en"
    described_on = date(2020, 1, 1)
    described_precision = "year"


class CitedFactory(factory.django.DjangoModelFactory):
    """Attaches one citation to every fact it makes."""

    class Meta:
        abstract = True

    @factory.post_generation
    def citations(self, create, extracted, **kwargs):
        if not create:
            return
        for citation in extracted if extracted is not None else [CitationFactory(country=self.country)]:
            self.citations.add(citation)


class LawFactory(CitedFactory):
    class Meta:
        model = Law
        skip_postgeneration_save = True

    country = factory.LazyFunction(bundled_country)
    title_en = factory.Sequence(lambda n: f"Drug Law No. {n}")
    title_ru = factory.Sequence(lambda n: f"Закон о наркотиках № {n}")
    kind = Law.Kind.DRUG_LAW
    status = Law.Status.IN_FORCE
    valid_from = date(2010, 1, 1)
    valid_from_precision = "day"


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    law = factory.SubFactory(LawFactory)
    number = factory.Sequence(lambda n: str(n + 1))


class SubstanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Substance
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"substance-{n}")
    name_en = factory.Sequence(lambda n: f"Substance {n}")
    category = Substance.Category.NPS


class ThresholdFactory(CitedFactory):
    class Meta:
        model = Threshold
        skip_postgeneration_save = True

    country = factory.LazyFunction(bundled_country)
    substance = factory.LazyFunction(lambda: SubstanceFactory(slug="heroin", name_en="Heroin", name_ru="Героин",
                                                              category=Substance.Category.OPIOID))
    law = factory.SubFactory(LawFactory, country=factory.SelfAttribute("..country"))
    tier = 1
    term = "small"
    term_ru = "малый размер"
    amount = Decimal("1")
    amount_in = Threshold.Side.BELOW
    unit = "g"
    basis = "mixture"
    valid_from = date(2010, 1, 1)


class SanctionFactory(CitedFactory):
    class Meta:
        model = Sanction
        skip_postgeneration_save = True

    country = factory.LazyFunction(bundled_country)
    offence = Sanction.Offence.POSSESSION_PERSONAL
    condition = Sanction.Condition.ANY
    liability = Sanction.Liability.ADMINISTRATIVE
    band_from = 0
    band_to = 0
    fine_min = Decimal("100")
    fine_max = Decimal("200")
    fine_unit = "EUR"
    valid_from = date(2010, 1, 1)


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"indicator-{n}")
    name_en = factory.Sequence(lambda n: f"Indicator {n}")


class IndicatorValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorValue

    indicator = factory.SubFactory(IndicatorFactory)
    slug = factory.Sequence(lambda n: f"value-{n}")
    label_en = factory.Sequence(lambda n: f"Value {n}")
    rank = factory.Sequence(lambda n: n + 1)
    colour = "#336699"


class AssessmentFactory(CitedFactory):
    class Meta:
        model = Assessment
        skip_postgeneration_save = True

    country = factory.LazyFunction(bundled_country)
    indicator = factory.LazyFunction(lambda: IndicatorFactory(slug="drug-use", name_en="Drug use",
                                                              name_ru="Употребление наркотиков"))
    value = factory.LazyAttribute(lambda o: o.indicator.values.order_by("rank").first() or IndicatorValueFactory(
        indicator=o.indicator, slug="administrative", label_en="Administrative offence",
        label_ru="Административное правонарушение"))
    as_of = date(2021, 1, 1)
    as_of_precision = "year"
    evidence = "Use is an administrative offence."
    evidence_ru = "Употребление — административное правонарушение."


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    source = factory.SubFactory(SourceFactory, kind=Source.Kind.MEETING_REPORT)
    order = factory.Sequence(lambda n: n + 1)
    reference = Recommendation.Reference.LOCATOR
    locator = factory.Sequence(lambda n: f"§3 ¶{n + 1}")
    section = "Recommendations"
    text = "States should consider alternatives to conviction and punishment."
    summary_en = "Offer alternatives to punishment"
    summary_ru = "Предлагать альтернативы наказанию"


class ProgressFactory(CitedFactory):
    class Meta:
        model = Progress
        skip_postgeneration_save = True

    recommendation = factory.SubFactory(RecommendationFactory)
    country = factory.LazyFunction(bundled_country)
    status = Progress.Status.IN_PROGRESS
    as_of = date(2022, 1, 1)
    as_of_precision = "year"


class StanceFactory(factory.django.DjangoModelFactory):
    """A side's claim on a progress record: one of the record's own citations."""

    class Meta:
        model = Stance

    progress = factory.SubFactory(ProgressFactory)
    citation = factory.LazyAttribute(lambda stance: stance.progress.citations.first())
    side = Stance.Side.GOVERNMENT
