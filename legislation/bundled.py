"""Loading the sourced legal facts in fixtures/data/ (thresholds, sanctions, legal status).

Each CSV row keeps its source, quote and year as a citation. The `notes` flags decide what a fact is:
HISTORICAL facts get an end of validity, a PROPOSAL is a draft, LOW-RELIABILITY marks the source, a CONFLICT
marks both facts as disputed with each other, ILLUSTRATIVE examples and court-made limits keep their own kind.
What the rows cannot say by themselves (when a superseded rule ended, which rows contradict which) is stated
here, next to the rule that uses it.
"""

import csv
import re
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from urllib.parse import urlparse

from django.conf import settings
from django.utils.text import slugify

from countries.models import Assessment, Citation, Country, Indicator, Source
from legislation.models import Alternative, Article, FactKind, Law, Sanction, Substance, Threshold
from policyhub.dates import Precision, parse_source_year

DATA = Path(settings.BASE_DIR) / "fixtures" / "data"
FILES = ("thresholds", "sanctions", "status")

# When superseded or dated rules applied, by (country, instrument as written). Dates stated in the rows' own
# instrument or notes; where a row says only a year, the year's precision is kept.
VALIDITY = {
    ("RU", "Government Decree No. 1002 of 1 Oct 2012 (for CC arts 228, 228.1, 229, 229.1)"):
        ((2012, 10, 1), "day", None, None),
    ("RU", "Government rules on 'large' amounts in force from 11 Feb 2006 (decree number not stated in source)"):
        ((2006, 2, 11), "day", (2012, 10, 1), "day"),
    ("RU", "Government resolution on average single doses (Regulation No. 231 of 6 May 2004 per "
           "sputniknews.com/20040603/39762107.html); CC amendment Dec 2003"):
        ((2004, 5, 6), "day", (2006, 2, 11), "day"),
    ("UA", "Ministry of Health Order No. 188 of 01.08.2000, Table 2 (psychotropic substances)"):
        ((2000, 8, 1), "day", None, None),
    ("UA", "MoH Order No. 188 as amended in 2010 (Order No. 634 of 29.07.2010 per rada/parus pages)"):
        ((2010, 7, 29), "day", None, None),
    ("CZ", "Government Regulation No. 467/2009 Coll. (per konopa.cz), in force 1 Jan 2010; later annulled by "
           "Constitutional Court"):
        ((2010, 1, 1), "day", (2014, 1, 1), "year"),
    ("CZ", "Supreme Court ruling of 13 March 2014 (published 9 April 2014)"): ((2014, 3, 13), "day", None, None),
    ("CZ", "Supreme Court ruling (Brno), 2014, after Constitutional Court annulled the government regulation"):
        ((2014, 3, 13), "day", None, None),
    ("HU", "Penal Code §283 (pre-2013 code) per source"): ((1999, 1, 1), "approximate", (2013, 7, 1), "day"),
    ("GE", "Constitutional Court judgment N1/4/592 of 24 Oct 2015 (Tsikarishvili v. Parliament)"):
        ((2015, 10, 24), "day", None, None),
    ("GE", "Constitutional Court ruling of 15 Feb 2017"): ((2017, 2, 15), "day", None, None),
    # The row's notes name Government Decree No. 470 of 3 July 2019 as the table that replaced it.
    ("KZ", "Amendments signed 26 June 2008 / government summary table (not named in source)"):
        ((2008, 6, 26), "day", (2019, 7, 3), "day"),
    ("MD", "Ministry of Health synthetic table No. 1501 of 15.01.1997 (Standing Committee on Drug Control)"):
        ((1997, 1, 15), "day", (2006, 1, 23), "day"),
}

# Rules that ended while their law stayed in force: Georgia's statutory 'large amount' for dried cannabis
# stopped deciding imprisonment with the Constitutional Court's judgment of 24 Oct 2015.
RULE_ENDS = {
    ("GE", "Law on Narcotic Drugs, Psychotropic Substances and Precursors and Narcological Assistance, Appendix 2 "
           "(cell 92) per constcourt.ge N1/4/592"): (None, None, (2015, 10, 24), "day"),
}

