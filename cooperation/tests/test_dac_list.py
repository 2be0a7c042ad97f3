"""The OECD DAC List of ODA Recipients, per period of validity, with its sources (core.dac)."""

import datetime
from collections import Counter

from core import dac

D = datetime.date


def test_each_list_names_its_source_its_date_and_who_checked_it():
    for held in dac.lists():
        assert "oecd.org" in held.about["source"], held.name
        assert held.about["source-date"].startswith("2024-")
        assert held.about["checked-by"] and held.about["checked-how"]
    assert [(held.name, held.valid_from) for held in dac.lists()] == [
        ("2024-2025", D(2024, 1, 1)),
        ("2026", D(2026, 1, 1)),
    ]
    assert dac.about(on=D(2025, 6, 1))["flows"] == "2024, 2025"


def test_nauru_was_a_recipient_until_its_graduation_on_1_january_2026():
    assert dac.is_dac_recipient("NR", D(2025, 6, 1)) is True
    assert dac.is_dac_recipient("NR", D(2025, 12, 31)) is True
    assert dac.is_dac_recipient("NR", D(2026, 1, 1)) is False
    assert dac.is_dac_recipient("NR", D(2026, 6, 1)) is False


def test_before_the_first_list_held_the_answer_is_not_known():
    assert dac.is_dac_recipient("TR", D(2023, 12, 31)) is None
    assert dac.recipients(on=D(2020, 1, 1)) == frozenset()


def test_el_salvador_and_the_west_bank_and_gaza_strip_are_upper_middle_income():
    """On the list for 2024 and 2025 reporting (World Bank groups of July 2023, on 2022 GNI)."""
    for day in (D(2024, 1, 1), D(2026, 6, 1)):
        assert dac.income_group("SV", on=day) == "umic"
        assert dac.income_group("PS", on=day) == "umic"


def test_no_country_is_in_two_income_groups():
    for held in dac.lists():
        counts = Counter(code for codes in held.groups.values() for code in codes)
        assert [code for code, count in counts.items() if count > 1] == []
        assert set(held.groups) == set(dac.GROUPS)


def test_angola_and_tuvalu_are_least_developed_and_algeria_lower_middle_income():
    assert dac.income_group("AO") == "ldc"
    assert dac.income_group("TV") == "ldc"
    assert dac.income_group("DZ") == "lmic"
    assert dac.income_group("BT") == "lmic"


def test_countries_above_the_threshold_stay_until_the_review_says_otherwise():
    for code in ("GY", "PA", "MS"):
        assert dac.is_dac_recipient(code, D(2026, 6, 1)), code
    assert dac.is_dac_recipient("NR", D(2025, 6, 1))
    assert not dac.is_recipient("CL")
