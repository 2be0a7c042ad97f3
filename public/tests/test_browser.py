"""The public site and the back office end to end in Debian's headless Chromium (core.tests.browser)."""

import pytest
from django.urls import reverse

from core.tests.browser import BROWSER_MARKS, axe_violations, log_in, new_page
from partners.models import Partner

pytestmark = BROWSER_MARKS


def test_visitor_browses_home_switches_to_dutch_opens_map_and_partner(page, live_site, seed):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(live_site.url + "/fr/")
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

    outside = [url for url in requests if not url.startswith(live_site.url)]
    assert outside == [], "the pages asked for something outside the application"
    assert page.problems == []


@pytest.mark.parametrize(
    "path",
    ["/de/partners/?q=Kyjiw", "/en/directory/", "/fr/partners/?page=1&continent=XX", "/nl/newsletter/", "/fr/news/"],
)
def test_other_public_pages_pass_axe_on_a_phone(browser, live_site, seed, path):
    page = new_page(browser, viewport={"width": 390, "height": 844}, is_mobile=True)
    page.goto(live_site.url + path)
    assert axe_violations(page) == []
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the page scrolls sideways on a phone"
    assert page.problems == []
    page.context.close()


def test_head_of_unit_works_in_the_back_office_with_no_csp_violation(page, live_site, head_of_unit):
    berlin = Partner.objects.get(slug="berlin")
    agreement = berlin.agreements.first()
    log_in(page, live_site.url, head_of_unit.username)
    assert page.locator("#my-portfolio").is_visible()

    page.goto(live_site.url + reverse("admin:partners_partner_changelist"))
    assert page.locator("#result_list").is_visible()

    page.goto(live_site.url + reverse("admin:partners_partner_change", args=[berlin.pk]))
    page.locator("#assignments-group .add-row a").click()
    page.locator("#assignments-group .select2-selection").last.click()
    page.locator(".select2-results__option").first.wait_for()
    page.keyboard.press("Escape")
    page.locator("#counterparts-group .add-row a").click()
    assert page.locator("#id_themes_from").is_visible(), "filter_horizontal is drawn by a script"

    page.goto(live_site.url + reverse("admin:partners_agreement_change", args=[agreement.pk]))
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

    page.goto(live_site.url + reverse("admin:partners_partner_history", args=[berlin.pk]))
    assert page.locator(".audit-entry").count() > 0

    page.goto(live_site.url + reverse("admin:index"))
    with page.expect_navigation():
        page.locator("#admin-language").select_option("nl")
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.locator("#my-portfolio h2").inner_text() == "Mijn portefeuille"

    assert page.problems == []
