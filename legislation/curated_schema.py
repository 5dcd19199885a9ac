"""The format of the curated country files in fixtures/data/countries/ and the checks they must pass.

Pure Python (no Django), so `tools/validate_curated.py` can check a file before the data is loaded. The format is
described for people in fixtures/data/countries/README.md; this module is its enforcement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pycountry
import yaml

from legislation.units import is_currency_code

MAX_QUOTE_WORDS = 30

SOURCE_KINDS = {
    "legal_text": "A", "court": "A",
    "research": "B", "ngo_report": "B", "official": "B", "meeting_report": "B",
    "news": "C", "law_firm": "C",
    "website": "D", "other": "D",
}
GRADES = ("A", "B", "C", "D")
LAW_KINDS = {"criminal_code", "administrative_code", "drug_law", "government_decree", "ministerial_order",
             "court_decision", "guideline", "other"}
LAW_STATUSES = {"in_force", "repealed", "draft"}
SUBSTANCES = {"heroin", "opium", "acetylated-opium", "methadone", "morphine", "buprenorphine", "fentanyl", "cannabis",
              "hashish", "cocaine", "amphetamine", "methamphetamine", "mdma", "mephedrone", "alpha-pvp", "lsd",
              "any-controlled-drug"}
BASES = {"mixture", "pure", "unspecified"}
UNITS = {"g", "mg", "ml", "unit"}
SIDES = {"below", "above", "unspecified"}
FACT_KINDS = {"statutory", "case_law", "court_limit", "illustrative", "proposal"}
OFFENCES = {"use", "possession_personal", "purchase_personal", "cultivation_personal"}
CONDITIONS = {"first", "repeat", "aggravated", "any"}
LIABILITIES = {"administrative", "criminal", "none"}
ALTERNATIVES = {"treatment", "education", "rehabilitation", "social-reintegration", "diversion", "suspended-sentence"}
STATUS_VALUES = {
    "possession": {"criminal", "criminal-above-threshold", "administrative", "no-penalty"},
    "use": {"criminal", "administrative", "public-use-only", "no-penalty"},
}
INDICATORS = {
    "quantity-rule": {"statutory-table", "any-amount", "courts-decide"},
    "compulsory-treatment": {"practised", "court-ordered-only", "not-practised"},
    "ost-availability": {"banned", "not-available", "available"},
    "ost-in-prisons": {"banned", "not-available", "continuation-only", "available"},
    "nsp-availability": {"not-available", "available"},
    "drug-propaganda-law": {"in-force", "none"},
    "pwud-organisation-registration": {"obstructed", "possible"},
    "drug-user-registry": {"restrictive", "none"},
}
SHARED_FILE = "_shared.yaml"
# Each locator the curated files cite, with its Russian rendering (a citation's own `locator_ru` wins).
LOCATORS_FILE = Path(__file__).resolve().parent.parent / "fixtures" / "data" / "locators_ru.yaml"
GAP_TOPICS = {"status", "thresholds", "sanctions", "laws", *INDICATORS}

_COMMON_FACT = {"note_en", "note_ru", "editor_note", "valid_from", "valid_to", "disputed", "cite"}
KEYS = {
    "top": {"country", "sources", "laws", "thresholds", "sanctions", "status", "indicators", "gaps", "editor_note"},
    "gap": {"topic", "reason_en", "reason_ru"},
    "source": {"id", "title", "title_en", "url", "kind", "publisher", "date", "undated_reason", "grade", "grade_reason",
               "editor_note"},
    "law": {"id", "title_original", "original_language", "title_en", "title_ru", "kind", "reference", "reference_ru", "adopted_on",
            "latest_amendment", "status", "url", "articles", "summary_en", "summary_ru"} | _COMMON_FACT,
    "article": {"number", "title_en", "title_ru"},
    "cite": {"source", "locator", "locator_ru", "quote", "quote_language", "quote_en", "quote_ru", "describes",
             "editor_note"},
    "threshold": {"substance", "form_en", "form_ru", "law", "article", "basis", "unit", "counted_item_en",
                  "counted_item_ru", "tiers", "kind"} | _COMMON_FACT,
    "tier": {"rank", "term", "term_en", "term_ru", "amount", "amount_max", "side", "as_stated"},
    "sanction": {"key", "offence", "offence_en", "offence_ru", "condition", "condition_en", "condition_ru", "bands",
                 "substance", "liability", "law", "article", "fine", "detention_days_max", "community_work_hours_max",
                 "prison_months", "alternatives", "alternatives_en", "alternatives_ru", "summary_en", "summary_ru",
                 "kind"} | _COMMON_FACT,
    "fine": {"min", "max", "unit", "unit_ru"},
    "prison": {"min", "max"},
    "status": {"possession", "use", "as_of", "evidence_en", "evidence_ru"} | _COMMON_FACT,
    "indicator": {"indicator", "value", "as_of", "evidence_en", "evidence_ru", "country"} | _COMMON_FACT,
}

_DATE = re.compile(r"^(c\.\s*)?(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,118}$")


@dataclass(frozen=True)
class FuzzyDate:
    """A date as a source gives it: a day, a month, a year, or roughly a year."""

    value: date
    precision: str  # day | month | year | approximate


def parse_date(raw, *, today: date | None = None) -> FuzzyDate:
    """'2012-10-01', '2012-10', '2012', 'c. 2012' (or a YAML date) -> FuzzyDate; ValueError otherwise."""
    today = today or date.today()
    if isinstance(raw, datetime):
        raw = raw.date()
    if isinstance(raw, date):
        parsed = FuzzyDate(raw, "day")
    else:
        match = _DATE.match(str(raw).strip())
        if not match:
            raise ValueError(f"{raw!r} is not a date (write YYYY-MM-DD, YYYY-MM, YYYY or c. YYYY)")
        approx, year, month, day = match.groups()
        try:
            value = date(int(year), int(month or 1), int(day or 1))
        except ValueError as exc:
            raise ValueError(f"{raw!r} is not a real date") from exc
        precision = "approximate" if approx else "day" if day else "month" if month else "year"
        parsed = FuzzyDate(value, precision)
    if parsed.value.year < 1900:
        raise ValueError(f"{raw!r} is before 1900")
    if parsed.value > today:
        raise ValueError(f"{raw!r} is in the future")
    return parsed


def quote_words(text: str) -> int:
    return len([w for w in re.split(r"\s+", text.strip()) if w and w != "[...]"])


class Problems(list):
    def add(self, where: str, message: str) -> None:
        self.append(f"{where}: {message}")


def _check_keys(problems: Problems, where: str, data, allowed: set[str], required: tuple[str, ...] = ()) -> bool:
    if not isinstance(data, dict):
        problems.add(where, "must be a mapping")
        return False
    for key in sorted(set(data) - allowed):
        problems.add(where, f"unknown key {key!r}")
    for key in required:
        if data.get(key) in (None, "", []):
            problems.add(where, f"{key!r} is required")
    return True


def _check_date(problems: Problems, where: str, data: dict, key: str) -> None:
    if data.get(key) in (None, ""):
        return
    try:
        parse_date(data[key])
    except ValueError as exc:
        problems.add(where, f"{key}: {exc}")


def _check_choice(problems: Problems, where: str, data: dict, key: str, allowed, required: bool = True) -> None:
    value = data.get(key)
    if value in (None, ""):
        if required:
            problems.add(where, f"{key!r} is required")
        return
    if value not in allowed:
        problems.add(where, f"{key}: {value!r} is not one of {', '.join(sorted(allowed))}")


def _check_number(problems: Problems, where: str, value, label: str, positive: bool = False) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        problems.add(where, f"{label}: {value!r} is not a number (write 0.5, not '0,5' or '>0.5')")
    elif value < 0 or (positive and value == 0):
        problems.add(where, f"{label}: must be {'positive' if positive else 'zero or more'}")


def cites_of(fact: dict) -> list[dict]:
    cite = fact.get("cite")
    if cite is None:
        return []
    return cite if isinstance(cite, list) else [cite]


def read_locators(path: Path = LOCATORS_FILE) -> dict[str, str]:
    """The Russian rendering of each English locator (fixtures/data/locators_ru.yaml); ValueError when malformed."""
    if not path.exists():
        return {}
    try:
        data = read(path)
    except yaml.YAMLError as exc:
        raise ValueError(f"{path.name}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise ValueError(f"{path.name}: must map each locator to its Russian rendering")
    bad = [k for k, v in data.items() if not (isinstance(k, str) and k.strip() and isinstance(v, str) and v.strip())]
    if bad:
        raise ValueError(f"{path.name}: {', '.join(repr(k) for k in bad)}: a locator and its Russian rendering are "
                         "both non-empty text")
    return data


def russian_locator(cite: dict, locators: dict[str, str]) -> str:
    """A citation's locator in Russian: its own `locator_ru`, else the rendering locators_ru.yaml gives its locator."""
    own = str(cite.get("locator_ru") or "").strip()
    if own:
        return own
    locator = str(cite.get("locator") or "")
    return locators.get(locator, "") if locator.strip() else ""