# Instruments written differently in different rows that are the same legal act.
SAME_INSTRUMENT = {
    "Supreme Court ruling (Brno), 2014, after Constitutional Court annulled the government regulation":
        "Supreme Court ruling of 13 March 2014 (published 9 April 2014)",
    "MoH Order No. 188 as amended in 2010": "MoH Order No. 188 as amended in 2010 (Order No. 634 of 29.07.2010 per rada/parus pages)",
}

# Sanction rows whose end the sources state elsewhere: (file row) -> (valid_to, precision).
SANCTION_ENDS = {
    "sanctions.csv:70": ((2013, 1, 1), "month"),  # HR: small-quantity possession a misdemeanour since January 2013
    "sanctions.csv:28": ((2022, 1, 1), "approximate"),  # AM 2008 bill: the EMCDDA picture of c.2022 replaced it
    "sanctions.csv:14": ((2021, 3, 1), "day"),  # BY: the pre-2021 administrative code, replaced 1 March 2021
}

# Facts that contradict each other, by data row; each group is shown as disputed until an editor resolves it.
CONFLICTS = {
    "lt-heroin-small": ["thresholds.csv:52", "thresholds.csv:53"],
    "md-small-possession-fine": ["sanctions.csv:17", "sanctions.csv:18"],
    "kz-public-use-penalty": ["sanctions.csv:31", "sanctions.csv:35"],
    "lt-use-offence": ["sanctions.csv:46"],
    "si-small-possession-penalty": ["sanctions.csv:67", "sanctions.csv:68"],
    "al-possession-status": ["status.csv:25", "extra_status.csv:5"],
}

# Quantity bands a sanction row applies to, where the offence wording alone does not tell: row -> (from, to).
BANDS = {
    "sanctions.csv:39": (1, 1),  # TJ: 'small' is the second step after 'minor'
    "sanctions.csv:40": (2, 2),  # TJ: 'considerable'
    "sanctions.csv:51": (1, None),  # PL: significant amount and above
}

# The legal-environment values each status row supports. The row's own wording is kept as the evidence.
STATUS_VALUES = {
    "UA": ("administrative", "criminal-above-threshold"),
    "RU": ("administrative", "criminal-above-threshold"),
    "BY": ("public-use-only", "criminal"),
    "MD": ("administrative", "criminal-above-threshold"),
    "GE": ("administrative", "criminal-above-threshold"),
    "AM": ("administrative", "criminal-above-threshold"),
    "AZ": ("administrative", "criminal-above-threshold"),
    "KZ": ("public-use-only", "criminal"),
    "KG": (None, "criminal"),
    "TJ": ("no-penalty", "criminal-above-threshold"),
    "EE": ("administrative", "criminal-above-threshold"),
    "LV": ("administrative", "criminal-above-threshold"),
    "LT": ("administrative", "criminal"),
    "PL": ("no-penalty", "criminal"),
    "CZ": ("no-penalty", "criminal-above-threshold"),
    "SK": ("no-penalty", "criminal"),
    "HU": ("criminal", "criminal"),
    "RO": ("no-penalty", "criminal"),
    "BG": ("administrative", "criminal-above-threshold"),
    "HR": ("administrative", "administrative"),
    "SI": ("no-penalty", "administrative"),
    "XK": (None, "criminal"),
    "ME": (None, "criminal"),
    "AL": (None, "criminal"),
    "RS": (None, "criminal"),
    "MK": (None, "criminal"),
    # Rows added to extend the coverage, by row.
    "extra_status.csv:2": (None, "criminal"),  # UZ
    "extra_status.csv:3": ("criminal", None),  # TM, from a low-reliability source
    "extra_status.csv:4": ("administrative", "criminal"),  # BA: criminal in the Federation, a misdemeanour elsewhere
    "extra_status.csv:5": (None, "no-penalty"),  # AL: small doses for personal use exempt from criminal liability
}

FLAG = re.compile(r"(?:^|[.;]\s+)(HISTORICAL|PROPOSAL|LOW-RELIABILITY|CONFLICT|ILLUSTRATIVE)\b")


