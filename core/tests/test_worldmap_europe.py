"""The Europe inset of the partners map: the European partners again, larger, with no script."""

from core import worldmap


def test_the_europe_inset_shows_the_european_partners_and_no_others(client, seed):
    content = client.get("/nl/partners/map/").content.decode()
    inset = content[content.index('class="map map-europe"') :]
    inset = inset[: inset.index("</figure>")]
    assert f'viewBox="{worldmap.EUROPE_VIEWBOX}"' in inset
    for slug in ("berlin", "vienna", "bratislava", "moscow", "ankara", "lille"):
        assert f'href="/nl/partners/{slug}/"' in inset
    for slug in ("seoul", "quebec", "kinshasa"):
        assert f'href="/nl/partners/{slug}/"' not in inset
    assert "<script" not in content


def test_the_list_comes_before_the_maps(client, seed):
    content = client.get("/fr/partners/map/").content.decode()
    assert content.index('class="map-list"') < content.index('class="map map-world"')
