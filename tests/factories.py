"""One factory per model, with unsurprising defaults. Country-bound factories use bundled countries."""

from datetime import date
from decimal import Decimal

import factory

from countries.models import Assessment, Citation, Country, Indicator, IndicatorValue, Source
from legislation.models import Article, Law, Sanction, Substance, Threshold
from recommendations.models import Progress, Recommendation, Stance


def bundled_country(iso2: str = "UA") -> Country:
    return Country.objects.get(iso2=iso2)


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

    slug = factory.Sequence(lambda n: f"substance-{n}")
    name_en = factory.Sequence(lambda n: f"Substance {n}")
    category = Substance.Category.NPS


class ThresholdFactory(CitedFactory):
    class Meta:
        model = Threshold
        skip_postgeneration_save = True

    country = factory.LazyFunction(bundled_country)
    substance = factory.LazyFunction(lambda: Substance.objects.get(slug="heroin"))
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
    indicator = factory.LazyFunction(lambda: Indicator.objects.get(slug="drug-use"))
    value = factory.LazyAttribute(lambda o: o.indicator.values.first())
    as_of = date(2021, 1, 1)
    as_of_precision = "year"
    evidence = "Use is an administrative offence."
    evidence_ru = "Употребление — административное правонарушение."


class ProgressFactory(CitedFactory):
    class Meta:
        model = Progress
        skip_postgeneration_save = True

    recommendation = factory.LazyFunction(lambda: Recommendation.objects.order_by("pk").first())
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
