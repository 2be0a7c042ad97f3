"""End to end in Debian's headless Chromium, with axe-core checking WCAG 2.1 A/AA.

Playwright drives /usr/bin/chromium; it never downloads a browser. axe-core is the npm
package's file, committed under public/tests/vendor/ and injected from disk through the
DevTools protocol, which the pages' Content-Security-Policy does not apply to; the pages
themselves run under that policy, and any violation of it fails the test.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.urls import reverse

from conftest import PASSWORD
from partners.models import Partner

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


# Reports each Content-Security-Policy violation of a document on the console.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI} in ${event.sourceFile}`);
});
"""


def new_page(browser, **options):
    """A page (and its popups) with script errors and complaints about the security headers in page.problems."""
    context = browser.new_context(**options)
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    page = context.new_page()
    page.problems = []

    def on_console(message):
        if any(header in message.text for header in ("Content Security Policy", "CSP violation", "Permissions-Policy")):
            page.problems.append(message.text)

    context.on("console", on_console)
    context.on("weberror", lambda error: page.problems.append(str(error.error)))
    return page


@pytest.fixture
def page(browser):
    page = new_page(browser, viewport={"width": 1280, "height": 900})
    yield page
    page.context.close()


def axe_violations(page):
    page.evaluate(AXE.read_text())
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
    assert page.locator(".map-world circle.marker").count() == 30
    page.wait_for_load_state("networkidle")
    assert axe_violations(page) == []

    page.get_by_role("link", name="Berlijn").first.click()
    page.wait_for_url("**/nl/partners/berlin/")
    assert page.get_by_role("heading", level=1).inner_text() == "Berlijn"
    assert "Florence Vandernoot" in page.content()
    assert axe_violations(page) == []

    outside = [url for url in requests if not url.startswith(live_server.url)]
    assert outside == [], "the pages asked for something outside the application"
    assert page.problems == []


@pytest.mark.parametrize(
    "path",
    ["/de/partners/?q=Kyjiw", "/en/directory/", "/fr/partners/?page=1&continent=XX", "/nl/newsletter/", "/fr/news/"],
)
def test_other_public_pages_pass_axe_on_a_phone(browser, live_server, seed, transactional_db, path):
    page = new_page(browser, viewport={"width": 390, "height": 844}, is_mobile=True)
    page.goto(live_server.url + path)
    assert axe_violations(page) == []
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the page scrolls sideways on a phone"
    assert page.problems == []
    page.context.close()


def log_in(page, url, username):
    page.goto(url + reverse("admin:login"))
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("input[type=submit]").click()


def test_head_of_unit_works_in_the_back_office_with_no_csp_violation(page, live_server, transactional_db, head_of_unit):
    berlin = Partner.objects.get(slug="berlin")
    agreement = berlin.agreements.first()
    log_in(page, live_server.url, head_of_unit.username)
    assert page.locator("#my-portfolio").is_visible()

    page.goto(live_server.url + reverse("admin:partners_partner_changelist"))
    assert page.locator("#result_list").is_visible()

    page.goto(live_server.url + reverse("admin:partners_partner_change", args=[berlin.pk]))
    page.locator("#assignments-group .add-row a").click()
    page.locator("#assignments-group .select2-selection").last.click()
    page.locator(".select2-results__option").first.wait_for()
    page.keyboard.press("Escape")
    page.locator("#counterparts-group .add-row a").click()
    assert page.locator("#id_themes_from").is_visible(), "filter_horizontal is drawn by a script"

    page.goto(live_server.url + reverse("admin:partners_agreement_change", args=[agreement.pk]))
    page.locator(".date-icon").first.click()
    assert page.locator(".calendarbox").first.is_visible()
    page.locator(".calendarbox .calendarnav-next").first.click()
    with page.expect_popup() as opened:
        page.locator("#add_id_themes").click()
    popup = opened.value
    popup.locator("#id_name_en").press_sequentially("Sport and culture")
    assert popup.locator("#id_slug").input_value() == "sport-and-culture"
    with popup.expect_event("close"):
        popup.locator("input[name=_save]").click()
    assert "Sport and culture" in page.locator("#id_themes_to").inner_text()

    page.goto(live_server.url + reverse("admin:partners_partner_history", args=[berlin.pk]))
    assert page.locator(".audit-entry").count() > 0

    page.goto(live_server.url + reverse("admin:index"))
    with page.expect_navigation():
        page.locator("#admin-language").select_option("nl")
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.locator("#my-portfolio h2").inner_text() == "Mijn portefeuille"

    assert page.problems == []
