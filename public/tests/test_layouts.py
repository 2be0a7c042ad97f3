"""The pages fit a phone (390 px) and a desktop (1280 px) in French and Dutch: nothing scrolls
sideways, and on a phone every partner of the map is reachable from the list above it."""

import pytest
from django.urls import reverse

from core.tests.browser import BROWSER_MARKS, log_in, new_page
from partners.models import Agreement, Partner

pytestmark = BROWSER_MARKS


WIDTHS = [390, 1280]
LONG_WORD = "Donaudampfschifffahrtsgesellschaftskapitän" * 5  # 210 characters, no break


def scroll_width(page):
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.fixture
def long_word(seed):
    Partner.objects.filter(slug="berlin").update(description_fr=LONG_WORD, description_nl=LONG_WORD)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", ["fr", "nl"])
def test_public_pages_fit_the_screen(browser, live_site, long_word, language, width):
    page = new_page(browser, viewport={"width": width, "height": 900}, is_mobile=width < 400)
    for path in ["/partners/map/", "/directory/", "/partners/berlin/", "/partners/ankara/"]:
        page.goto(f"{live_site.url}/{language}{path}")
        assert scroll_width(page) <= width, f"{path} scrolls sideways at {width} px"
    assert page.problems == []
    page.context.close()


@pytest.mark.parametrize("language", ["fr", "nl"])
def test_on_a_phone_the_map_list_comes_first_and_reaches_every_partner(
    browser,
    live_site,
    seed,
    language,
):
    page = new_page(browser, viewport={"width": 390, "height": 844}, is_mobile=True)
    page.goto(f"{live_site.url}/{language}/partners/map/")
    world = page.locator(".map-world circle.marker")
    listed = page.locator(".map-list a")
    assert world.count() == listed.count() == Partner.objects.filter(latitude__isnull=False).count()
    assert listed.first.bounding_box()["y"] < page.locator(".map-world").bounding_box()["y"]
    hrefs = {listed.nth(i).get_attribute("href") for i in range(listed.count())}
    assert hrefs == {page.locator(".map-world a").nth(i).get_attribute("href") for i in range(world.count())}
    page.context.close()


def test_on_a_desktop_the_europe_inset_separates_the_european_dots(browser, live_site, seed):
    page = new_page(browser, viewport={"width": 1280, "height": 900})
    page.goto(f"{live_site.url}/fr/partners/map/")
    dots = page.locator(".map-europe circle.marker")
    assert dots.count() >= 15
    centres = []
    for i in range(dots.count()):
        box = dots.nth(i).bounding_box()
        centres.append((box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, box["width"]))
    closest = min(
        ((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5 for i, a in enumerate(centres) for b in centres[i + 1 :]
    )
    assert closest >= centres[0][2], "two dots of the Europe inset overlap"
    page.context.close()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", ["fr", "nl"])
def test_my_portfolio_and_the_agreement_form_fit_the_screen(browser, live_site, officer, language, width):
    page = new_page(browser, viewport={"width": width, "height": 900}, is_mobile=width < 400, locale=language)
    log_in(page, live_site.url, officer.username)
    assert page.locator("#my-portfolio").is_visible()
    assert scroll_width(page) <= width, f"My portfolio scrolls sideways at {width} px"
    table = page.locator("#my-portfolio table")
    assert table.bounding_box()["width"] <= page.locator("#my-portfolio").bounding_box()["width"]
    agreement = Agreement.objects.get(partner__slug="berlin")
    page.goto(live_site.url + reverse("admin:partners_agreement_change", args=[agreement.pk]))
    rows = page.locator("#documents-group")
    assert rows.bounding_box()["x"] + rows.bounding_box()["width"] <= width
    assert page.problems == []
    page.context.close()
