"""End to end in Debian's headless Chromium, with axe-core checking WCAG 2.1 A/AA.

Playwright drives /usr/bin/chromium; it never downloads a browser. axe-core is the npm
package's file, committed under public/tests/vendor/ and injected from disk.
"""

import os
import shutil
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not shutil.which("chromium") and not os.path.exists("/usr/bin/chromium"),
        reason="Debian's chromium is not installed (make test installs it)",
    ),
]

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser():
    # Playwright's sync API runs an event loop in this thread; the ORM calls of the
    # live server fixtures are still plain synchronous calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def axe_violations(page):
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]


def test_visitor_browses_home_switches_to_dutch_opens_map_and_partner(page, live_server, seed, transactional_db):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(live_server.url + "/fr/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert axe_violations(page) == []

    page.get_by_role("link", name="Nederlands").click()
    page.wait_for_url("**/nl/")
    assert page.locator("html").get_attribute("lang") == "nl"
    assert axe_violations(page) == []

    page.locator(".main-nav").get_by_role("link", name="Kaart").click()
    page.wait_for_url("**/nl/partners/map/")
    assert page.locator("svg circle.marker").count() == 30
    page.wait_for_load_state("networkidle")
    assert axe_violations(page) == []

    page.get_by_role("link", name="Berlijn").first.click()
    page.wait_for_url("**/nl/partners/berlin/")
    assert page.get_by_role("heading", level=1).inner_text() == "Berlijn"
    assert "Florence Vandernoot" in page.content()
    assert axe_violations(page) == []

    outside = [url for url in requests if not url.startswith(live_server.url)]
    assert outside == [], "the pages asked for something outside the application"


@pytest.mark.parametrize("path", ["/de/partners/?q=Kyjiw", "/en/directory/", "/fr/partners/?page=1&continent=XX"])
def test_other_public_pages_pass_axe_on_a_phone(browser, live_server, seed, transactional_db, path):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.goto(live_server.url + path)
    assert axe_violations(page) == []
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the page scrolls sideways on a phone"
    context.close()
