import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("bundled_data")]


def test_check_data_passes_on_bundled_data(capsys):
    call_command("check_data")
    out = capsys.readouterr().out
    assert "RU Russia" in out and "Data checks passed." in out
    assert "heroin 3" in out
