"""A visitor finds the annual report from the budget page and reads it on a phone and a desktop,
in French and in Dutch: no code where a name exists, amounts as the language writes them, the
page accessible (axe-core) and no wider than the screen."""

import pytest
from django.utils import translation
from django_countries import countries

from cooperation import services
from core.tests.browser import BROWSER_MARKS, axe_violations, new_page

from .test_annual_report import year_2024  # noqa: F401 (the fixture)

pytestmark = BROWSER_MARKS


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize(
    ("language", "report", "amount"),
    [("fr", "Rapport annuel 2024", "622 000,00 €"), ("nl", "Jaarverslag 2024", "€ 622.000,00")],
)
def test_a_visitor_reads_the_published_report_on_a_phone_and_a_desktop(
    browser, live_site, transactional_db, seed, development_officer, request, width, language, report, amount
):
    published = request.getfixturevalue("year_2024")
    with translation.override(language):
        country = str(countries.name("CD"))
    services.annual_report_publish(report=published, published_by=development_officer)
    page = new_page(browser, viewport={"width": width, "height": 900})
    page.goto(f"{live_site.url}/{language}/cooperation/budget/")
    page.get_by_role("link", name=report).click()
    page.wait_for_url(f"**/{language}/cooperation/reports/2024/")
    text = " ".join(page.locator("main").inner_text().replace("\u202f", " ").replace("\u00a0", " ").split())
    assert amount in text, text
    assert country in text, text
    assert "CD" not in text.split() and "14030" not in text
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.problems == []
    pdf = page.get_by_role("link", name="PDF").first.get_attribute("href")
    assert pdf.endswith(f"/{language}/cooperation/reports/2024/pdf/")
    page.context.close()
