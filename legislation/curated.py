"""Loading the curated country files (fixtures/data/countries/*.yaml) into the knowledge base.

Each focus country's file holds its laws, thresholds, sanctions, status and quantity rule; `_shared.yaml` holds
the region-wide reports and the indicators they state. Bundled facts of a country that its file no longer holds
are removed (their history stays). Every record is matched on a key derived from its content, not its position
in the file, so inserting an entry never shifts another.
"""

from __future__ import annotations

import hashlib
import re
from decimal import Decimal
from pathlib import Path

from django.conf import settings

from countries.models import Assessment, Citation, Country, Grade, Indicator, Source, best_grade
from legislation.curated_schema import (
    SHARED_FILE,
    check_directory,
    cites_of,
    disputed_part,
    parse_date,
    read_locators,
    russian_locator,
    sanction_key,
)
from legislation.models import Alternative, Article, Law, Sanction, Substance, Threshold
from legislation.scripts import CYRILLIC_ONLY

DIRECTORY = Path(settings.BASE_DIR) / "fixtures" / "data" / "countries"

# The language a quote is most likely in when its script alone does not tell, by country.
COUNTRY_LANGUAGES = {
    "AL": "sq", "AM": "hy", "AZ": "az", "BA": "bs", "BG": "bg", "BY": "ru", "CZ": "cs", "EE": "et", "GE": "ka",
    "HR": "hr", "HU": "hu", "KG": "ru", "KZ": "ru", "LT": "lt", "LV": "lv", "MD": "ro", "ME": "sr", "MK": "mk",
    "PL": "pl", "RO": "ro", "RS": "sr", "RU": "ru", "SI": "sl", "SK": "sk", "TJ": "ru", "TM": "ru", "UA": "uk",
    "UZ": "ru", "XK": "sq",
}
# Words that mark a Latin-script quotation as English; none is a common word in the region's Latin-script languages
# (so not "a", "in", "to", which are Czech, Slovak, Polish or Slovene words too).
ENGLISH = re.compile(r"\b(the|of|and|is|are|for|with|by|not|or|an|from|has|have|was|were|been|which|that|this"
                     r"|under|but|its|their|who|will|can|into|also)\b",
                     re.IGNORECASE)
ENGLISH_IN_ASCII = re.compile(r"\b(the|of|and|is|are|for|to|in|with|by)\b", re.IGNORECASE)
# A Latin-script quotation from a country whose laws are in Cyrillic is in its Latin-script national language.
LATIN_LANGUAGES = {"TM": "tk", "KZ": "kk", "UZ": "uz"}
TYPOGRAPHIC = re.compile("[\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u00a0]")


class CuratedDataError(ValueError):
    """The curated files do not pass their checks; nothing was loaded."""


def curated_countries(directory: Path = DIRECTORY) -> set[str]:
    return {p.stem.upper() for p in directory.glob("*.yaml") if p.name != SHARED_FILE}


def quote_language(quote: str, iso2: str | None, declared: str | None = None) -> str:
    """The language of a quotation: as the curated file declares it, else guessed from its script and words."""
    if declared:
        return declared
    if re.search(r"[\u10a0-\u10ff]", quote):
        return "ka"
    if re.search(r"[\u0530-\u058f]", quote):
        return "hy"
    if re.search(r"[а-яёіїєґўәғқңөұүһ]", quote, re.IGNORECASE):
        if re.search(r"[іїєґ]", quote, re.IGNORECASE) and iso2 != "BY":
            return "uk"
        if iso2 in {"BG", "MK", "RS", "ME", "BA"}:
            return {"BA": "sr", "ME": "sr"}.get(iso2, COUNTRY_LANGUAGES[iso2])
        if re.search(r"[әғқңөұүһ]", quote, re.IGNORECASE) and iso2 == "KZ":
            return "kk"
        if re.search(r"[ў]", quote, re.IGNORECASE):
            return "be"
        return "ru"
    # Latin script from here on. Typographic quotes, apostrophes and dashes do not make an English quote foreign.
    plain = TYPOGRAPHIC.sub("", quote).isascii()
    if len(ENGLISH.findall(quote)) >= 2 or (plain and len(ENGLISH_IN_ASCII.findall(quote)) >= 2):
        return "en"
    language = COUNTRY_LANGUAGES.get(iso2 or "", "en")
    if language in CYRILLIC_ONLY:
        return LATIN_LANGUAGES.get(iso2 or "", "en")
    return language


