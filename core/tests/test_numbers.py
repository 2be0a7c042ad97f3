"""Money, percentages and numbers as each language writes them (core.numbers, from ICU's CLDR)."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from core import numbers

NBSP, NNBSP = "\u00a0", "\u202f"


@pytest.mark.parametrize(
    ("language", "amount", "share", "score"),
    [
        ("fr", f"300{NNBSP}000,00{NBSP}€", f"10{NBSP}%", "73,5"),
        ("nl", f"€{NBSP}300.000,00", "10%", "73,5"),
        ("de", f"300.000,00{NBSP}€", f"10{NBSP}%", "73,5"),
        ("en", "€300,000.00", "10%", "73.5"),
    ],
)
def test_each_language_writes_money_shares_and_numbers_its_own_way(language, amount, share, score):
    with translation.override(language):
        assert numbers.money(Decimal("300000.00")) == amount
        assert numbers.percent(Decimal("10.00")) == share
        assert numbers.number(Decimal("73.50")) == score
        page = Template("{% load liaison %}{{ a|money }} {{ p|percent }} {{ s|number }}").render(
            Context({"a": Decimal("300000"), "p": 10, "s": Decimal("73.5")})
        )
        assert page == f"{amount} {share} {score}"


def test_nothing_is_written_for_no_value():
    assert numbers.money(None) == numbers.percent("") == numbers.number(None) == ""


def test_a_sector_is_named_in_the_readers_language_or_marked_as_english():
    from cooperation.templatetags.cooperation_names import sector_name

    with translation.override("fr"):
        assert sector_name("43030") == "Développement et gestion urbaine"
    with translation.override("nl"):
        assert sector_name("43030") == '<span lang="en">Urban development and management</span>'
    with translation.override("de"):
        assert sector_name("99999") == "99999"
