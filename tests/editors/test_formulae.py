"""Exports are safe to open in a spreadsheet: text that would run as a formula is neutralised, in the API's CSV and
the admin's CSV and XLSX (issue 14, finding 8)."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from countries.formulae import neutralise, restore
from editors.resources import ThresholdResource
from legislation.models import Threshold
from tests.factories import ThresholdFactory

PAYLOADS = ['=HYPERLINK("https://evil.example","click")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1,2)",
            "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_neutralise_and_restore(payload):
    assert neutralise(payload) == "'" + payload
    assert restore(neutralise(payload)) == payload
    assert neutralise("-1.5") == "-1.5" and neutralise("plain") == "plain" and neutralise(3) == 3


@pytest.fixture
def poisoned(db):
    threshold = ThresholdFactory(published=True)  # in Ukraine
    Threshold.objects.filter(pk=threshold.pk).update(term=PAYLOADS[0], amount_as_stated="@SUM(A1:A9)")
    return threshold


def test_public_csv_neutralises_formulae(client, poisoned):
    text = client.get("/api/v1/thresholds/", {"country": "UA", "format": "csv", "page_size": 500}).content.decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    row = next(r for r in rows if r["id"] == str(poisoned.pk))
    assert row["term"] == "'" + PAYLOADS[0] and row["amount_as_stated"] == "'@SUM(A1:A9)"
    assert not any(value.startswith(("=", "+", "@")) for r in rows for value in r.values())


def test_admin_xlsx_and_csv_exports_write_text_not_formulae(client, groups, poisoned):
    from django.contrib.auth import get_user_model

    moderator = get_user_model().objects.create_user("mod", password="x", is_staff=True, is_superuser=True)
    client.force_login(moderator)
    fields = {f"thresholdresource_{f}": "on" for f in ThresholdResource().get_export_order()}
    xlsx = client.post(reverse("admin:legislation_threshold_export"), {"format": "1", "resource": "0", **fields})
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
    assert not any(cell.data_type == "f" for cell in cells)
    assert "'" + PAYLOADS[0] in {cell.value for cell in cells}
    csv_export = client.post(reverse("admin:legislation_threshold_export"), {"format": "0", "resource": "0", **fields})
    assert "'=HYPERLINK" in csv_export.content.decode()


def test_an_exported_file_imports_back_unchanged(trusted_ua, poisoned):
    from editors.scoping import SafeCSV

    resource = ThresholdResource(user=trusted_ua)
    exported = SafeCSV().export_data(resource.export(Threshold.objects.filter(pk=poisoned.pk)))
    dataset = SafeCSV().create_dataset(exported)
    result = ThresholdResource(user=trusted_ua).import_data(dataset, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert Threshold.objects.get(pk=poisoned.pk).term == PAYLOADS[0]
