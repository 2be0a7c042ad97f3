"""The search as a visitor uses it, in Debian's headless Chromium, on a phone (core.tests.browser)."""

from core.tests.browser import BROWSER_MARKS, axe_violations, new_page

pytestmark = BROWSER_MARKS


def test_a_visitor_searches_from_the_header_and_narrows_by_kind(browser, live_site, seed):
    page = new_page(browser, viewport={"width": 390, "height": 844})
    page.goto(live_site.url + "/fr/partners/")
    page.get_by_role("search", name="Rechercher sur le site").get_by_role("searchbox").fill("Kyjiw")
    page.get_by_role("search", name="Rechercher sur le site").get_by_role("button").click()
    page.wait_for_url("**/fr/search/?q=Kyjiw")
    assert page.locator(".search-hit h3").first.inner_text() == "Kiev"
    assert axe_violations(page) == []

    page.get_by_role("search", name="Rechercher sur le site").get_by_role("searchbox").fill("Berlin")
    page.keyboard.press("Enter")
    page.wait_for_url("**/fr/search/?q=Berlin")
    page.locator(".search-facets").get_by_role("link", name="Accords").click()
    page.wait_for_url("**kind=agreement**")
    assert page.locator(".search-hit").count() == 1
    assert page.locator(".search-hit mark").first.inner_text() == "Berlin"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert axe_violations(page) == []
    assert page.problems == []
