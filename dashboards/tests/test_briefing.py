"""Briefing packs: what they hold, for whom, in which language, and how they print."""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from pypdf import PdfReader

from partners.models import Partner
from partners.tests.factories import CounterpartFactory

A4 = (595.28, 841.89)  # points
CSS = Path(settings.BASE_DIR) / "templates" / "dashboards" / "briefing_print.css"


def get(client, user, url):
    client.force_login(user)
    return client.get(url)


@pytest.mark.parametrize(
    ("language", "anniversary", "jazz"),
    [
        ("fr", "30 ans du partenariat Berlin–Bruxelles", "Deux concerts de jazz"),
        ("nl", "30 jaar partnerschap Berlijn–Brussel", "Twee jazzconcerten"),
    ],
)
def test_berlin_pack_holds_the_1992_agreement_the_2022_anniversary_and_its_officers(
    client, officer, language, anniversary, jazz
):
    content = get(client, officer, f"/{language}/staff/briefing/berlin/").content.decode()
    agreements = content[content.index('class="agreements"') :]
    assert "1992" in agreements.split("</table>")[0]
    assert anniversary in content and jazz in content
    assert '<span class="officer">Florence Vandernoot</span>' in content
    assert f'href="/{language}/staff/briefing/berlin.pdf"' in content


def test_a_text_missing_in_the_readers_language_is_shown_in_another_marked_as_such(client, officer):
    berlin = Partner.objects.get(slug="berlin")
    berlin.description_nl = ""
    berlin.save()
    content = get(client, officer, "/nl/staff/briefing/berlin/").content.decode()
    assert re.search(r'<span lang="(fr|en|de)">[^<]+</span> <small class="fallback">', content)


def test_counterparts_are_in_an_officers_pack_and_never_in_a_communication_officers(client, officer, visitor):
    CounterpartFactory(partner=Partner.objects.get(slug="berlin"), name="Sample counterpart Anna Example")
    assert "Anna Example" in get(client, officer, "/en/staff/briefing/berlin/").content.decode()
    assert "Anna Example" not in get(client, visitor, "/en/staff/briefing/berlin/").content.decode()
    # Nor does its heading promise them; French puts a space before a colon.
    french = get(client, visitor, "/fr/staff/briefing/berlin/").content.decode()
    assert "interlocuteurs" not in french and "Suivi par :" in french
    pdf = PdfReader(io.BytesIO(get(client, visitor, "/en/staff/briefing/berlin.pdf").content))
    text = "".join(page.extract_text() for page in pdf.pages)
    assert "Vandernoot" in text and "Anna Example" not in text


def test_the_pdf_is_printed_on_a4_pages(client, officer):
    response = get(client, officer, "/fr/staff/briefing/activity/partnership-30.pdf")
    assert response["Content-Type"] == "application/pdf"
    pdf = PdfReader(io.BytesIO(response.content))
    assert len(pdf.pages) >= 1
    for page in pdf.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(width - A4[0]) < 1 and abs(height - A4[1]) < 1
    assert "Berlin" in pdf.pages[0].extract_text()


def luminance(colour):
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one, other):
    lighter, darker = sorted([luminance(one), luminance(other)], reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_every_text_colour_of_the_print_css_passes_wcag_aa_on_its_background():
    """As axe's colour-contrast rule: 4.5:1 for text, on the rule's background or the page's white."""
    rules = re.findall(r"([^{}]+)\{([^{}]*)\}", CSS.read_text())
    checked = 0
    for _selector, body in rules:
        text = re.search(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{6})", body)
        if not text:
            continue
        background = re.search(r"background:\s*(#[0-9a-fA-F]{6})", body)
        ratio = contrast(text.group(1), background.group(1) if background else "#ffffff")
        assert ratio >= 4.5, f"{_selector.strip()}: {ratio:.2f}"
        checked += 1
    assert checked >= 6


def test_a_visitor_is_sent_to_the_login(client, seed):
    for url in [
        "/en/staff/briefing/berlin/",
        "/en/staff/briefing/berlin.pdf",
        "/en/staff/briefing/activity/partnership-30/",
    ]:
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_an_unknown_partner_or_activity_is_not_found(client, officer):
    assert get(client, officer, "/en/staff/briefing/nowhere/").status_code == 404
    assert get(client, officer, "/en/staff/briefing/activity/nothing.pdf").status_code == 404


def test_a_missions_pack_holds_each_of_its_partners(client, officer):
    content = get(client, officer, "/en/staff/briefing/activity/fall-of-the-wall-30/").content.decode()
    assert all(f'id="partner-{slug}"' in content for slug in ["berlin", "budapest", "prague"])


def test_the_partner_and_activity_admin_pages_lead_to_the_pack(client, officer):
    berlin = Partner.objects.get(slug="berlin")
    client.force_login(officer)
    content = client.get(f"/admin/partners/partner/{berlin.pk}/change/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "/staff/briefing/berlin/" in content
