"""Imports are limited in size and in how much an XLSX may unpack to, with a clear error (issue 14, finding 16)."""

import io
import zipfile

from django.urls import reverse


def post_import(client, content: bytes, name: str, format_index: str):
    upload = io.BytesIO(content)
    upload.name = name
    return client.post(reverse("admin:legislation_threshold_import"),
                       {"format": format_index, "resource": "0", "import_file": upload})


def test_a_file_over_the_size_limit_is_refused(client, editor_ua, settings):
    settings.IMPORT_MAX_BYTES = 10_000
    client.force_login(editor_ua)
    response = post_import(client, b"country,term\n" + b"UA,x\n" * 5000, "big.csv", "0")
    assert response.status_code == 200
    assert "can be imported" in response.content.decode() and "result" not in response.context


def test_an_xlsx_that_unpacks_too_far_is_refused_before_it_is_parsed(client, editor_ua, settings):
    settings.IMPORT_MAX_UNPACKED_BYTES = 5_000_000
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:  # a zip bomb shaped like a workbook
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", "<c>0</c>" * 2_000_000)
    assert len(buffer.getvalue()) < settings.IMPORT_MAX_BYTES
    client.force_login(editor_ua)
    response = post_import(client, buffer.getvalue(), "bomb.xlsx", "1")
    assert response.status_code == 200
    assert "unpacks to" in response.content.decode() and "result" not in response.context
