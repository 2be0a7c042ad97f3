"""End to end in headless Chromium: the retrospective, an activity and the Berlin timeline, checked by axe-core."""

from core.tests.browser import BROWSER_MARKS, axe_violations

pytestmark = BROWSER_MARKS


def test_visitor_opens_the_retrospective_an_activity_and_the_berlin_timeline(page, live_site, seed):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(live_site.url + "/en/activities/retrospective/?year=2022")
    assert axe_violations(page) == []

    page.get_by_role("link", name="Five-city youth athletics tournament").click()
    page.wait_for_url("**/en/activities/youth-athletics-2022/")
    assert page.get_by_role("heading", level=1).inner_text() == "Five-city youth athletics tournament"
    assert axe_violations(page) == []

    page.goto(live_site.url + "/en/activities/mission-istanbul-ankara-2021/")
    assert page.get_by_role("heading", name="Programme").is_visible()
    assert axe_violations(page) == []

    page.get_by_role("link", name="Istanbul").first.click()
    page.goto(live_site.url + "/de/partners/berlin/")
    timeline = page.locator("section.timeline")
    assert timeline.get_by_role("link", name="30 Jahre Städtepartnerschaft Berlin–Brüssel").is_visible()
    assert axe_violations(page) == []

    page.goto(live_site.url + "/fr/activities/")
    assert axe_violations(page) == []

    outside = [url for url in requests if not url.startswith(live_site.url)]
    assert outside == [], "the pages asked for something outside the application"
    assert page.problems == []
