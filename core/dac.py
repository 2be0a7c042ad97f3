"""The OECD DAC List of ODA Recipients, kept as data (data/dac_recipients.txt) with its source.

The file names its source, the date of that source, who checked it and how, in "# key: value"
lines; each other line is an income group and its ISO country codes.
"""

from functools import cache
from pathlib import Path

LIST_FILE = Path(__file__).parent / "data" / "dac_recipients.txt"
GROUPS = ("ldc", "other-lic", "lmic", "umic")


@cache
def groups():
    """{group: (codes, ...)} in the file's order."""
    found = {}
    for line in LIST_FILE.read_text().splitlines():
        if line.startswith("#") or not line.strip():
            continue
        group, codes = line.split(":", 1)
        found[group.strip()] = tuple(codes.split())
    return found


@cache
def about():
    """The file's "# key: value" lines: source, source-date, checked-by, checked-how..."""
    found = {}
    for line in LIST_FILE.read_text().splitlines():
        if line.startswith("# ") and ":" in line and not line.startswith("#  "):
            key, value = line[2:].split(":", 1)
            if " " not in key:
                found[key] = value.strip()
    return found


@cache
def recipients():
    return frozenset(code for codes in groups().values() for code in codes)


def is_recipient(country_code):
    return str(country_code).upper() in recipients()


def income_group(country_code):
    return next((group for group, codes in groups().items() if str(country_code).upper() in codes), None)
