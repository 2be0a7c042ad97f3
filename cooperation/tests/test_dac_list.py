from collections import Counter

from core import dac


def test_dac_list_names_its_source_its_date_and_who_checked_it():
    about = dac.about()
    assert "oecd.org" in about["source"]
    assert about["source-date"].startswith("2024-")
    assert about["flows"] == "2024, 2025"
    assert about["checked-by"]
    assert about["checked-how"]


def test_no_country_is_in_two_income_groups():
    counts = Counter(code for codes in dac.groups().values() for code in codes)
    assert [code for code, count in counts.items() if count > 1] == []
    assert set(dac.groups()) == set(dac.GROUPS)


def test_angola_and_tuvalu_are_least_developed_and_algeria_lower_middle_income():
    assert dac.income_group("AO") == "ldc"
    assert dac.income_group("TV") == "ldc"
    assert dac.income_group("DZ") == "lmic"
    assert dac.income_group("BT") == "lmic"


def test_countries_above_the_threshold_stay_until_the_review_says_otherwise():
    for code in ("GY", "PA", "NR", "MS"):
        assert dac.is_recipient(code), code
    assert not dac.is_recipient("CL")
