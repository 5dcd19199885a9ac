"""Spreadsheet formula injection: a cell that starts with =, +, -, @, a tab or a carriage return is run as a formula
by Excel and LibreOffice when a CSV or XLSX file is opened. Exports prefix such text with an apostrophe, which
spreadsheets show as plain text; imports take the apostrophe off again. Numbers ("-1.5") are left as they are.
"""

import re

import tablib

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def neutralise(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not NUMBER.match(value):
        return "'" + value
    return value


def restore(value):
    """Undo `neutralise` on a value read back from a file we exported."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def neutralised(dataset: tablib.Dataset) -> tablib.Dataset:
    safe = tablib.Dataset(headers=dataset.headers, title=dataset.title)
    for row in dataset:
        safe.append([neutralise(cell) for cell in row])
    return safe
