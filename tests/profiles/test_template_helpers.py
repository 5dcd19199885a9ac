"""The helpers that draw a fact's links and badges keep what they reuse per language, never across languages."""

import pytest
from django.utils import translation
from django.utils.translation import gettext, ngettext

from editors.templatetags.corrections import correction_link
from profiles.jinja import per_language
from profiles.templatetags.policyhub import grade_badge, refs
from tests.factories import SanctionFactory, ThresholdFactory

pytestmark = pytest.mark.django_db


def test_correction_links_carry_each_facts_own_id_and_the_readers_language():
    first, second = ThresholdFactory(), ThresholdFactory()
    sanction = SanctionFactory()
    with translation.override("en"):
        assert correction_link(first) == f'<a class="fix" href="/corrections/threshold/{first.pk}/">report a correction</a>'
        assert f"/corrections/threshold/{second.pk}/" in correction_link(second)
        assert f"/corrections/sanction/{sanction.pk}/" in correction_link(sanction)
    with translation.override("ru"):
        link = correction_link(first)
    assert f'href="/ru/corrections/threshold/{first.pk}/"' in link and "report a correction" not in link


def test_grade_badges_follow_the_language_they_are_drawn_in():
    with translation.override("en"):
        english = grade_badge("A", explain=False)
    with translation.override("ru"):
        russian = grade_badge("A", explain=False)
    with translation.override("en"):
        again = grade_badge("A", explain=False)
    assert english == again and english != russian
    assert "evidence:" in english and "evidence:" not in russian


def test_refs_link_each_number_then_show_the_grade():
    fact = ThresholdFactory()
    fact.refs = [3, 12]
    with translation.override("en"):
        html = refs(fact)
    assert html.startswith('<a href="#ref-3">[3]</a><a href="#ref-12">[12]</a><span class="grade grade-')


def test_the_profile_templates_translations_follow_the_language_they_are_asked_in():
    translate, plural = per_language(gettext), per_language(ngettext)
    with translation.override("en"):
        english = translate("Sanctions")
        english_plural = plural("%(n)d recommendation", "%(n)d recommendations", 2)
    with translation.override("ru"):
        russian = translate("Sanctions")
        russian_plural = plural("%(n)d recommendation", "%(n)d recommendations", 2)
    with translation.override("en"):
        again = translate("Sanctions")
    assert english == again == "Sanctions"
    assert russian == "Санкции"
    assert english_plural == "%(n)d recommendations" and russian_plural == "%(n)d рекомендации"