def locator_problem(cite: dict, locators: dict[str, str]) -> str:
    """Why a citation's locator cannot be shown in Russian ("" when it can, or when there is no locator)."""
    locator = str(cite.get("locator") or "")
    if not locator.strip():
        return "locator_ru without a locator" if str(cite.get("locator_ru") or "").strip() else ""
    if russian_locator(cite, locators):
        return ""
    return (f"locator {locator!r} has no Russian rendering: add it to fixtures/data/{LOCATORS_FILE.name} "
            "or give the citation its own locator_ru")


def _check_cites(problems: Problems, where: str, fact: dict, source_ids: set[str] | None,
                 locators: dict[str, str] | None = None) -> None:
    cites = cites_of(fact)
    if not cites:
        problems.add(where, "cite is required: every fact rests on a source")
    for n, cite in enumerate(cites, start=1):
        at = f"{where} cite {n}"
        if not _check_keys(problems, at, cite, KEYS["cite"], ("source", "quote", "quote_en")):
            continue
        if source_ids is not None and cite.get("source") and cite["source"] not in source_ids:
            problems.add(at, f"source {cite['source']!r} is not defined in any file's sources")
        if cite.get("quote") and quote_words(str(cite["quote"])) > MAX_QUOTE_WORDS:
            problems.add(at, f"quote has {quote_words(str(cite['quote']))} words; at most {MAX_QUOTE_WORDS}")
        _check_date(problems, at, cite, "describes")
        if cite.get("quote_language") and not pycountry.languages.get(alpha_2=str(cite["quote_language"])):
            problems.add(at, f"quote_language {cite['quote_language']!r} is not an ISO 639-1 code")
        if locators is not None and (problem := locator_problem(cite, locators)):
            problems.add(at, problem)