def _key(iso2: str, *parts) -> str:
    digest = hashlib.sha1("|".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:16]
    return f"{iso2.lower()}.yaml#{digest}"


def _date(raw):
    if raw in (None, ""):
        return None, "undated"
    parsed = parse_date(raw)
    return parsed.value, parsed.precision


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


class CuratedLoader:
    def __init__(self, tally, directory: Path = DIRECTORY):
        from countries.loading import upsert

        self.directory = directory
        self._upsert = upsert
        self.tally = tally
        self.countries = {c.iso2: c for c in Country.objects.all()}
        self.substances = {s.slug: s for s in Substance.objects.all()}
        self.alternatives = {a.slug: a for a in Alternative.objects.all()}
        self.indicators = {i.slug: i for i in Indicator.objects.prefetch_related("values")}
        self.sources: dict[str, Source] = {}
        self.locators: dict[str, str] = {}
        self.kept: dict[type, set[str]] = {Law: set(), Threshold: set(), Sanction: set(), Assessment: set()}

    def upsert(self, model, lookup, values, m2m=None):
        return self._upsert(model, self.tally, lookup, values, m2m)

    # -- the whole directory -----------------------------------------------------------------------------------
    def load(self) -> None:
        data, problems = check_directory(self.directory)
        if problems:
            raise CuratedDataError("The curated country files do not pass their checks:\n" + "\n".join(problems))
        self.locators = read_locators()
        for content in data.values():
            for source in content.get("sources") or []:
                self.load_source(source)
        for path, content in data.items():
            if path.name == SHARED_FILE:
                for entry in content.get("indicators") or []:
                    self.load_indicator(self.countries[entry["country"]], entry)
            else:
                self.load_country(self.countries[content["country"]], content)
        self.remove_stale(curated_countries(self.directory))

    def load_source(self, item: dict) -> Source:
        day, precision = _date(item.get("date"))
        source = self.upsert(
            Source, {"slug": item["id"]},
            {"title": item["title"][:500], "title_en": (item.get("title_en") or "")[:500], "url": item.get("url") or "",
             "kind": item["kind"], "publisher": (item.get("publisher") or "")[:300], "date": day,
             "date_precision": precision, "undated_reason": (item.get("undated_reason") or "")[:300],
             "grade_override": item.get("grade") or "", "grade_reason": item.get("grade_reason") or "",
             "reliability": Source.Reliability.STANDARD, "note": item.get("editor_note") or ""},
        )
        self.sources[item["id"]] = source
        return source

    def citations(self, country: Country, fact: dict) -> list[Citation]:
        found = []
        for cite in cites_of(fact):
            source = self.sources[cite["source"]]
            described, precision = _date(cite.get("describes"))
            if described is None:
                described, precision = source.date, source.date_precision
            # Every field is part of the identity: one passage cited twice with different renderings or notes is two
            # citations, so loading never flips a shared row back and forth.
            found.append(self.upsert(
                Citation,
                {"source": source, "country": country, "locator": (cite.get("locator") or "")[:300], "quote": cite["quote"],
                 "quote_en": cite.get("quote_en") or "", "quote_ru": cite.get("quote_ru") or "",
                 "described_on": described, "note": cite.get("editor_note") or ""},
                {"quote_language": quote_language(cite["quote"], country.iso2, cite.get("quote_language")), "described_precision": precision,
                 "locator_ru": russian_locator(cite, self.locators)[:300]},
            ))
        return found

    @staticmethod
    def published(citations: list[Citation]) -> bool:
        """Facts whose best source is unverified (grade D) are kept for editors but not published."""
        return best_grade(c.source.grade for c in citations) not in (None, Grade.D)

    @staticmethod
    def common(iso2: str, fact: dict) -> dict:
        valid_from, from_precision = _date(fact.get("valid_from"))
        valid_to, to_precision = _date(fact.get("valid_to"))
        group = fact.get("disputed")
        return {
            "valid_from": valid_from, "valid_from_precision": from_precision,
            "valid_to": valid_to, "valid_to_precision": to_precision if valid_to else "day",
            "disputed": bool(group), "dispute_group": f"{iso2.lower()}-{group}"[:60] if group else "",
            "dispute_note": fact.get("note_en") or "" if group else "",
            "note": fact.get("editor_note") or "", "note_en": fact.get("note_en") or "", "note_ru": fact.get("note_ru") or "",
        }

    @staticmethod
    def within_law(values: dict, law: Law | None) -> dict:
        """A rule cannot apply before its act entered into force or after it was repealed: without dates of its
        own, a threshold or sanction takes its law's."""
        if law is not None:
            if values["valid_from"] is None and law.valid_from is not None:
                values["valid_from"], values["valid_from_precision"] = law.valid_from, law.valid_from_precision
            if values["valid_to"] is None and law.valid_to is not None:
                values["valid_to"], values["valid_to_precision"] = law.valid_to, law.valid_to_precision
        return values

    # -- one country -------------------------------------------------------------------------------------------
    def load_country(self, country: Country, content: dict) -> None:
        iso2 = country.iso2
        gaps = [{k: g[k] for k in ("topic", "reason_en", "reason_ru")} for g in content.get("gaps") or []]
        if country.gaps != gaps:
            country.gaps = gaps
            country.save(update_fields=["gaps", "updated_at"])
            self.tally.count(Country, created=False, changed=True)
        laws: dict[str, Law] = {}
        articles: dict[tuple[str, str], Article] = {}
        law_citations: dict[str, list[Citation]] = {}
        for item in content.get("laws") or []:
            key = _key(iso2, "law", item["id"])
            own = self.citations(country, item) if item.get("cite") else []
            adopted, adopted_precision = _date(item.get("adopted_on"))
            amended, amended_precision = _date(item.get("latest_amendment"))
            values = self.common(iso2, item)
            values.update(
                {"country": country, "title_en": item["title_en"][:500], "title_ru": item["title_ru"][:500],
                 "title_original": (item.get("title_original") or "")[:500],
                 "original_language": item.get("original_language") or "", "kind": item["kind"],
                 "reference": (item.get("reference") or "")[:200],
                 "reference_ru": (item.get("reference_ru") or "")[:200], "adopted_on": adopted,
                 "adopted_precision": adopted_precision, "amended_on": amended, "amended_precision": amended_precision,
                 "status": item["status"], "url": item.get("url") or "", "summary_en": item.get("summary_en") or "",
                 "summary_ru": item.get("summary_ru") or ""}
            )
            clash = Law.objects.filter(country=country, title_en=values["title_en"]).exclude(source_row=key).first()
            if clash is not None:  # a law of the raw rows under the same title: take it over
                clash.source_row = key
                clash.save(update_fields=["source_row"])
            law = self.upsert(Law, {"source_row": key}, values)
            laws[item["id"]] = law
            law_citations[item["id"]] = list(own)
            self.kept[Law].add(key)
            for article in item.get("articles") or []:
                articles[(item["id"], str(article["number"]))] = self.upsert(
                    Article, {"law": law, "number": str(article["number"])[:60]},
                    {"title": (article.get("title_en") or "")[:300], "title_ru": (article.get("title_ru") or "")[:300]},
                )

        def law_and_article(fact: dict, citations: list[Citation]):
            law_id = fact.get("law")
            if not law_id:
                return None, None
            law_citations[law_id].extend(citations)
            number = str(fact["article"]) if fact.get("article") not in (None, "") else ""
            if not number:
                return laws[law_id], None
            article = articles.get((law_id, number)) or self.upsert(
                Article, {"law": laws[law_id], "number": number[:60]}, {}
            )
            return laws[law_id], article

        for entry in content.get("thresholds") or []:
            citations = self.citations(country, entry)
            law, article = law_and_article(entry, citations)
            base = self.within_law(self.common(iso2, entry), law)
            for tier in entry["tiers"]:
                key = _key(iso2, "threshold", entry["substance"], entry.get("form_en") or "", entry.get("law") or "",
                           entry.get("basis") or "unspecified", entry["unit"], entry.get("kind") or "statutory",
                           entry.get("valid_from") or "", disputed_part(entry), tier["rank"])
                values = dict(base)
                values.update(
                    {"country": country, "substance": self.substances[entry["substance"]],
                     "substance_form": (entry.get("form_en") or "")[:120], "substance_form_ru": (entry.get("form_ru") or "")[:120],
                     "law": law, "article": article, "kind": entry.get("kind") or "statutory", "tier": tier["rank"],
                     "term": tier["term"][:200], "term_en": tier["term_en"][:200], "term_ru": tier["term_ru"][:200],
                     "amount": _decimal(tier.get("amount")), "amount_max": _decimal(tier.get("amount_max")),
                     "amount_in": tier.get("side") or Threshold.Side.UNSPECIFIED,
                     "amount_as_stated": str(tier.get("as_stated") or "")[:200], "unit": entry["unit"],
                     "counted_item": (entry.get("counted_item_en") or "")[:100],
                     "counted_item_ru": (entry.get("counted_item_ru") or "")[:100],
                     "basis": entry.get("basis") or "unspecified", "published": self.published(citations)}
                )
                self.upsert(Threshold, {"source_row": key}, values, m2m={"citations": citations})
                self.kept[Threshold].add(key)

        for entry in content.get("sanctions") or []:
            citations = self.citations(country, entry)
            law, article = law_and_article(entry, citations)
            key = _key(iso2, "sanction", sanction_key(entry))
            bands = entry.get("bands") or [None, None]
            fine, prison = entry.get("fine") or {}, entry.get("prison_months") or {}
            values = self.within_law(self.common(iso2, entry), law)
            values.update(
                {"country": country, "offence": entry["offence"], "offence_detail": (entry.get("offence_en") or "")[:300],
                 "offence_detail_ru": (entry.get("offence_ru") or "")[:300], "condition": entry["condition"],
                 "condition_detail_en": (entry.get("condition_en") or "")[:300],
                 "condition_detail_ru": (entry.get("condition_ru") or "")[:300],
                 "substance": self.substances.get(entry.get("substance") or ""), "band_from": bands[0], "band_to": bands[1],
                 "kind": entry.get("kind") or "statutory", "liability": entry["liability"], "law": law, "article": article,
                 "article_as_stated": str(entry.get("article") or "")[:300], "fine_min": _decimal(fine.get("min")),
                 "fine_max": _decimal(fine.get("max")), "fine_unit": (fine.get("unit") or "")[:120],
                 "fine_unit_ru": (fine.get("unit_ru") or "")[:120],
                 "detention_days_max": entry.get("detention_days_max"),
                 "community_work_hours_max": entry.get("community_work_hours_max"),
                 "prison_months_min": _decimal(prison.get("min")), "prison_months_max": _decimal(prison.get("max")),
                 "alternatives_note": entry.get("alternatives_en") or "",
                 "alternatives_note_ru": entry.get("alternatives_ru") or "",
                 "penalty_summary": entry["summary_en"][:500], "penalty_summary_ru": entry["summary_ru"][:500],
                 "published": self.published(citations)}
            )
            self.upsert(
                Sanction, {"source_row": key}, values,
                m2m={"citations": citations, "alternatives": [self.alternatives[a] for a in entry.get("alternatives") or []]},
            )
            self.kept[Sanction].add(key)

        status = content.get("status")
        if status:
            for slug, value in (("possession-personal-use", status.get("possession")), ("drug-use", status.get("use"))):
                if value:
                    self.load_indicator(country, {**status, "indicator": slug, "value": value})
        for entry in content.get("indicators") or []:
            self.load_indicator(country, entry)

        for law_id, law in laws.items():
            citations = list(dict.fromkeys(law_citations[law_id]))
            law.citations.set(citations)
            published = self.published(citations)
            if law.published != published:
                law.published = published
                law.save(update_fields=["published"])

    def load_indicator(self, country: Country, entry: dict) -> None:
        indicator = self.indicators[entry["indicator"]]
        value = next(v for v in indicator.values.all() if v.slug == entry["value"])
        key = _key(country.iso2, "indicator", entry["indicator"], disputed_part(entry))
        citations = self.citations(country, entry)
        as_of, as_of_precision = _date(entry.get("as_of"))
        values = self.common(country.iso2, entry)
        values.update(
            {"country": country, "indicator": indicator, "value": value, "as_of": as_of, "as_of_precision": as_of_precision,
             "evidence": entry["evidence_en"], "evidence_ru": entry["evidence_ru"], "reform": "", "reform_date": None,
             "reform_precision": "undated", "published": self.published(citations)}
        )
        self.upsert(Assessment, {"source_row": key}, values, m2m={"citations": citations})
        self.kept[Assessment].add(key)

    def remove_stale(self, iso2s: set[str]) -> None:
        """Bundled facts of curated countries that no file holds any more (raw rows included) are removed."""
        shared_keys = {k for k in self.kept[Assessment]}
        for model in (Threshold, Sanction, Assessment, Law):
            stale = model.objects.filter(country__iso2__in=iso2s).exclude(source_row="").exclude(source_row__in=self.kept[model])
            if model is Assessment:
                stale = stale.exclude(source_row__in=shared_keys)
            for fact in stale:
                if model is Law and (fact.thresholds.exists() or fact.sanctions.exists()):
                    continue  # an editor's own fact still refers to it
                fact.delete()
                self.tally.count(model, created=False, changed=True)


def load_curated(tally) -> None:
    CuratedLoader(tally).load()
