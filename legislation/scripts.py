"""The scripts the region's languages are written in: one table for guessing a quotation's language from its letters
and for checking the language a quotation is tagged with."""

import re

CYRILLIC = re.compile("[\u0400-\u04ff]")
# Languages written in one script only; Kazakh, Serbian, Uzbek and Azerbaijani are written in both.
CYRILLIC_ONLY = frozenset({"ru", "uk", "be", "bg", "mk", "ky", "tg", "mn"})
LATIN_ONLY = frozenset({"en", "de", "fr", "cs", "sk", "pl", "sl", "hr", "bs", "lt", "lv", "et", "hu", "ro", "sq", "tk"})


def script_mismatch(quote: str, language: str) -> bool:
    """The quotation's letters cannot be the tagged language's own (an English sentence tagged Russian)."""
    if not quote.strip():
        return False
    cyrillic = bool(CYRILLIC.search(quote))
    return (language in CYRILLIC_ONLY and not cyrillic) or (language in LATIN_ONLY and cyrillic)
