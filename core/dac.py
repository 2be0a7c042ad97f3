"""The OECD DAC List of ODA Recipients, kept as data with its sources, one file per list.

Each file of data/dac/ is the list in force from a date (`# valid-from:`) until the next file's:
either a whole list, one income group a line ("group: ISO 3166-1 alpha-2 codes"), or the
changes to the list it is based on (`# based-on:`; a line "leaves: codes"). Its "# key: value"
lines name its source, the date of that source, who checked it and how.

`is_dac_recipient(country, on=date)` answers "was this country a recipient on this date";
None when no list of that date is held (before the first one).
"""

import datetime
from dataclasses import dataclass
from functools import cache
from pathlib import Path

LIST_FOLDER = Path(__file__).parent / "data" / "dac"
GROUPS = ("ldc", "other-lic", "lmic", "umic")


@dataclass(frozen=True)
class DacList:
    name: str  # the file's name: "2024-2025"
    valid_from: datetime.date
    groups: dict  # {group: (codes, ...)} in the file's order
    about: dict  # the file's "# key: value" lines

    def income_group(self, country):
        return next((group for group, codes in self.groups.items() if str(country).upper() in codes), None)


def _read(path):
    groups, about, key = {}, {}, None
    for line in path.read_text().splitlines():
        if line.startswith("#  ") and key:
            about[key] += " " + line[1:].strip()  # a value continued on the next line
        elif line.startswith("# ") and ":" in line:
            name, value = line[2:].split(":", 1)
            key = name if " " not in name else None
            if key:
                about[key] = value.strip()
        elif line.strip() and not line.startswith("#"):
            group, codes = line.split(":", 1)
            groups[group.strip()] = tuple(codes.split())
    return groups, about


@cache
def lists():
    """Every list held, the earliest first."""
    found = {}
    for path in sorted(LIST_FOLDER.glob("*.txt")):
        groups, about = _read(path)
        if "based-on" in about:
            leaving = set(groups.pop("leaves", ()))
            base = found[about["based-on"]].groups
            groups = {group: tuple(code for code in codes if code not in leaving) for group, codes in base.items()}
        found[path.stem] = DacList(path.stem, datetime.date.fromisoformat(about["valid-from"]), groups, about)
    return sorted(found.values(), key=lambda held: held.valid_from)


def list_on(day=None):
    """The list in force on the day (today by default), or None before the first list held."""
    day = day or datetime.date.today()
    return next((held for held in reversed(lists()) if held.valid_from <= day), None)


def is_dac_recipient(country, on=None):
    """Whether the country was on the list on that date (today by default); None if not known."""
    held = list_on(on)
    return None if held is None else held.income_group(country) is not None


def income_group(country, on=None):
    held = list_on(on)
    return held.income_group(country) if held else None


def recipients(on=None):
    held = list_on(on)
    return frozenset(code for codes in held.groups.values() for code in codes) if held else frozenset()


def groups(on=None):
    held = list_on(on)
    return dict(held.groups) if held else {}


def about(on=None):
    held = list_on(on)
    return dict(held.about) if held else {}


def is_recipient(country):
    """Today: for the checks of records being written now (a call's countries, a project's partner)."""
    return bool(is_dac_recipient(country))