def flags(notes: str) -> set[str]:
    """The flags a row's notes open with (or open a sentence with); a flag merely mentioned mid-sentence is not one."""
    return set(FLAG.findall(notes or ""))

LOW_RELIABILITY_NOTE = re.compile(r"low-moderate reliability|lower reliability|unreliable|low confidence", re.IGNORECASE)
LOW_RELIABILITY_HOST = re.compile(r"wiki|blog|pages\.dev|cannabis|weed|oglab|benzinga", re.IGNORECASE)


def read_rows(kind: str, skip: set[str] = frozenset()):
    """Rows of the shared file and of its extension (extra_<kind>.csv), each with its file:line key.

    Rows of the countries in `skip` (those with a curated file) are left out.
    """
    for name in (f"{kind}.csv", f"extra_{kind}.csv"):
        path = DATA / name
        if not path.exists():
            continue
        with open(path, encoding="utf-8", newline="") as fh:
            for line, row in enumerate(csv.DictReader(fh), start=2):
                if (row.get("country_iso2") or "").strip() in skip:
                    continue
                yield f"{name}:{line}", {k: (v or "").strip() for k, v in row.items()}


def superseded_after(row: dict) -> tuple:
    """A HISTORICAL row whose end no source dates: it applied in the year described and ended some time after."""
    if "HISTORICAL" not in flags(row.get("notes", "")):
        return (None, None, None, None)
    described, _precision = parse_source_year(row.get("year", ""))
    if described is None:
        raise ValueError(f"A historical row has neither a period nor a year: {row.get('source')}")
    return (None, None, (described.year + 1, 1, 1), Precision.APPROXIMATE)


def _date(parts):
    return date(*parts) if parts else None


def _decimal(text: str) -> Decimal | None:
    text = (text or "").replace(",", "").strip()
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def quote_language(quote: str) -> str:
    if re.search(r"[ә]|ə", quote):
        return "az"
    if re.search(r"[іїєґ]", quote, re.IGNORECASE):
        return "uk"
    if re.search(r"[а-яё]", quote, re.IGNORECASE):
        return "ru"
    if re.search(r"[ąčęėįšųūž]", quote, re.IGNORECASE):
        return "lt"
    if re.search(r"[ăâîșțş]", quote, re.IGNORECASE):
        return "ro"
    if re.search(r"[řěůň]", quote, re.IGNORECASE):
        return "cs"
    if re.search(r"[äöüß]", quote, re.IGNORECASE):
        return "de"
    return "en"


def _source_kind(host: str) -> str:
    if re.search(r"rada\.gov|lex\.justice|adilet|parus|constcourt|zakon", host):
        return Source.Kind.LEGAL_TEXT
    if re.search(r"emcdda|euda|unodc|wikileaks", host):
        return Source.Kind.OFFICIAL if "wikileaks" in host else Source.Kind.RESEARCH
    if re.search(r"harmreductioneurasia|hrw|idpc|liberties|socialjustice|drugpolicyfacts|drugwarfacts|drugscience", host):
        return Source.Kind.NGO_REPORT
    if re.search(r"rferl|azattyq|kun\.uz|kazinform|tass|interfax|rbc\.ru|ria\.ru|bbc|euronews|24ur|siol|rp\.pl|avaz|unn\.ua", host):
        return Source.Kind.NEWS
    # Anything not known as the law, a report or news is unverified until an editor classifies it.
    return Source.Kind.WEBSITE


