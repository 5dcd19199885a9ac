"""Fine units: which need a Russian rendering. Free of Django, so the curated-data validator can use it alone."""

import pycountry

# ISO 4217 codes read the same in every language; these two left use after the region's fines were written
# (the Croatian kuna in 2023, the Bulgarian lev in 2026).
FORMER_CURRENCIES = {"HRK", "BGN"}


def is_currency_code(unit: str) -> bool:
    """A fine unit that needs no Russian rendering: an ISO 4217 currency code, current or former."""
    return unit in FORMER_CURRENCIES or pycountry.currencies.get(alpha_3=unit) is not None
