"""Export to CSV and XLSX and import back: previewed, validated row by row, all or nothing, through review."""
import io
from decimal import Decimal

import openpyxl
import pytest
import tablib
from django.urls import reverse

from editors.models import ChangeRequest
from editors.resources import AssessmentResource, LawResource, SanctionResource, ThresholdResource
from legislation.models import Alternative, Threshold
from tests.factories import (
    ArticleFactory,
    AssessmentFactory,
    SanctionFactory,
    SubstanceFactory,
    ThresholdFactory,
    bundled_country,
)


@pytest.fixture(autouse=True)
def facts(db):
    """Ukraine's laws, thresholds, sanctions and assessments in some variety, and Moldova's beside them."""
    for iso2 in ("UA", "MD"):
        country = bundled_country(iso2)
        article = ArticleFactory(law__country=country, title="Article on possession")
        cannabis = SubstanceFactory(slug="cannabis", name_en="Cannabis", name_ru="Каннабис")
        for tier, amount in ((1, "0.5"), (2, "5"), (3, "50")):
            ThresholdFactory(country=country, substance=cannabis, law=article.law, article=article, tier=tier,
                             amount=Decimal(amount))
        ThresholdFactory(country=country, law=article.law, amount=None, amount_as_stated="a small quantity",
                         published=False)
        sanction = SanctionFactory(country=country, law=article.law, article=article, substance=cannabis)
        sanction.alternatives.add(Alternative.objects.get_or_create(slug="treatment", name_en="Treatment")[0])
        SanctionFactory(country=country, liability="criminal", fine_min=None, fine_max=None, fine_unit="")
        AssessmentFactory(country=country)


def history_count():
    return Threshold.history.count()


def exported(resource, queryset):
    return tablib.Dataset().load(resource.export(queryset).csv, format="csv")


def test_round_trip_of_every_kind_changes_nothing(trusted_ua):
    from countries.models import Assessment
    from legislation.models import Law, Sanction

    for resource_class, model in [(ThresholdResource, Threshold), (SanctionResource, Sanction), (LawResource, Law),
                                  (AssessmentResource, Assessment)]:
        resource = resource_class(user=trusted_ua)
        queryset = model.objects.filter(country__iso2="UA")
        dataset = exported(resource, queryset)
        assert len(dataset) == queryset.count() > 0
        history_before = model.history.count()
        result = resource_class(user=trusted_ua).import_data(dataset, dry_run=False)
        assert not result.has_errors() and not result.has_validation_errors()
        assert result.totals["skip"] == len(dataset), (model, result.totals)
        assert model.history.count() == history_before


def test_a_valid_file_changes_what_it_says(trusted_ua):
    _two_ua_thresholds()
    resource = ThresholdResource(user=trusted_ua)
    dataset = exported(resource, Threshold.objects.filter(country__iso2="UA"))
    first_id = int(dataset["id"][0])
    rows = dataset.dict
    rows[0]["term"] = "imported term"
    new = dict(rows[1], id="", term="new tier from a spreadsheet", source_row="")
    rows.append(new)
    changed = tablib.Dataset(headers=dataset.headers)
    for row in rows:
        changed.append([row[h] for h in dataset.headers])
    result = ThresholdResource(user=trusted_ua).import_data(changed, dry_run=False)
    assert not result.has_validation_errors(), [e.error for e in result.invalid_rows]
    assert result.totals["update"] == 1 and result.totals["new"] == 1
    assert Threshold.objects.get(pk=first_id).term == "imported term"
    created = Threshold.objects.get(term="new tier from a spreadsheet")
    assert created.published and created.citations.exists()
    assert created.history.latest().history_user == trusted_ua


def test_a_file_with_a_bad_row_writes_nothing_and_names_the_row(trusted_ua):
    _two_ua_thresholds()
    resource = ThresholdResource(user=trusted_ua)
    dataset = exported(resource, Threshold.objects.filter(country__iso2="UA", amount__isnull=False))
    rows = dataset.dict
    rows[0]["term"] = "this change must not land"
    rows[2]["amount"] = "-5"
    bad = tablib.Dataset(headers=dataset.headers)
    for row in rows:
        bad.append([row[h] for h in dataset.headers])
    before = history_count()
    result = ThresholdResource(user=trusted_ua).import_data(bad, dry_run=False, use_transactions=True)
    assert result.has_validation_errors()
    invalid = result.invalid_rows[0]
    assert invalid.number == 3 and "amount" in invalid.error_dict
    assert not Threshold.objects.filter(term="this change must not land").exists()
    assert history_count() == before


def test_an_editor_cannot_import_rows_for_another_country(editor_md):
    from legislation.models import Threshold as T

    dataset = exported(ThresholdResource(), T.objects.filter(country__iso2="UA")[:1])
    dataset_rows = dataset.dict
    dataset_rows[0]["id"] = ""
    foreign = tablib.Dataset(headers=dataset.headers)
    foreign.append([dataset_rows[0][h] for h in dataset.headers])
    result = ThresholdResource(user=editor_md).import_data(foreign, dry_run=False)
    assert result.has_validation_errors()
    assert "country" in result.invalid_rows[0].error_dict


def test_an_editors_import_waits_for_review(editor_ua):
    resource = ThresholdResource(user=editor_ua)
    dataset = exported(resource, Threshold.objects.filter(country__iso2="UA", published=True))
    first_id = int(dataset["id"][0])
    old_term = Threshold.objects.get(pk=first_id).term
    rows = dataset.dict
    rows[0]["term"] = "proposed in a spreadsheet"
    changed = tablib.Dataset(headers=dataset.headers)
    for row in rows:
        changed.append([row[h] for h in dataset.headers])
    result = ThresholdResource(user=editor_ua).import_data(changed, dry_run=False)
    assert not result.has_validation_errors()
    assert Threshold.objects.get(pk=first_id).term == old_term
    change = ChangeRequest.objects.get(object_id=first_id)
    assert change.data == {"term": "proposed in a spreadsheet"}


def test_admin_export_and_import_preview(client, editor_ua):
    client.force_login(editor_ua)
    export = client.post(reverse("admin:legislation_threshold_export"), {"format": "1", "resource": "0",
                                                                         **{f"thresholdresource_{f}": "on" for f in
                                                                            ThresholdResource().get_export_order()}})
    assert export.status_code == 200, export.content[:500]
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    header = [cell.value for cell in sheet[1]]
    countries = {row[header.index("country")] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert countries == {"UA"}

    csv_text = ThresholdResource().export(Threshold.objects.filter(country__iso2="UA")).csv
    csv_text = csv_text.replace("\r\n", "\n")
    upload = io.BytesIO(csv_text.encode())
    upload.name = "thresholds.csv"
    preview = client.post(reverse("admin:legislation_threshold_import"),
                          {"format": "0", "resource": "0", "import_file": upload})
    assert preview.status_code == 200
    result = preview.context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["skip"] == Threshold.objects.filter(country__iso2="UA").count()


def _two_ua_thresholds():
    ua = bundled_country("UA")
    for tier in (1, 2):
        ThresholdFactory(country=ua, law__country=ua, tier=tier, amount=Decimal(tier * 5))
