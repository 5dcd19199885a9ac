"""The bundled reports' items against the report texts they quote."""

import json
import re
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from profiles.bundled import recommendation_files
from recommendations.models import Recommendation

pytestmark = pytest.mark.usefixtures("bundled_data")

FIXTURES = Path(settings.BASE_DIR) / "fixtures"

# Items per report and kind, as the reports print them; a change that loses or invents one fails.
COUNTS = {
    "honlea-europe-2017": {"recommendation": 6, "conclusion": 7},
    "kyiv-2016-alternatives": {"recommendation": 17, "conclusion": 2},
    "regional-dialogue-2021": {"recommendation": 24, "workshop_proposal": 49, "speaker_proposal": 13},
    "we-are-the-evidence-2021": {"recommendation": 5, "speaker_proposal": 13},
    "wilton-park-2015": {"conclusion": 21, "critical_issue": 8},
}


def _reports() -> dict[str, str]:
    sources = yaml.safe_load((FIXTURES / "sources.yaml").read_text(encoding="utf-8"))
    return {s["slug"]: (FIXTURES / s["document"]).read_text(encoding="utf-8") for s in sources if s.get("document")}


def _normalise(text: str) -> str:
    """Whitespace, line and page breaks, soft hyphens and footnote markers do not count as differences.

    A page break in the extracted texts is a "---" line, followed in the HONLEA report by the page's footnote;
    elsewhere a footnote is a line of its own opening with its superscript number.
    """
    text = re.sub(r"(?m)^[¹²³⁴⁵⁶⁷⁸⁹][^\n]*$", " ", text)
    text = re.sub(r"\n---\n\s*(\\\*[^\n]*\n)?", " ", text)
    text = text.replace("\u00ad", "")
    text = re.sub(r"[¹²³⁴⁵⁶⁷⁸⁹⁰]+", "", text)
    return re.sub(r"\s+", " ", text).strip()


def _items():
    for path in recommendation_files():
        data = json.loads(path.read_text(encoding="utf-8"))
        for item in data["recommendations"]:
            yield data["source_slug"], item


def test_every_quotation_is_word_for_word_with_cuts_marked():
    reports = {slug: _normalise(text) for slug, text in _reports().items()}
    differing = []
    for slug, item in _items():
        report, position = reports[slug], 0
        for part in item["text"].split("[...]"):
            part = _normalise(part)
            if not part:
                continue
            found = report.find(part, position)
            if found < 0:
                differing.append((slug, item.get("label") or item["locator"], part[:80]))
                break
            position = found + len(part)
    assert differing == []


def test_every_item_has_a_printed_label_or_a_locator_never_both():
    for slug, item in _items():
        assert bool(item.get("label")) != bool(item.get("locator")), (slug, item)
        if item.get("locator"):
            assert item["locator"].split()[-1][0] in "¶•s", item["locator"]
        else:
            # The reports print numbers, letters, or a number with a letter: nothing like "RTH-1" or "6-2-WD".
            assert re.fullmatch(r"\d{1,2}|\d\([a-g]\)", item["label"]), item["label"]


def test_labels_are_printed_in_the_report():
    reports = _reports()
    for slug, item in _items():
        if label := item.get("label"):
            number = re.match(r"\d+", label).group()
            letter = label[len(number):]
            assert re.search(rf"(^|\n)\s*-?\s*{number}[.)]", reports[slug]), (slug, label)
            if letter:
                assert letter in reports[slug], (slug, label)


@pytest.mark.django_db
def test_counts_per_report_and_kind_match_the_reports():
    counts: dict[str, dict[str, int]] = {}
    for slug, kind in Recommendation.objects.values_list("source__slug", "kind"):
        counts.setdefault(slug, {}).setdefault(kind, 0)
        counts[slug][kind] += 1
    assert counts == COUNTS


@pytest.mark.django_db
def test_workshop_passages_link_to_the_recommendation_they_became():
    passage = Recommendation.objects.get(source__slug="regional-dialogue-2021", locator="§4.2 ¶6 s1")
    assert passage.kind == "workshop_proposal"
    assert passage.became.label == "18"
    assert passage.became.kind == "recommendation"
    linked = Recommendation.objects.filter(source__slug="regional-dialogue-2021", became__isnull=False)
    assert linked.filter(kind="workshop_proposal").count() == 16
    assert linked.filter(kind="speaker_proposal").count() == 4
    assert not linked.exclude(became__kind="recommendation").exists()


def test_every_item_has_an_english_and_a_russian_summary():
    missing = [(slug, item.get("label") or item["locator"]) for slug, item in _items()
               if not item["summary"].strip() or not item.get("summary_ru", "").strip()]
    assert missing == []
    assert all(re.search("[а-яё]", item["summary_ru"]) for _, item in _items())


def test_report_details_are_only_what_the_texts_state():
    sources = {s["slug"]: s for s in yaml.safe_load((FIXTURES / "sources.yaml").read_text(encoding="utf-8"))}
    reports = _reports()
    for slug in COUNTS:
        source, text = sources[slug], _normalise(reports[slug])
        for name in ("organisers", "publisher"):
            for party in filter(None, (source.get(name) or "").split(", ")):
                # Each named party appears in the text (the list's last "and" apart).
                assert party.removeprefix("with the support of ").split(" and ")[0].split(" (")[0] in text, (slug, party)
    assert sources["we-are-the-evidence-2021"]["date"] is None
