"""Each sanction's alternatives loaded for a page in one query (legislation.selectors.attach_alternatives)."""

import pytest

from legislation.models import Alternative, Sanction
from legislation.selectors import attach_alternatives
from tests.factories import SanctionFactory

pytestmark = pytest.mark.django_db


def test_each_sanction_gets_its_alternatives_by_english_name_in_one_query(django_assert_num_queries):
    treatment = Alternative.objects.create(slug="treatment", name_en="Treatment", name_ru="Лечение")
    education = Alternative.objects.create(slug="education", name_en="Education", name_ru="Обучение")
    Alternative.objects.create(slug="fine-waived", name_en="Fine waived", name_ru="Без штрафа")
    both, one, none = SanctionFactory(), SanctionFactory(), SanctionFactory()
    both.alternatives.set([treatment, education])
    one.alternatives.set([treatment])
    sanctions = list(Sanction.objects.filter(pk__in=[both.pk, one.pk, none.pk]).order_by("pk"))

    with django_assert_num_queries(1):
        attach_alternatives(sanctions)
    with django_assert_num_queries(0):
        loaded = [[a.slug for a in sanction.alternatives.all()] for sanction in sanctions]

    assert loaded == [["education", "treatment"], ["treatment"], []]
    # The same as Django's own prefetch gives.
    assert loaded == [[a.slug for a in s.alternatives.all()] for s in Sanction.objects.filter(
        pk__in=[both.pk, one.pk, none.pk]).order_by("pk").prefetch_related("alternatives")]


def test_no_sanctions_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        attach_alternatives([])
