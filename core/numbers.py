"""Money, percentages and numbers as each language writes them, from ICU's CLDR data (PyICU,
already used for collation): "300 000,00 €" in French, "€ 300.000,00" in Dutch,
"300.000,00 €" in German, "€300,000.00" in English; "10 %" with a no-break space in French
and German. One place for every page, letter, PDF and export.
"""

from decimal import Decimal
from functools import cache

import icu
from django.utils.translation import get_language

# The Region's locales: Belgian French, Dutch and German; English as Ireland writes the euro.
LOCALES = {"fr": "fr_BE", "nl": "nl_BE", "de": "de_BE", "en": "en_IE"}
CURRENCY = "EUR"


def _locale(language):
    return icu.Locale(LOCALES.get((language or get_language() or "en")[:2], "en_IE"))


@cache
def _currency(language, decimals=2):
    formatter = icu.NumberFormat.createCurrencyInstance(_locale(language))
    formatter.setCurrency(CURRENCY)
    formatter.setMinimumFractionDigits(decimals)
    formatter.setMaximumFractionDigits(decimals)
    return formatter


@cache
def _number(language, decimals):
    formatter = icu.NumberFormat.createInstance(_locale(language))
    formatter.setMinimumFractionDigits(decimals or 0)
    formatter.setMaximumFractionDigits(decimals if decimals is not None else 6)
    return formatter


@cache
def _spellout(language):
    return icu.RuleBasedNumberFormat(icu.URBNFRuleSetTag.SPELLOUT, _locale(language))


@cache
def _percent(language):
    formatter = icu.NumberFormat.createPercentInstance(_locale(language))
    formatter.setMaximumFractionDigits(2)
    return formatter


def _as_float(value):
    return float(Decimal(str(value)))


def money(value, language=None, decimals=2):
    """An amount in euros: "300 000,00 €" (fr), "€ 300.000,00" (nl); "" for no amount. With
    decimals=0, whole euros ("300 000 €"), as a chart's axis gives them."""
    if value is None or value == "":
        return ""
    return _currency(language or get_language(), decimals).format(_as_float(value))


def number(value, decimals=None, language=None):
    """A number with the language's separators: 73,5 (fr, nl, de), 73.5 (en)."""
    if value is None or value == "":
        return ""
    return _number(language or get_language(), decimals).format(_as_float(value))


def percent(value, language=None):
    """A share given in percent (10 for 10 %): "10 %" in French, "10%" in Dutch."""
    if value is None or value == "":
        return ""
    return _percent(language or get_language()).format(_as_float(value) / 100)


def spelled(value, language=None):
    """A whole number in words, as a text gives it: "five" (en), "cinq" (fr), "vijf" (nl)."""
    return _spellout(language or get_language()).format(int(value))
