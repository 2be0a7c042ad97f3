"""A guest answers an invitation on a phone, and the door checks guests in, in Debian's headless
Chromium, with axe-core on the public page."""

import re

from django.urls import reverse

from core.tests.browser import BROWSER_MARKS, PASSWORD, axe_violations, log_in, new_page
from protocol.models import Guest
from protocol.tests.factories import FormOfAddressFactory, GuestFactory, TitleFactory, VenueFactory

pytestmark = BROWSER_MARKS


def test_a_guest_accepts_an_invitation_on_a_phone_with_no_axe_violation(browser, live_site):
    title = TitleFactory(name="Ambassador")
    FormOfAddressFactory(title=title, language="fr", salutation="Excellence")
    guest = GuestFactory(
        language="fr",
        title=title,
        plus_ones_allowed=1,
        protocol_file__title="Réception",
        protocol_file__venue=VenueFactory(name="Sample hall"),
        protocol_file__dress_code="Tenue de ville",
    )
    page = new_page(browser, viewport={"width": 390, "height": 844}, is_mobile=True)
    page.goto(f"{live_site.url}/en/rsvp/{guest.token}/")
    page.wait_for_url(f"**/fr/rsvp/{guest.token}/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert "Excellence," in page.content()
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "the page scrolls sideways on a phone"

    page.get_by_label("Je serai présent").check()
    page.get_by_label("Personnes accompagnantes").fill("1")
    page.get_by_role("button", name="Envoyer ma réponse").click()
    page.get_by_role("status").wait_for()
    assert axe_violations(page) == []
    guest.refresh_from_db()
    assert (guest.rsvp, guest.plus_ones) == (Guest.Rsvp.ACCEPTED, 1)
    assert page.problems == []
    page.context.close()


def test_the_door_checks_a_guest_in_on_a_phone(browser, live_site, protocol_officer):
    protocol_officer.set_password(PASSWORD)
    protocol_officer.save()
    guest = GuestFactory(first_name="Ana", last_name="Berg", rsvp=Guest.Rsvp.ACCEPTED)
    page = new_page(browser, viewport={"width": 390, "height": 844}, is_mobile=True)
    log_in(page, live_site.url, protocol_officer.username)
    page.goto(live_site.url + reverse("admin:protocol_protocolfile_checkin", args=[guest.protocol_file.pk]))
    page.get_by_role("button", name=re.compile("Ana Berg")).click()
    page.get_by_text(re.compile("Ana Berg")).first.wait_for()
    page.wait_for_load_state("networkidle")
    guest.refresh_from_db()
    assert guest.checked_in_at is not None
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "the list scrolls sideways on a phone"
    assert page.problems == []
    page.context.close()