class Loader:
    def __init__(self, tally, skip: set[str] = frozenset()):
        self.tally = tally
        self.skip = skip
        self.countries = {c.iso2: c for c in Country.objects.all()}
        self.substances = list(Substance.objects.all())
        self.alternatives = {a.slug: a for a in Alternative.objects.all()}
        self.disputed = {row: group for group, rows in CONFLICTS.items() for row in rows}

    def dispute_group(self, key: str, row: dict, topic: str) -> str:
        """The explicit group for a row, or for a CONFLICT-flagged row of its own kind, country and topic."""
        if key in self.disputed:
            return self.disputed[key]
        if "CONFLICT" in flags(row.get("notes", "")):
            return slugify(f"{row['country_iso2']}-{topic}")[:60]
        return ""

    def upsert(self, model, lookup: dict, values: dict, m2m: dict | None = None):
        from policyhub.bundled import upsert

        return upsert(model, self.tally, lookup, values, m2m)

    # -- sources and citations -------------------------------------------------------------------------------
    @staticmethod
    def split_source(text: str) -> tuple[str, str]:
        match = re.match(r"(\S+)\s*(?:\((.*)\))?\s*$", text)
        url, note = (match.group(1), match.group(2) or "") if match else (text, "")
        return (url if url.startswith("http") else "https://" + url), note

    def load_sources(self):
        """One source per URL: titled by the first note given for it, low reliability if any row says so."""
        found: dict[str, dict] = {}
        for kind in FILES:
            for _key, row in read_rows(kind, self.skip):
                url, note = self.split_source(row["source"])
                host = urlparse(url).netloc.rstrip(".")
                entry = found.setdefault(url, {"title": note or host, "host": host, "low": False})
                entry["low"] |= bool(
                    "LOW-RELIABILITY" in flags(row.get("notes", ""))
                    or LOW_RELIABILITY_NOTE.search(row.get("notes", ""))
                    or LOW_RELIABILITY_HOST.search(host)
                )
        self.sources = {}
        for url, entry in found.items():
            existing = Source.objects.filter(url=url).first()
            slug = existing.slug if existing else self._unique_slug(slugify(f"{entry['host']}-{urlparse(url).path}")[:110].strip("-"))
            self.sources[url] = self.upsert(
                Source, {"url": url},
                {"slug": slug, "title": entry["title"][:500], "publisher": entry["host"], "kind": _source_kind(entry["host"]),
                 "reliability": Source.Reliability.LOW if entry["low"] else Source.Reliability.STANDARD,
                 "undated_reason": "The raw data row gives only the year the source describes, not its date."},
            )

    def source(self, text: str) -> Source:
        return self.sources[self.split_source(text)[0]]

    def _unique_slug(self, slug: str) -> str:
        candidate, n = slug, 2
        while Source.objects.filter(slug=candidate).exists():
            candidate, n = f"{slug}-{n}", n + 1
        return candidate

    def citation(self, key: str, row: dict, country: Country, locator: str) -> Citation:
        described_on, precision = parse_source_year(row.get("year", ""))
        return self.upsert(
            Citation,
            {"source": self.source(row["source"]), "country": country, "locator": locator[:300], "quote": row["quote"],
             "described_on": described_on, "note": row.get("notes", "")},
            {"quote_language": quote_language(row["quote"]), "described_precision": precision},
        )

    # -- laws ------------------------------------------------------------------------------------------------
    def law(self, country: Country, title: str, *, kind: str, status: str = Law.Status.IN_FORCE,
            valid=(None, None, None, None), citation: Citation | None = None) -> Law:
        valid_from, from_precision, valid_to, to_precision = valid
        if valid_to and status == Law.Status.IN_FORCE:
            status = Law.Status.REPEALED
        law = self.upsert(
            Law, {"country": country, "title_en": title[:500]},
            {"kind": kind, "status": status, "valid_from": _date(valid_from),
             "valid_from_precision": from_precision or Precision.UNDATED, "valid_to": _date(valid_to),
             "valid_to_precision": to_precision or Precision.DAY},
        )
        if citation is not None and not law.citations.filter(pk=citation.pk).exists():
            law.citations.add(citation)
        return law

    @staticmethod
    def law_kind(title: str) -> str:
        lowered = title.lower()
        ordered = [
            (r"^(government|cabinet)\b.*(decree|decision|resolution|regulation|rules)", Law.Kind.GOVERNMENT_DECREE),
            (r"^(ministry|minister|moh)\b|table", Law.Kind.MINISTERIAL_ORDER),
            (r"^(supreme|constitutional) court", Law.Kind.COURT_DECISION),
            (r"\bcc\b|criminal|\bpenal\b", Law.Kind.CRIMINAL_CODE),
            (r"\bcao\b|administrative|contravention", Law.Kind.ADMINISTRATIVE_CODE),
            (r"decree|decision|resolution|regulation|rules|amendments", Law.Kind.GOVERNMENT_DECREE),
            (r"\bact\b|\blaw\b", Law.Kind.DRUG_LAW),
        ]
        for pattern, kind in ordered:
            if re.search(pattern, lowered):
                return kind
        return Law.Kind.OTHER

    def law_and_article(self, country: Country, article_text: str, citation: Citation):
        """Split 'CC art. 228(1)' into the Criminal Code and its article 228(1)."""
        text = article_text.strip()
        if not text or text in {"-", "not stated"}:
            return None, None
        text = re.sub(r"\s*\((?:not named in source|article not stated|not stated|as given)[^)]*\)", "", text).strip()
        number = None
        match = re.search(r"(?:\barticles?|\barts?\.?|§)\s*(\d[\w.()\-]*(?:\s*(?:and|parts?)\s*[\w.()\-]+)*)", text)
        if match:
            number = match.group(1).strip(" ,")
        title = text[: match.start()].strip(" ,") if match else text
        title = re.sub(r"\s*\((?:article|art\.)[^)]*\)?$", "", title).strip(" ,(")
        title = re.sub(r"^CC\b", "Criminal Code", title)
        title = re.sub(r"^CAO\b", "Code of Administrative Offences", title)
        title = re.sub(r",\s*in force.*$", "", title)
        if not title:
            return None, None
        law = self.law(country, title, kind=self.law_kind(title), citation=citation)
        article = None
        if number:
            article = self.upsert(Article, {"law": law, "number": number[:60]}, {})
        return law, article

    # -- substances ------------------------------------------------------------------------------------------
    def substance(self, text: str) -> tuple[Substance, str]:
        """Match a row's substance to the substance list; what qualifies it (dried, resin, plants) is kept as its form."""
        lowered = text.lower().strip()
        base = re.split(r"[(,]", lowered)[0].strip()
        qualifiers = [q.strip(" )") for q in re.findall(r"\(([^)]*)\)|,\s*([^,(]+)", lowered) for q in q if q.strip()]
        by_name = []
        for substance in self.substances:
            names = {substance.slug, substance.name_en.lower(), *(s.lower() for s in substance.synonym_list)}
            by_name.append((substance, names))
            if lowered in names or base in names or base.replace(" ", "-") == substance.slug:
                return substance, self._form(substance, names, qualifiers)
        if base.startswith("all "):
            return self.substances_by_slug()["any-controlled-drug"], ""
        for substance, names in by_name:
            for name in sorted(names, key=len, reverse=True):
                if len(name) > 3 and base.startswith(name + " "):
                    rest = base[len(name):].strip()
                    return substance, ", ".join([rest, *self._form(substance, names, qualifiers).split(", ")]).strip(", ")
        raise ValueError(f"Substance {text!r} is not in the substance list.")

    @staticmethod
    def _form(substance, names, qualifiers) -> str:
        """Qualifiers that are not just another name of the substance: 'dried', 'fresh marijuana', 'plants'."""
        kept = [q for q in qualifiers if q not in names and q not in {"marijuana", "ecstasy", "cannabis resin"}]
        return ", ".join(kept)

    # -- thresholds ------------------------------------------------------------------------------------------
    @staticmethod
    def parse_amounts(amount: str, unit: str) -> list[dict]:
        """The source's notation -> one or more (amount, side, unit) readings."""
        readings = []
        for part in re.split(r"\s+or\s+", amount):
            part = part.strip()
            unit_here = unit
            words = re.match(r"^(.*?\d)\s+([a-z].*)$", part)
            if words and "/" in unit:
                part, unit_here = words.group(1), words.group(2)
            reading = {"as_stated": part, "amount": None, "amount_max": None, "side": Threshold.Side.UNSPECIFIED,
                       "unit": unit_here}
            if m := re.match(r"^([<>≤≥])\s*([\d.]+)", part):
                reading["amount"] = Decimal(m.group(2))
                reading["side"] = Threshold.Side.ABOVE if m.group(1) == "≥" else Threshold.Side.BELOW
            elif m := re.match(r"^([\d.]+)\s*[–-]\s*([\d.]+)$", part):
                reading.update(amount=Decimal(m.group(1)), amount_max=Decimal(m.group(2)), side=Threshold.Side.ABOVE)
            elif m := re.match(r"^([\d.]+)(?:\s|$)", part):
                reading["amount"] = Decimal(m.group(1)) or None  # "0 (any amount)" states no threshold
            elif m := re.search(r"≥\s*(\d+)", part):
                reading.update(amount=Decimal(m.group(1)), side=Threshold.Side.ABOVE)
            readings.append(reading)
        return readings

    @staticmethod
    def unit_fields(unit: str) -> tuple[str, str, bool]:
        """(unit, counted item, pure) for the row's unit."""
        unit = unit.strip()
        if unit in {"g", "mg", "ml"}:
            return unit, "", False
        if unit == "g THC":
            return "g", "", True
        if unit in {"", "-"}:
            return "g", "", False
        if m := re.match(r"^(g|mg|ml)\b", unit):
            return m.group(1), "", False
        return "unit", unit, False

    @staticmethod
    def threshold_kind(row: dict) -> str:
        marked, instrument, tier = flags(row["notes"]), row["instrument"].lower(), row["tier"].lower()
        if "PROPOSAL" in marked or "proposed" in tier:
            return FactKind.PROPOSAL
        if "ILLUSTRATIVE" in marked or "example" in tier:
            return FactKind.ILLUSTRATIVE
        if "judicial limit" in tier or "court-made limit" in row["notes"].lower():
            return FactKind.COURT_LIMIT
        if re.match(r"(supreme|constitutional) court", instrument):
            return FactKind.CASE_LAW
        return FactKind.STATUTORY

    def load_thresholds(self):
        rows = list(read_rows("thresholds", self.skip))
        prepared = []
        for key, row in rows:
            country = self.countries[row["country_iso2"]]
            substance, form = self.substance(row["substance"])
            instrument = SAME_INSTRUMENT.get(row["instrument"], row["instrument"])
            kind = self.threshold_kind(row)
            for reading in self.parse_amounts(row["amount"], row["unit"]):
                unit, counted, pure = self.unit_fields(reading["unit"])
                basis = "pure" if pure else (row["basis"] or "unspecified")
                prepared.append((key, row, country, substance, form, instrument, kind, reading, unit, counted, basis))
        # Rank the law's terms within the same country, substance, instrument, basis and unit by their smallest
        # amount ('none' first); rows with the same term (two sources for one tier) share a rank.
        groups: dict[tuple, list] = {}
        for item in prepared:
            key, row, country, substance, form, instrument, kind, reading, unit, counted, basis = item
            groups.setdefault((country.iso2, substance.slug, instrument, basis, unit, counted), []).append(item)
        for items in groups.values():
            lowest: dict[str, tuple] = {}
            for item in items:
                amount = item[7]["amount"]
                candidate = (amount is not None, amount or 0)
                lowest[item[1]["tier"]] = min(lowest.get(item[1]["tier"], candidate), candidate)
            terms = sorted(lowest, key=lowest.get)
            for item in items:
                self.save_threshold(item, min(terms.index(item[1]["tier"]) + 1, 3))

    def save_threshold(self, item, tier: int):
        key, row, country, substance, form, instrument, kind, reading, unit, counted, basis = item
        law_valid = VALIDITY.get((country.iso2, instrument)) or VALIDITY.get((country.iso2, row["instrument"]))
        valid = law_valid or RULE_ENDS.get((country.iso2, row["instrument"])) or superseded_after(row)
        citation = self.citation(key, row, country, locator=instrument)
        law_status = Law.Status.DRAFT if kind == FactKind.PROPOSAL else Law.Status.IN_FORCE
        law = self.law(country, instrument, kind=self.law_kind(instrument), status=law_status,
                       valid=law_valid or (None, None, None, None),
                       citation=citation) if instrument and not instrument.startswith("not named") else None
        group = self.dispute_group(key, row, f"threshold-{substance.slug}")
        threshold = self.upsert(
            Threshold,
            {"source_row": key, "unit": unit, "counted_item": counted[:100]},
            {"country": country, "substance": substance, "substance_form": form, "law": law, "kind": kind,
             "tier": tier, "term": row["tier"][:200], "amount": reading["amount"], "amount_max": reading["amount_max"],
             "amount_in": reading["side"], "amount_as_stated": reading["as_stated"][:200], "basis": basis,
             "valid_from": _date(valid[0]), "valid_from_precision": valid[1] or Precision.UNDATED,
             "valid_to": _date(valid[2]), "valid_to_precision": valid[3] or Precision.DAY,
             "disputed": bool(group), "dispute_group": group, "dispute_note": "",
             "note": row["notes"]},
            m2m={"citations": [citation]},
        )
        return threshold

    # -- sanctions -------------------------------------------------------------------------------------------
    @staticmethod
    def offences(text: str) -> list[str]:
        head = re.split(r"\s*[(\-]", text, maxsplit=1)[0].lower()
        words = {
            Sanction.Offence.USE: r"\buse\b", Sanction.Offence.POSSESSION_PERSONAL: r"possession",
            Sanction.Offence.PURCHASE_PERSONAL: r"purchase", Sanction.Offence.CULTIVATION_PERSONAL: r"cultivation",
            Sanction.Offence.SUPPLY: r"supply", Sanction.Offence.TRAFFICKING: r"trafficking",
        }
        found = [offence for offence, pattern in words.items() if re.search(pattern, head)]
        return found or [Sanction.Offence.OTHER]

    @staticmethod
    def band(text: str) -> tuple[int | None, int | None]:
        t = text.lower()
        rules = [
            (r"small; first time", (0, 0)),
            (r"any amount|first[- ]time|repeat|e\.g\.", (None, None)),
            (r"above small, below large", (1, 1)),
            (r"more than small|greater than small|larger amounts|above small", (1, None)),
            (r"very large|extremely large|especially large", (3, None)),
            (r"below 'significant'", (0, 0)),
            (r"significant", (1, 1)),
            (r"considerable", (2, 2)),
            (r"3-10 single doses", (1, 1)),
            (r"\blarge\b", (2, 2)),
            (r"small|minor|personal-consumption quantity|up to 3 doses", (0, 0)),
        ]
        for pattern, band in rules:
            if re.search(pattern, t):
                return band
        return None, None

    @staticmethod
    def liability(text: str) -> str:
        word = text.split()[0].lower() if text else ""
        return {"criminal": "criminal", "administrative": "administrative", "none": "none"}.get(word, "unclear")

    def alternatives_for(self, text: str) -> list[Alternative]:
        t = text.lower()
        rules = {
            "treatment": r"treatment|therap",
            "rehabilitation": r"rehabilit",
            "suspended-sentence": r"suspend",
            "diversion": r"release from|exemption|discontinu|diversion|lead pilot|remission|suspension of prosecution|instead of",
            "education": r"educat|programme|program\b",
            "social-reintegration": r"reintegrat|integrated assistance",
        }
        return [self.alternatives[slug] for slug, pattern in rules.items() if re.search(pattern, t)]

    def load_sanctions(self):
        for key, row in read_rows("sanctions", self.skip):
            country = self.countries[row["country_iso2"]]
            citation = self.citation(key, row, country, locator=row["article"])
            law, article = self.law_and_article(country, row["article"], citation)
            band = BANDS.get(key) or self.band(row["offence"])
            ends = SANCTION_ENDS.get(key)
            if ends is None and "HISTORICAL" in flags(row["notes"]):
                ends = superseded_after(row)[2:]
            since = re.search(r"since (January|Jan) (\d{4})", row["year"])
            group = self.dispute_group(key, row, f"sanction-{row['offence'][:30]}")
            substance = self.substances_by_slug().get("cannabis") if re.search(r"cannabis|marijuana", row["offence"]) else None
            for offence in self.offences(row["offence"]):
                self.upsert(
                    Sanction, {"source_row": key, "offence": offence},
                    {"country": country, "offence_detail": row["offence"][:300], "substance": substance,
                     "band_from": band[0], "band_to": band[1],
                     "kind": FactKind.PROPOSAL if "PROPOSAL" in flags(row["notes"]) else FactKind.STATUTORY,
                     "liability": self.liability(row["liability"]), "law": law, "article": article,
                     "article_as_stated": row["article"][:300],
                     "fine_min": _decimal(row["fine_min"]), "fine_max": _decimal(row["fine_max"]),
                     "fine_unit": row["fine_unit"][:120], "detention_days_max": int(row["detention_days_max"]) if row["detention_days_max"] else None,
                     "prison_months_min": _decimal(row["prison_months_min"]),
                     "prison_months_max": _decimal(row["prison_months_max"]),
                     "alternatives_note": row["alternatives"], "penalty_summary": row["penalty_summary"][:500],
                     "valid_from": date(int(since.group(2)), 1, 1) if since else None,
                     "valid_from_precision": Precision.MONTH if since else Precision.UNDATED,
                     "valid_to": _date(ends[0]) if ends else None, "valid_to_precision": ends[1] if ends else Precision.DAY,
                     "disputed": bool(group), "dispute_group": group, "dispute_note": "",
                     "note": row["notes"]},
                    m2m={"citations": [citation], "alternatives": self.alternatives_for(row["alternatives"])},
                )

    def unpublish_unverified(self):
        """Raw rows whose only sources are unverified (grade D) stay in the database for editors, unpublished."""
        from countries.models import Grade

        for model in (Threshold, Sanction, Assessment, Law):
            facts = model.objects.filter(published=True).exclude(country__iso2__in=self.skip)
            if model is not Law:  # laws of the raw rows carry no row key
                facts = facts.exclude(source_row="")
            for fact in facts.prefetch_related("citations__source"):
                grades = [c.source.grade for c in fact.citations.all()]
                if not grades or min(grades) == Grade.D:
                    fact.published = False
                    fact.save(update_fields=["published"])
                    self.tally.count(model, created=False, changed=True)

    def substances_by_slug(self):
        return {s.slug: s for s in self.substances}

    # -- legal status ----------------------------------------------------------------------------------------
    def load_status(self):
        indicators = {i.slug: i for i in Indicator.objects.prefetch_related("values")}
        for key, row in read_rows("status", self.skip):
            iso2 = row["country_iso2"]
            country = self.countries[iso2]
            use_value, possession_value = STATUS_VALUES.get(key) or STATUS_VALUES[iso2]
            group = self.dispute_group(key, row, "status")
            citation = self.citation(key, row, country, locator="")
            reform_date, reform_precision = parse_source_year(row["last_reform_year"].split(";")[0])
            if row["last_reform_year"].startswith("not determined"):
                reform_date, reform_precision = None, Precision.UNDATED
            for slug, value_slug, evidence in (
                ("drug-use", use_value, row["use_status"]),
                ("possession-personal-use", possession_value, row["possession_status"]),
            ):
                if value_slug is None:
                    continue
                indicator = indicators[slug]
                value = next(v for v in indicator.values.all() if v.slug == value_slug)
                self.upsert(
                    Assessment, {"source_row": key, "indicator": indicator},
                    {"country": country, "value": value, "evidence": evidence, "disputed": bool(group),
                     "dispute_group": group, "dispute_note": "",
                     "reform": row["last_reform_year"][:500], "reform_date": reform_date,
                     "reform_precision": reform_precision, "note": row["notes"]},
                    m2m={"citations": [citation]},
                )


def load_legal_data(tally) -> None:
    """Sourced legal facts from fixtures/data/: the curated country files, and the raw rows of other countries."""
    from legislation.curated import load_curated, curated_countries

    loader = Loader(tally, skip=curated_countries())
    loader.load_sources()
    loader.load_thresholds()
    loader.load_sanctions()
    loader.load_status()
    loader.unpublish_unverified()
    load_curated(tally)
