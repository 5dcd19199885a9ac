"""Generated data at scale, for the tests that show query counts do not grow with the data."""

from datetime import date
from decimal import Decimal

from countries.models import Assessment, Citation, Country, Indicator, Source
from legislation.models import Law, Sanction, Substance, Threshold
from recommendations.models import Progress, Recommendation


def fill(*, factor: int) -> None:
    """Add about `factor` times the bundled amount of facts, spread over every focus country."""
    source = Source.objects.create(slug=f"bulk-{factor}", title="Generated source", url="https://example.org/bulk")
    substances = list(Substance.objects.all())
    indicators = list(Indicator.objects.prefetch_related("values"))
    recommendations = list(Recommendation.objects.all()[:20])
    for country in Country.objects.focus():
        citations = Citation.objects.bulk_create(
            Citation(source=source, country=country, locator=f"p. {n}", quote="generated", described_on=date(2020, 1, 1),
                     described_precision="year")
            for n in range(factor)
        )
        laws = [Law.objects.create(country=country, title_en=f"Generated law {factor}-{n}", kind="drug_law") for n in range(factor)]
        thresholds = Threshold.objects.bulk_create(
            Threshold(country=country, substance=substances[n % len(substances)], law=laws[n % len(laws)], tier=1 + n % 3,
                      term=f"generated {n}", amount=Decimal(10 ** (n % 3)) + n, unit="g", basis="mixture",
                      amount_in="below", substance_form=f"form {n}")
            for n in range(3 * factor)
        )
        sanctions = Sanction.objects.bulk_create(
            Sanction(country=country, offence="possession_personal", liability="criminal", band_from=n % 3, band_to=n % 3,
                     law=laws[0], prison_months_max=Decimal(12 + n), offence_detail=f"generated {n}")
            for n in range(3 * factor)
        )
        assessments = Assessment.objects.bulk_create(
            Assessment(country=country, indicator=indicator, value=indicator.values.all()[0], evidence="generated",
                       as_of=date(2010 + n % 10, 1, 1), as_of_precision="year")
            for n, indicator in enumerate(indicators * max(1, factor // 5))
        )
        progress = Progress.objects.bulk_create(
            Progress(recommendation=rec, country=country, status="in_progress", as_of=date(2000 + factor, 1, 1 + n % 28))
            for n, rec in enumerate(recommendations[: factor])
        )
        for fact in [*laws, *thresholds, *sanctions, *assessments, *progress]:
            fact.citations.add(citations[fact.pk % len(citations)])
