"""Loading the bundled data in fixtures/ into the database, idempotently.

Every loader matches records on a natural key and writes only what differs, so running the seed twice
changes nothing: no duplicate rows, no new history entries, no touched timestamps.
"""

import gettext
import json
from pathlib import Path

import pycountry
import yaml
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.text import slugify

from countries.loading import Tally, upsert
from countries.models import (
    USER_ASSIGNED_CODES,
    Citation,
    Country,
    Grade,
    Indicator,
    IndicatorValue,
    Source,
    SubRegion,
    best_grade,
)
from legislation.models import Alternative, Substance
from recommendations.models import Addressee, Progress, Recommendation, ReportNote, Stance, Theme

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


def read_yaml(name: str):
    with open(FIXTURES / name, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def recommendation_files() -> list[Path]:
    return sorted((FIXTURES / "recommendations").glob("*.json"))


def country_names(iso2: str, overrides: dict | None = None) -> tuple[str, str, str]:
    """(alpha-3, English name, Russian name) of a country: from the overrides, else the ISO catalogue."""
    overrides = overrides or {}
    if iso2 in overrides:
        name_en, name_ru = overrides[iso2]
        record = pycountry.countries.get(alpha_2=iso2)
        iso3 = record.alpha_3 if record else USER_ASSIGNED_CODES[iso2][0]
        return iso3, name_en, name_ru
    if iso2 in USER_ASSIGNED_CODES:
        return USER_ASSIGNED_CODES[iso2]
    record = pycountry.countries.get(alpha_2=iso2)
    if record is None:
        raise ValueError(f"Unknown country code {iso2!r} in the bundled data.")
    russian = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ru"])
    name_en = getattr(record, "common_name", None) or record.name.split(",")[0]
    return record.alpha_3, name_en, russian.gettext(record.name)


def load_countries(tally: Tally) -> None:
    """The 29 focus countries, and every other country a report discusses, outside the focus region."""
    config = read_yaml("countries.yaml")
    overrides = config["names"]
    wanted: dict[str, tuple[str, bool]] = {}
    for subregion, codes in config["focus"].items():
        SubRegion(subregion)  # fails loudly on a misspelt sub-region
        for iso2 in codes:
            wanted[iso2] = (subregion, True)
    for path in recommendation_files():
        for iso2 in json.loads(path.read_text(encoding="utf-8"))["countries_discussed"]:
            wanted.setdefault(iso2, (SubRegion.OTHER, False))
    for iso2, (subregion, focus) in wanted.items():
        iso3, name_en, name_ru = country_names(iso2, overrides)
        upsert(
            Country, tally, {"iso2": iso2},
            {"iso3": iso3, "name_en": name_en, "name_ru": name_ru, "slug": slugify(name_en),
             "subregion": subregion, "focus_region": focus},
        )


def load_taxonomy(tally: Tally) -> None:
    data = read_yaml("taxonomy.yaml")
    for model, key in ((Theme, "themes"), (Addressee, "addressees")):
        for order, (slug, name_en, name_ru) in enumerate(data[key], start=1):
            upsert(model, tally, {"slug": slug}, {"name_en": name_en, "name_ru": name_ru, "order": order})
    for slug, name_en, name_ru in data["alternatives"]:
        upsert(Alternative, tally, {"slug": slug}, {"name_en": name_en, "name_ru": name_ru})
    for order, (slug, name_en, name_ru, category, schedule, synonyms) in enumerate(data["substances"], start=1):
        upsert(
            Substance, tally, {"slug": slug},
            {"name_en": name_en, "name_ru": name_ru, "category": category, "un_schedule": schedule,
             "synonyms": synonyms, "order": order},
        )
    for order, item in enumerate(data["indicators"], start=1):
        indicator = upsert(
            Indicator, tally, {"slug": item["slug"]},
            {"name_en": item["name"][0], "name_ru": item["name"][1], "description_en": item["description"][0],
             "description_ru": item["description"][1], "order": order, "is_main": item.get("main", False)},
        )
        for rank, (slug, label_en, label_ru, colour) in enumerate(item["values"], start=1):
            upsert(
                IndicatorValue, tally, {"indicator": indicator, "slug": slug},
                {"label_en": label_en, "label_ru": label_ru, "rank": rank, "colour": colour},
            )


def load_sources(tally: Tally) -> None:
    for item in read_yaml("sources.yaml"):
        values = {k: v for k, v in item.items() if k != "slug"}
        upsert(Source, tally, {"slug": item["slug"]}, values)


def load_recommendations(tally: Tally) -> None:
    """Each report's items, keyed on the report's own number or, where it prints none, on the locator.

    Items of a bundled report that the file no longer holds are removed (the file is the report's
    faithful list), unless progress has been recorded against them.
    """
    themes = {t.slug: t for t in Theme.objects.all()}
    addressees = {a.slug: a for a in Addressee.objects.all()}
    countries = {c.iso2: c for c in Country.objects.all()}
    for path in recommendation_files():
        data = json.loads(path.read_text(encoding="utf-8"))
        source = Source.objects.get(slug=data["source_slug"])
        report = data.get("report", {})
        if report:
            upsert(
                ReportNote, tally, {"source": source},
                {"note_en": report.get("note_en", ""), "note_ru": report.get("note_ru", ""),
                 "inferred_en": report.get("inferred_en", ""), "inferred_ru": report.get("inferred_ru", "")},
            )
        else:
            ReportNote.objects.filter(source=source).delete()
        items = data["recommendations"]
        keys = {(item.get("label", ""), item.get("locator", "")) for item in items}
        existing = Recommendation.objects.filter(source=source)
        stale = [r.pk for r in existing if (r.label, r.locator) not in keys]
        Recommendation.objects.filter(pk__in=stale, progress__isnull=True).delete()
        wanted_order = {(item.get("label", ""), item.get("locator", "")): item["order"] for item in items}
        if any(wanted_order.get((r.label, r.locator)) != r.order for r in existing.all()):
            # Orders are unique per report: move the old ones out of the way before renumbering.
            existing.update(order=models.F("order") + 100000)
        by_key = {}
        for item in items:
            label, locator = item.get("label", ""), item.get("locator", "")
            by_key[label or locator] = upsert(
                Recommendation, tally, {"source": source, "label": label, "locator": locator},
                {"reference": Recommendation.Reference.LABEL if label else Recommendation.Reference.LOCATOR,
                 "kind": item["kind"], "speaker": item.get("speaker", ""), "order": item["order"],
                 "section": item["section"], "text": item["text"],
                 "summary_en": item["summary"], "summary_ru": item.get("summary_ru", "")},
                m2m={
                    "themes": [themes[s] for s in item["themes"]],
                    "addressees": [addressees[s] for s in item["addressees"]],
                    "countries": [countries[c] for c in item["countries"]],
                },
            )
        for item in items:
            target = by_key[item["became"]] if item.get("became") else None
            upsert(Recommendation, tally, {"pk": by_key[item.get("label") or item["locator"]].pk}, {"became": target})


def _check_disagreement(record: dict, stances: list) -> None:
    """A disagreement is recorded only with both sides cited, and said in both languages."""
    where = f"progress record {record['country']} {record['recommendation']['ref']}"
    sides = {side for _, side in stances}
    unknown = sides - set(Stance.Side.values)
    if unknown:
        raise ValueError(f"{where}: unknown stance {sorted(unknown)}; use {Stance.Side.values}.")
    said = [bool(record.get(f"disagreement_{lang}", "").strip()) for lang in ("en", "ru")]
    if any(said) and not all(said):
        raise ValueError(f"{where}: say what the sides disagree on in both disagreement_en and disagreement_ru.")
    if all(said) and sides != set(Stance.Side.values):
        raise ValueError(f"{where}: a disagreement needs a citation with stance government and one with civil_society.")
    if sides and not all(said):
        raise ValueError(f"{where}: a stance is recorded only where the sides disagree; add disagreement_en and _ru.")


def load_progress(tally: Tally) -> None:
    """The bundled progress records (fixtures/recommendations/progress.yaml), after the curated facts whose sources
    and quotations they cite: a citation is matched on the same fields the curated loader uses, so both share it."""
    from legislation.curated import _date, quote_language
    from legislation.curated_schema import progress_locator_problems, read_locators, russian_locator

    path = FIXTURES / "recommendations" / "progress.yaml"
    if not path.exists():
        return
    locators = read_locators()
    problems = progress_locator_problems(path, locators)
    if problems:
        raise ValueError("A citation's locator has no Russian rendering:\n" + "\n".join(problems))
    records = yaml.safe_load(path.read_text(encoding="utf-8"))["progress"]
    countries = {c.iso2: c for c in Country.objects.all()}
    sources = {s.slug: s for s in Source.objects.all()}
    kept = []
    for record in records:
        ref = record["recommendation"]
        recommendation = Recommendation.objects.get(
            Q(label=ref["ref"]) | Q(locator=ref["ref"]), source__slug=ref["source"],
        )
        country = countries[record["country"]]
        citations, stances = [], []
        for cite in record["cite"]:
            source = sources[cite["source"]]
            described, precision = _date(cite.get("describes"))
            if described is None:
                described, precision = source.date, source.date_precision
            citations.append(upsert(
                Citation, tally,
                {"source": source, "country": country, "locator": (cite.get("locator") or "")[:300], "quote": cite["quote"],
                 "quote_en": cite.get("quote_en") or "", "quote_ru": cite.get("quote_ru") or "",
                 "described_on": described, "note": cite.get("editor_note") or ""},
                {"quote_language": quote_language(cite["quote"], country.iso2, cite.get("quote_language")), "described_precision": precision,
                 "locator_ru": russian_locator(cite, locators)[:300]},
            ))
            if cite.get("stance"):
                stances.append((citations[-1], cite["stance"]))
        _check_disagreement(record, stances)
        as_of, as_of_precision = _date(record.get("as_of"))
        grade = best_grade(c.source.grade for c in citations)
        key = f"progress-{country.iso2}-{recommendation.pk}"
        progress = upsert(
            Progress, tally, {"source_row": key},
            {"recommendation": recommendation, "country": country, "status": record["status"], "as_of": as_of,
             "as_of_precision": as_of_precision, "evidence": record["explanation_en"],
             "evidence_ru": record["explanation_ru"], "note_en": record.get("note_en", ""),
             "note_ru": record.get("note_ru", ""), "note": record["basis"],
             "disagreement_en": record.get("disagreement_en", ""), "disagreement_ru": record.get("disagreement_ru", ""),
             "published": grade not in (None, Grade.D)},
            m2m={"citations": citations},
        )
        for citation, side in stances:
            upsert(Stance, tally, {"progress": progress, "citation": citation}, {"side": side})
        Stance.objects.filter(progress=progress).exclude(citation__in=[c for c, _ in stances]).delete()
        kept.append(key)
    Progress.objects.filter(source_row__startswith="progress-").exclude(source_row__in=kept).delete()


def seed() -> Tally:
    from legislation.curated import load_curated
    from profiles.search import paused, rebuild

    tally = Tally()
    with paused():
        load_countries(tally)
        load_taxonomy(tally)
        load_sources(tally)
        load_recommendations(tally)
        load_curated(tally)
        load_progress(tally)
    rebuild()
    return tally
