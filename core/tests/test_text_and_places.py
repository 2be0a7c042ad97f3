from core import gazetteer, worldmap
from core.text import normalize, search_query, search_text


def test_normalize_folds_accents_and_case():
    assert normalize("  Métropole  Européenne de LILLE ") == "metropole europeenne de lille"
    assert normalize("Xi’an") == "xi an"


def test_search_text_matches_by_the_start_of_words():
    text = search_text(["Region of Rabat-Salé-Kénitra", "Rabat"])
    assert search_query("sale ken") in text
    assert search_query("abat") not in text


def test_gazetteer_suggests_places_by_any_of_their_names():
    assert gazetteer.suggest("Kyjiw")[0]["geonameid"] == 703448
    assert gazetteer.suggest("Washington", "US")[0]["countrycode"] == "US"
    assert gazetteer.suggest("Nowhere at all") == []
    assert gazetteer.continent_of("be") == "EU"


def test_world_map_projection_puts_brussels_in_western_europe():
    x, y = worldmap.project(4.35, 50.85)
    assert (round(x), round(y)) == (184, 39)
    assert len(worldmap.country_paths()) > 170


def test_dac_list_holds_recipients_and_not_donors_or_eu_members():
    from core import dac

    for code in ("CD", "CU", "MA", "SR", "TR", "UA", "CN", "IN", "BR", "DZ", "MD", "PA"):
        assert dac.is_recipient(code), code
    for code in ("BE", "DE", "RU", "JP", "KR", "US", "BG", "LU", "SC", "AG"):
        assert not dac.is_recipient(code), code
