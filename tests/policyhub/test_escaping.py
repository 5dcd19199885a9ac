"""Text editors type is shown as text: markup and script in every editable text field stay inert in pages and PDFs."""

import io

from django.db import models
from pypdf import PdfReader

from countries.models import Assessment, Citation, Source
from legislation.models import Law, Sanction, Threshold
from profiles.briefs import brief_pdf
from recommendations.models import Progress
from tests.factories import (
    AssessmentFactory,
    LawFactory,
    ProgressFactory,
    SanctionFactory,
    ThresholdFactory,
    bundled_country,
)

PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)><b>bold</b>'
SKIP = {"slug", "iso2", "iso3", "url", "document", "source_row", "dispute_group", "quote_language", "original_language",
        "fine_unit", "colour", "counted_item"}


def _poison(obj) -> int:
    touched = 0
    for field in obj._meta.concrete_fields:
        if isinstance(field, (models.CharField, models.TextField)) and not field.choices and field.name not in SKIP:
            value = f"{PAYLOAD} {field.name} {obj.pk}"  # distinct per record, for unique titles
            setattr(obj, field.attname, value[-field.max_length:] if field.max_length else value)
            touched += 1
    obj.save()
    return touched


def test_markup_in_every_editable_text_field_is_inert(client, db):
    country = bundled_country("UA")
    laws = LawFactory.create_batch(2, country=country)
    for law in laws:
        ThresholdFactory(country=country, law=law)
        SanctionFactory(country=country, law=law)
        AssessmentFactory(country=country)
    ProgressFactory(country=country)
    records = [
        country,
        *Law.objects.filter(country=country)[:2], *Threshold.objects.filter(country=country)[:2],
        *Sanction.objects.filter(country=country)[:2], *Assessment.objects.filter(country=country)[:2],
        *Citation.objects.filter(country=country)[:2],
        *Source.objects.filter(citations__country=country).distinct()[:2],
    ]
    progress = Progress.objects.filter(country=country).first()
    if progress:
        records.append(progress)
    assert sum(_poison(obj) for obj in records) > 30

    html = client.get("/countries/ua/").content.decode()
    assert "bold" in html  # the poisoned text is on the page...
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>bold" not in html  # ...but never as markup
    assert "&lt;script&gt;alert" in html

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(brief_pdf(iso2="UA"))).pages)
    assert '<script>alert("x")</script>' in text  # printed as the characters typed, not run or dropped