def _check_fact_common(problems: Problems, where: str, fact: dict, source_ids, locators=None) -> None:
    _check_cites(problems, where, fact, source_ids, locators)
    _check_date(problems, where, fact, "valid_from")
    _check_date(problems, where, fact, "valid_to")
    if fact.get("valid_from") and fact.get("valid_to"):
        try:
            if parse_date(fact["valid_to"]).value <= parse_date(fact["valid_from"]).value:
                problems.add(where, "valid_to must come after valid_from")
        except ValueError:
            pass
    if bool(fact.get("note_en")) != bool(fact.get("note_ru")):
        problems.add(where, "a public note needs both note_en and note_ru")


def check_source(problems: Problems, where: str, source: dict) -> None:
    if not _check_keys(problems, where, source, KEYS["source"], ("id", "title", "kind")):
        return
    if source.get("id") and not _ID.match(str(source["id"])):
        problems.add(where, f"id {source['id']!r}: lower-case letters, digits and hyphens")
    _check_choice(problems, where, source, "kind", SOURCE_KINDS)
    url = source.get("url") or ""
    if url and not re.match(r"^https?://[^\s/]+\.[^\s/]+", str(url)):
        problems.add(where, f"url {url!r} is not an http(s) address with a host name")
    if url and re.match(r"^https?://\d+\.\d+\.\d+\.\d+", str(url)):
        problems.add(where, "a raw IP address is not a citable source")
    if source.get("date") in (None, "") and not source.get("undated_reason"):
        problems.add(where, "give the date (publication, or the act's latest amendment) or undated_reason")
    _check_date(problems, where, source, "date")
    if source.get("grade") not in (None, ""):
        _check_choice(problems, where, source, "grade", GRADES)
        if not source.get("grade_reason"):
            problems.add(where, "a grade override needs grade_reason")


