"""schema.org descriptions embedded in pages as JSON-LD, so search engines and library catalogues can index the
data: `Legislation` for each law on a profile, `Dataset` for PolicyHub's data as a whole (and, through the same
`dataset()` helper, for a versioned release).

A template renders any of these with `{% jsonld data %}` (opendata's template tags): a data block
(<script type="application/ld+json">), escaped like Django's json_script, which the browser never runs, so the
content security policy has nothing to allow.
"""

import json
from datetime import date, datetime
from urllib.parse import urlsplit, urlunsplit

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy

from countries.dates import Precision

CONTEXT = "https://schema.org"
LICENCE = "https://creativecommons.org/licenses/by/4.0/"
LANGUAGES = ("en", "ru")
# As in django.utils.html.json_script: nothing in the data can close the script element or open a comment.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}

DATASET_NAME = gettext_lazy("PolicyHub: drug-policy law in Eastern Europe and Central Asia")
DATASET_DESCRIPTION = gettext_lazy(
    "The laws on drug use and possession in each country of Eastern Europe and Central Asia, the quantity "
    "thresholds that separate an administrative offence from a crime, the sanctions that follow, the legal "
    "environment for people who use drugs, and the recommendations of the region's drug-policy meetings with each "
    "country's progress on them. Every fact cites its source."
)
REGION = gettext_lazy("Eastern Europe and Central Asia")
# The API's lists that make up the data, each downloadable as CSV.
API_TABLES = [
    ("api-country-list", gettext_lazy("Countries")),
    ("api-law-list", gettext_lazy("Laws")),
    ("api-threshold-list", gettext_lazy("Quantity thresholds")),
    ("api-sanction-list", gettext_lazy("Sanctions")),
    ("api-assessment-list", gettext_lazy("Legal environment")),
    ("api-recommendation-list", gettext_lazy("Recommendations")),
    ("api-progress-list", gettext_lazy("Progress")),
    ("api-source-list", gettext_lazy("Sources")),
    ("api-substance-list", gettext_lazy("Substances")),
    ("api-indicator-list", gettext_lazy("Indicators")),
]
API_PAGE_SIZE = 500


def render(data: dict) -> SafeString:
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":")).translate(JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308 - escaped above


def in_languages(text) -> list[dict]:
    """A translatable text in every language of the site, as language-tagged JSON-LD values."""
    values = []
    for language in LANGUAGES:
        with translation.override(language):
            values.append({"@language": language, "@value": str(text)})
    return values


def partial_date(value: date | None, precision: str) -> str | None:
    """A date at the precision its source gives (2010-07-25, 2010-07, 2010); none when only approximate."""
    if value is None or precision in (Precision.UNDATED, Precision.APPROXIMATE):
        return None
    if precision == Precision.YEAR:
        return f"{value.year:04d}"
    if precision == Precision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


def eli_of(url: str) -> str:
    """The act's European Legislation Identifier when its official address is an ELI (an /eli/ path), else ""."""
    if not url:
        return ""
    parts = urlsplit(url)
    if "eli" not in parts.path.lower().split("/"):
        return ""
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


def _names(law) -> list:
    names, seen = [], set()
    for language, title in ((law.original_language, law.title_original), ("en", law.title_en), ("ru", law.title_ru)):
        if title and (language, title) not in seen:
            seen.add((language, title))
            names.append({"@language": language, "@value": title} if language else title)
    return names


def legislation(law, *, request: HttpRequest, page_url: str) -> dict:
    """One law as schema.org Legislation; its ELI as identifier and @id where the act has one."""
    eli = eli_of(law.url)
    identifiers = [i for i in (law.reference, eli) if i]
    data = {
        "@type": "Legislation",
        "@id": eli or request.build_absolute_uri(f"{page_url}#law-{law.pk}"),
        "name": _names(law),
        "legislationType": str(law.get_kind_display()),
        "legislationJurisdiction": {"@type": "Country", "name": law.country.name, "identifier": law.country.iso2},
        "legislationLegalForce": f"{CONTEXT}/{'InForce' if law.status == law.Status.IN_FORCE else 'NotInForce'}",
        "mainEntityOfPage": request.build_absolute_uri(page_url),
    }
    if identifiers:
        data["legislationIdentifier"] = identifiers if len(identifiers) > 1 else identifiers[0]
    if law.original_language:
        data["inLanguage"] = law.original_language
    if adopted := partial_date(law.adopted_on, law.adopted_precision):
        data["legislationDate"] = adopted
    if in_force := partial_date(law.valid_from, law.valid_from_precision):
        data["legislationDateVersion"] = in_force
    if amended := partial_date(law.amended_on, law.amended_precision):
        data["dateModified"] = amended
    if law.url:
        data["url"] = law.url
    if eli:
        data["sameAs"] = eli
    return data


def laws_graph(laws, *, request: HttpRequest, page_url: str) -> dict:
    return {"@context": CONTEXT, "@graph": [legislation(law, request=request, page_url=page_url) for law in laws]}


def data_download(*, request: HttpRequest, name, url: str, encoding_format: str, description=None, **extra) -> dict:
    data = {"@type": "DataDownload", "name": str(name), "contentUrl": request.build_absolute_uri(url),
            "encodingFormat": encoding_format}
    if description:
        data["description"] = str(description)
    return {**data, **extra}


def dataset(*, request: HttpRequest, name, description, url: str, distribution: list[dict],
            version: str | None = None, date_published: date | datetime | None = None,
            date_modified: date | datetime | None = None, identifier: str | None = None, **extra) -> dict:
    """schema.org Dataset for PolicyHub's data, or for one release of it (give its version, date and files).

    `name` and `description` are translatable texts (gettext_lazy) or plain ones: the name is given in English with
    the Russian as alternateName, the description in both languages.
    """
    with translation.override(LANGUAGES[0]):
        home = request.build_absolute_uri(reverse("home"))
    names = in_languages(name)
    creator = {"@type": "Organization", "name": "PolicyHub", "url": home}
    data = {
        "@context": CONTEXT,
        "@type": "Dataset",
        "@id": request.build_absolute_uri(url) + "#dataset",
        "name": names[0]["@value"],
        "alternateName": [v for v in names[1:] if v["@value"] != names[0]["@value"]] or None,
        "description": in_languages(description),
        "url": request.build_absolute_uri(url),
        "license": LICENCE,
        "isAccessibleForFree": True,
        "creator": creator,
        "publisher": creator,
        "inLanguage": list(LANGUAGES),
        "spatialCoverage": {"@type": "Place", "name": in_languages(REGION)},
        "distribution": distribution,
        "version": version,
        "datePublished": date_published,
        "dateModified": date_modified,
        "identifier": identifier,
        **extra,
    }
    return {key: value for key, value in data.items() if value is not None}


def policyhub_dataset(*, request: HttpRequest, date_modified: datetime | None = None) -> dict:
    """The whole published data, as the API serves it: one CSV download per table."""
    with translation.override(LANGUAGES[0]):
        about = reverse("about")
    paging = gettext_lazy("Up to %(n)s rows per file; add &page=2 for the next.") % {"n": API_PAGE_SIZE}
    distribution = [
        data_download(request=request, name=label, url=f"{reverse(route)}?format=csv&page_size={API_PAGE_SIZE}",
                      encoding_format="text/csv", description=paging)
        for route, label in API_TABLES
    ]
    return dataset(request=request, name=DATASET_NAME, description=DATASET_DESCRIPTION, url=about,
                   distribution=distribution, date_modified=date_modified)
