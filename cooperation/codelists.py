"""The IATI 2.03 codelists kept in cooperation/iati_reference/ (unmodified upstream files).

Codes entered by staff and applicants are checked against them, and so is every code the
IATI export writes. Withdrawn codes are refused for new data.
"""

from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from lxml import etree

REFERENCE = Path(__file__).resolve().parent / "iati_reference"
CODELISTS = REFERENCE / "codelists"
SCHEMAS = REFERENCE / "schema"


@cache
def items(name):
    """{code: English name} of the active items of a codelist."""
    tree = etree.parse(str(CODELISTS / f"{name}.xml"))
    found = {}
    for item in tree.iter("codelist-item"):
        if item.get("status", "active") == "withdrawn":
            continue
        code = item.findtext("code")
        label = item.findtext("name/narrative") or code
        found[code] = label
    return found


def codes(name):
    return frozenset(items(name))


def is_valid(name, code):
    return str(code) in items(name)


@deconstructible
class validator:  # noqa: N801 (used like a function in field declarations)
    def __init__(self, name):
        self.name = name

    def __call__(self, value):
        if not is_valid(self.name, value):
            raise ValidationError(
                _("%(code)s is not a code of the IATI %(list)s codelist."),
                params={"code": value, "list": self.name},
                code="codelist",
            )

    def __eq__(self, other):
        return isinstance(other, validator) and other.name == self.name


def validate_sector_codes(value):
    given = value.split()
    if not given:
        raise ValidationError(_("Give at least one OECD DAC 5-digit sector code."), code="sectors")
    unknown = [code for code in given if not (len(code) == 5 and is_valid("Sector", code))]
    if unknown:
        raise ValidationError(
            _("Not OECD DAC 5-digit sector codes in use: %(codes)s."),
            params={"codes": ", ".join(unknown)},
            code="sectors",
        )


@cache
def schema(kind):
    """The XSD of "activities" or "organisations"."""
    return etree.XMLSchema(etree.parse(str(SCHEMAS / f"iati-{kind}-schema.xsd")))
