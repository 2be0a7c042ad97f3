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


# Two small embedded codelists that the shared reference files leave out, from the IATI 2.03
# standard: the version we write (and whose XSD we validate against), and description types.
NOT_SHIPPED = {
    "Version": {"2.03": "2.03"},
    "DescriptionType": {"1": "General", "2": "Objectives", "3": "Target groups", "4": "Other"},
}


@cache
def items(name):
    """{code: English name} of the active items of a codelist."""
    if name in NOT_SHIPPED:
        return NOT_SHIPPED[name]
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


@cache
def translated_names(name):
    """{code: {language: name}} of a codelist's items, in the languages its file gives (the
    Sector list: English and French)."""
    tree = etree.parse(str(CODELISTS / f"{name}.xml"))
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    return {
        item.findtext("code"): {n.get(lang, "en"): n.text for n in item.findall("name/narrative") if n.text}
        for item in tree.iter("codelist-item")
    }


def name_in(name, code, language):
    """(the item's name, the language it is in): the reader's language where the list has it,
    else English, which the page marks as a fallback; the code itself if it is unknown."""
    names = translated_names(name).get(str(code), {})
    for candidate in (language, "en"):
        if names.get(candidate):
            return names[candidate], candidate
    return str(code), language


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


@cache
def mappings():
    """(element xpath, attribute, codelist, condition) from the codelists' mapping.xml."""
    tree = etree.parse(str(CODELISTS / "mapping.xml"))
    found = []
    for mapping in tree.iter("mapping"):
        path = mapping.findtext("path")
        if "/@" not in path:
            continue
        element_path, attribute = path.rsplit("/@", 1)
        found.append((element_path, attribute, mapping.find("codelist").get("ref"), mapping.findtext("condition")))
    return found


def code_errors(tree):
    """Codes in an IATI document that are not in their codelist, and codes whose list we do not hold."""
    errors = []
    root = tree.getroot() if hasattr(tree, "getroot") else tree
    for element_path, attribute, name, condition in mappings():
        name_in_xml = attribute.replace("xml:", "{http://www.w3.org/XML/1998/namespace}")
        for element in root.xpath(element_path):
            value = element.get(name_in_xml)
            if value is None or (condition and not element.xpath(f"boolean({condition})")):
                continue
            if name not in NOT_SHIPPED and not (CODELISTS / f"{name}.xml").exists():
                errors.append(f"{element_path}/@{attribute}={value}: no {name} codelist to check it")
            elif value not in items(name):
                errors.append(f"{element_path}/@{attribute}={value}: not in {name}")
    return errors