def check_file(path: Path, data, source_ids: set[str] | None = None, locators: dict[str, str] | None = None) -> Problems:
    """Every problem in one file's data; `source_ids` are the sources of all files and `locators` the Russian
    renderings of locators (None: skip that check)."""
    problems = Problems()
    name = path.name
    shared = name == SHARED_FILE
    if not _check_keys(problems, name, data, KEYS["top"]):
        return problems
    country = data.get("country")
    if shared:
        for key in ("country", "laws", "thresholds", "sanctions", "status"):
            if key in data:
                problems.add(name, f"{key!r} belongs in a country's own file")
    else:
        if not (isinstance(country, str) and re.match(r"^[A-Z]{2}$", country)):
            problems.add(name, "country: the ISO 3166-1 alpha-2 code in capitals, e.g. RU")
        elif name != f"{country.lower()}.yaml":
            problems.add(name, f"the file for {country} is named {country.lower()}.yaml")

    for n, gap in enumerate(data.get("gaps") or [], start=1):
        where = f"{name} gaps[{n}]"
        if shared:
            problems.add(where, "gaps belong in a country's own file")
        elif _check_keys(problems, where, gap, KEYS["gap"], ("topic", "reason_en", "reason_ru")):
            _check_choice(problems, where, gap, "topic", GAP_TOPICS)

    for n, source in enumerate(data.get("sources") or [], start=1):
        check_source(problems, f"{name} sources[{n}] {source.get('id', '') if isinstance(source, dict) else ''}", source)

    laws = {}
    for n, law in enumerate(data.get("laws") or [], start=1):
        where = f"{name} laws[{n}] {law.get('id', '') if isinstance(law, dict) else ''}"
        if not _check_keys(problems, where, law, KEYS["law"], ("id", "title_en", "title_ru", "kind", "status")):
            continue
        if law.get("id") in laws:
            problems.add(where, "duplicate law id")
        laws[law.get("id")] = {str(a.get("number")) for a in law.get("articles") or [] if isinstance(a, dict)}
        _check_choice(problems, where, law, "kind", LAW_KINDS)
        _check_choice(problems, where, law, "status", LAW_STATUSES)
        if law.get("title_original") and not law.get("original_language"):
            problems.add(where, "title_original needs original_language")
        for key in ("adopted_on", "latest_amendment"):
            _check_date(problems, where, law, key)
        if law.get("status") == "repealed" and not law.get("valid_to"):
            problems.add(where, "a repealed law needs valid_to")
        if law.get("status") == "in_force" and law.get("valid_to"):
            problems.add(where, "a law with valid_to is not in force")
        for a, article in enumerate(law.get("articles") or [], start=1):
            _check_keys(problems, f"{where} articles[{a}]", article, KEYS["article"], ("number",))
        if law.get("cite") is not None:
            _check_fact_common(problems, where, law, source_ids, locators)
        else:
            _check_date(problems, where, law, "valid_from")

    def check_law_ref(where: str, fact: dict) -> None:
        law = fact.get("law")
        if law in (None, ""):
            return
        if law not in laws:
            problems.add(where, f"law {law!r} is not among this file's laws")
        elif fact.get("article") and laws[law] and str(fact["article"]) not in laws[law]:
            problems.add(where, f"article {fact['article']!r} is not listed under law {law!r}")

    table_keys = set()
    for n, threshold in enumerate(data.get("thresholds") or [], start=1):
        where = f"{name} thresholds[{n}] {threshold.get('substance', '') if isinstance(threshold, dict) else ''}"
        if not _check_keys(problems, where, threshold, KEYS["threshold"], ("substance", "tiers")):
            continue
        _check_choice(problems, where, threshold, "substance", SUBSTANCES)
        _check_choice(problems, where, threshold, "basis", BASES, required=False)
        _check_choice(problems, where, threshold, "unit", UNITS)
        _check_choice(problems, where, threshold, "kind", FACT_KINDS, required=False)
        if threshold.get("unit") == "unit" and not (threshold.get("counted_item_en") and threshold.get("counted_item_ru")):
            problems.add(where, "counted units need counted_item_en and counted_item_ru")
        if bool(threshold.get("form_en")) != bool(threshold.get("form_ru")):
            problems.add(where, "a form needs form_en and form_ru")
        check_law_ref(where, threshold)
        _check_fact_common(problems, where, threshold, source_ids, locators)
        key = (threshold.get("substance"), threshold.get("form_en") or "", threshold.get("law"), threshold.get("basis"),
               threshold.get("unit"), threshold.get("kind") or "statutory", str(threshold.get("valid_from") or ""),
               disputed_part(threshold))
        if key in table_keys:
            problems.add(where, "the same substance, form, law, basis, unit and validity appear twice; merge the tiers")
        table_keys.add(key)
        tiers = threshold.get("tiers")
        if not isinstance(tiers, list) or not tiers:
            problems.add(where, "tiers: a list of at least one tier")
            continue
        ranks, previous = set(), None
        for tier in sorted((t for t in tiers if isinstance(t, dict)), key=lambda t: t.get("rank") or 0):
            at = f"{where} tier {tier.get('rank')}"
            if not _check_keys(problems, at, tier, KEYS["tier"], ("rank", "term", "term_en", "term_ru")):
                continue
            if tier.get("rank") not in (1, 2, 3) or tier.get("rank") in ranks:
                problems.add(at, "rank is 1, 2 or 3, once each")
            ranks.add(tier.get("rank"))
            _check_choice(problems, at, tier, "side", SIDES, required=tier.get("amount") is not None)
            _check_number(problems, at, tier.get("amount"), "amount", positive=True)
            _check_number(problems, at, tier.get("amount_max"), "amount_max", positive=True)
            if tier.get("amount") is None and not tier.get("as_stated"):
                problems.add(at, "give amount, or as_stated where the act states no figure")
            amount = tier.get("amount")
            if isinstance(amount, (int, float)) and tier.get("amount_max") is not None:
                if isinstance(tier["amount_max"], (int, float)) and tier["amount_max"] <= amount:
                    problems.add(at, "amount_max must exceed amount")
            if isinstance(amount, (int, float)) and previous is not None and amount < previous:
                problems.add(at, f"tiers out of order: {amount} is below the previous tier's {previous}")
            if isinstance(amount, (int, float)):
                previous = amount

    sanction_keys = set()
    for n, sanction in enumerate(data.get("sanctions") or [], start=1):
        where = f"{name} sanctions[{n}]"
        if not _check_keys(problems, where, sanction, KEYS["sanction"],
                           ("offence", "condition", "liability", "summary_en", "summary_ru")):
            continue
        _check_choice(problems, where, sanction, "offence", OFFENCES)
        _check_choice(problems, where, sanction, "condition", CONDITIONS)
        _check_choice(problems, where, sanction, "liability", LIABILITIES)
        _check_choice(problems, where, sanction, "substance", SUBSTANCES, required=False)
        _check_choice(problems, where, sanction, "kind", FACT_KINDS, required=False)
        if sanction.get("condition") in ("repeat", "aggravated") and not (
            sanction.get("condition_en") and sanction.get("condition_ru")
        ):
            problems.add(where, "a repeat or aggravated condition needs condition_en and condition_ru")
        bands = sanction.get("bands")
        if bands is not None:
            if not (isinstance(bands, list) and len(bands) == 2 and isinstance(bands[0], int) and 0 <= bands[0] <= 3
                    and (bands[1] is None or (isinstance(bands[1], int) and bands[0] <= bands[1] <= 3))):
                problems.add(where, "bands: [from, to] with 0 <= from <= to <= 3, to may be null")
        fine = sanction.get("fine")
        if fine is not None and _check_keys(problems, f"{where} fine", fine, KEYS["fine"], ("unit",)):
            _check_number(problems, where, fine.get("min"), "fine min")
            _check_number(problems, where, fine.get("max"), "fine max")
            if isinstance(fine.get("min"), (int, float)) and isinstance(fine.get("max"), (int, float)) and fine["max"] < fine["min"]:
                problems.add(where, "fine max is below fine min")
            if not is_currency_code(str(fine["unit"])) and not fine.get("unit_ru"):
                problems.add(where, f"fine unit {fine['unit']!r} is not a currency code: give its Russian as unit_ru")
        prison = sanction.get("prison_months")
        if prison is not None and _check_keys(problems, f"{where} prison_months", prison, KEYS["prison"]):
            _check_number(problems, where, prison.get("min"), "prison min")
            _check_number(problems, where, prison.get("max"), "prison max")
            if isinstance(prison.get("min"), (int, float)) and isinstance(prison.get("max"), (int, float)) and prison["max"] < prison["min"]:
                problems.add(where, "prison max is below prison min")
        for key in ("detention_days_max", "community_work_hours_max"):
            if sanction.get(key) is not None and not isinstance(sanction[key], int):
                problems.add(where, f"{key}: a whole number")
        for alt in sanction.get("alternatives") or []:
            if alt not in ALTERNATIVES:
                problems.add(where, f"alternative {alt!r} is not one of {', '.join(sorted(ALTERNATIVES))}")
        if sanction.get("liability") == "none" and (fine or prison or sanction.get("detention_days_max")):
            problems.add(where, "a penalty is given, so liability cannot be none")
        check_law_ref(where, sanction)
        _check_fact_common(problems, where, sanction, source_ids, locators)
        key = sanction_key(sanction)
        if key in sanction_keys:
            problems.add(where, "two sanctions share offence, condition, bands, liability, article and substance; "
                                "give one of them a distinct `key`")
        sanction_keys.add(key)

    status = data.get("status")
    if status is not None:
        where = f"{name} status"
        if _check_keys(problems, where, status, KEYS["status"], ("evidence_en", "evidence_ru")):
            _check_choice(problems, where, status, "possession", STATUS_VALUES["possession"], required=False)
            _check_choice(problems, where, status, "use", STATUS_VALUES["use"], required=False)
            if not status.get("possession") and not status.get("use"):
                problems.add(where, "give possession, use, or both")
            _check_date(problems, where, status, "as_of")
            _check_fact_common(problems, where, status, source_ids, locators)

    seen_indicators = set()
    for n, entry in enumerate(data.get("indicators") or [], start=1):
        where = f"{name} indicators[{n}]"
        if not _check_keys(problems, where, entry, KEYS["indicator"], ("indicator", "value", "evidence_en", "evidence_ru")):
            continue
        _check_choice(problems, where, entry, "indicator", INDICATORS)
        if entry.get("indicator") in INDICATORS:
            _check_choice(problems, where, entry, "value", INDICATORS[entry["indicator"]])
        if shared:
            if not (isinstance(entry.get("country"), str) and re.match(r"^[A-Z]{2}$", entry["country"])):
                problems.add(where, "country: the ISO code in capitals (required in _shared.yaml)")
        elif entry.get("country") not in (None, country):
            problems.add(where, "country: only in _shared.yaml")
        elif not shared and entry.get("indicator") != "quantity-rule":
            problems.add(where, "a country's own file holds only the quantity-rule indicator; others go in _shared.yaml")
        _check_date(problems, where, entry, "as_of")
        _check_fact_common(problems, where, entry, source_ids, locators)
        key = (entry.get("country") or country, entry.get("indicator"), disputed_part(entry))
        if key in seen_indicators:
            problems.add(where, f"{key[1]} for {key[0]} given twice; mark both `disputed: <same key>` when sources disagree")
        seen_indicators.add(key)
    return problems


