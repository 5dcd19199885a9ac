from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.factories import LawFactory, ThresholdFactory

pytestmark = pytest.mark.django_db


def test_check_data_passes_on_bundled_data(capsys):
    call_command("check_data")
    out = capsys.readouterr().out
    assert "RU Russia" in out and "Data checks passed." in out
    assert "heroin 3" in out


def test_check_data_fails_on_uncited_fact():
    ThresholdFactory(citations=[])
    with pytest.raises(CommandError):
        call_command("check_data")


def test_check_data_fails_on_tiers_out_of_order():
    law = LawFactory()
    ThresholdFactory(law=law, tier=1, amount=Decimal("5"))
    ThresholdFactory(law=law, tier=2, amount=Decimal("2"), term="large")  # saved without full_clean, as a raw import might
    with pytest.raises(CommandError, match="problem"):
        call_command("check_data")


def test_check_data_fails_on_undisputed_contradiction(capsys):
    law = LawFactory()
    ThresholdFactory(law=law, tier=1, amount=Decimal("5"))
    ThresholdFactory(law=law, tier=1, amount=Decimal("6"))
    with pytest.raises(CommandError):
        call_command("check_data")
    assert "contradicting thresholds" in capsys.readouterr().err
