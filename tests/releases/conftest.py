from datetime import date

import factory
import pytest

from releases.models import Release

DAY_ONE = date(2026, 3, 1)
DAY_TWO = date(2026, 4, 1)


class ReleaseFactory(factory.django.DjangoModelFactory):
    """A release record only; its files are not written (list pages and the API read the record alone)."""

    class Meta:
        model = Release

    number = factory.Sequence(lambda n: n + 1)
    date = factory.LazyAttribute(lambda r: date(2026, 1, 1).replace(day=min(r.number, 28)))
    size = 123_456
    sha256 = factory.Sequence(lambda n: f"{n:064x}")
    files = factory.LazyAttribute(lambda r: ["CHANGELOG.md", f"policyhub-data-{r.number}.zip"])
    changelog = factory.LazyAttribute(lambda r: {
        "previous": r.number - 1 or None, "previous_date": None, "records": 3000,
        "totals": {"added": 2, "removed": 1, "changed": 5},
        "tables": {"thresholds": {"added": 2, "removed": 1, "changed": 5}},
    })


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