def disputed_part(fact: dict) -> str:
    """What tells apart two disputed facts on the same point: the group key and the first source each cites."""
    if not fact.get("disputed"):
        return ""
    cites = cites_of(fact)
    first = cites[0].get("source", "") if cites and isinstance(cites[0], dict) else ""
    return f"{fact['disputed']}|{first}|{fact.get('value', '')}"


def sanction_key(sanction: dict) -> str:
    if sanction.get("key"):
        return str(sanction["key"])
    bands = sanction.get("bands") or ["", ""]
    parts = [sanction.get("offence"), sanction.get("condition"), bands[0], bands[1], sanction.get("liability"),
             sanction.get("article") or "", sanction.get("substance") or "", sanction.get("kind") or ""]
    if sanction.get("disputed"):
        parts.append(disputed_part(sanction))
    return "-".join(str(p if p is not None else "") for p in parts)


def read(path: Path):
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh) or {}


def check_directory(directory: Path, only: list[Path] | None = None,
                    locators_file: Path = LOCATORS_FILE) -> tuple[dict[Path, object], Problems]:
    """Read every curated file; check the chosen ones (all by default) against the sources of all of them and the
    Russian renderings of locators in `locators_file`."""
    files = sorted(p.resolve() for p in directory.glob("*.yaml"))
    files += [p.resolve() for p in only or [] if p.resolve() not in files]
    data, problems = {}, Problems()
    try:
        locators = read_locators(locators_file)
    except ValueError as exc:
        problems.append(str(exc))
        locators = None
    for path in files:
        try:
            data[path] = read(path)
        except yaml.YAMLError as exc:
            problems.add(path.name, f"not valid YAML: {exc}")
    sources: dict[str, tuple[Path, dict]] = {}
    for path, content in data.items():
        for source in (content.get("sources") or []) if isinstance(content, dict) else []:
            if not isinstance(source, dict) or not source.get("id"):
                continue
            if source["id"] in sources:
                problems.add(path.name, f"source id {source['id']!r} is already defined in {sources[source['id']][0].name}")
            sources[source["id"]] = (path, source)
    chosen = [p.resolve() for p in only] if only else None
    for path, content in data.items():
        if chosen is None or path.resolve() in chosen:
            problems.extend(check_file(path, content, set(sources), locators))
    return data, problems


def progress_locator_problems(path: Path, locators: dict[str, str]) -> Problems:
    """The citations of the progress records (fixtures/recommendations/progress.yaml) whose locator has no Russian
    rendering, one problem each naming the file, the record and the locator."""
    problems = Problems()
    records = (read(path).get("progress") or []) if path.exists() else []
    for record in records:
        ref = record.get("recommendation") or {}
        where = f"{path.name} progress record {record.get('country', '')} {ref.get('source', '')} {ref.get('ref', '')}"
        for n, cite in enumerate(cites_of(record), start=1):
            if isinstance(cite, dict) and (problem := locator_problem(cite, locators)):
                problems.add(f"{where} cite {n}", problem)
    return problems
