"""Content-Security-Policy and Permissions-Policy on every kind of page, public and back office."""

import base64
import hashlib
import re

import pytest
from django.urls import reverse
from django.views.defaults import server_error

from partners.models import Partner

LANGUAGES = ["fr", "nl", "en", "de"]
PUBLIC_PAGES = ["", "partners/", "partners/map/", "partners/berlin/", "directory/", "no-such-page/"]
KEYWORDS = {"'self'", "'none'", "data:"}


def policy(response):
    directives = (part.strip().split() for part in response["Content-Security-Policy"].split(";"))
    return {name: sources for name, *sources in directives}


def back_office_pages():
    berlin = Partner.objects.get(slug="berlin")
    return [
        reverse("admin:index"),
        reverse("admin:partners_partner_changelist"),
        reverse("admin:partners_partner_change", args=[berlin.pk]),
        reverse("admin:partners_agreement_change", args=[berlin.agreements.first().pk]),
        reverse("admin:partners_partner_history", args=[berlin.pk]),
        reverse("admin:partners_theme_add"),
        reverse("admin:partners_partner_add") + "?_popup=1",
    ]


def assert_page_keeps_the_policy(response):
    csp = policy(response)
    for directive in ("default-src", "script-src"):
        assert csp[directive] == ["'self'"], f"{directive} of {response.request['PATH_INFO']}"
    assert csp["object-src"] == csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] == csp["form-action"] == ["'self'"]
    remote = [(name, source) for name, sources in csp.items() for source in sources if not is_local(source)]
    assert remote == [], "the application is offline by design"
    html = response.content.decode()
    assert not inline_code(html), f"inline code in {response.request['PATH_INFO']}"
    for block in re.findall(r"<style[^>]*>(.*?)</style>", html, re.DOTALL):
        digest = base64.b64encode(hashlib.sha256(block.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp["style-src"], f"a <style> block not allowed by the policy: {block}"


def inline_code(html):
    """Inline scripts, event handlers and style attributes, which the policy blocks."""
    script = re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", html)
    attribute = re.search(r"<[^>]+\s(on[a-z]+|style)=[^>]*>", html)
    return [match.group() for match in (script, attribute) if match]


def is_local(source):
    return source in KEYWORDS or source.startswith("'sha256-")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", PUBLIC_PAGES)
def test_every_public_page_and_the_404_carry_a_content_security_policy(client, seed, language, page):
    response = client.get(f"/{language}/{page}")
    assert response.status_code == (404 if page == "no-such-page/" else 200)
    assert_page_keeps_the_policy(response)


def test_the_admin_login_carries_a_content_security_policy(client, seed):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 200
    assert_page_keeps_the_policy(response)


def test_every_back_office_page_carries_a_content_security_policy(client, head_of_unit):
    client.force_login(head_of_unit)
    for url in back_office_pages():
        response = client.get(url)
        assert response.status_code == 200, url
        assert_page_keeps_the_policy(response)


def test_the_server_error_page_needs_no_inline_code(rf):
    assert inline_code(server_error(rf.get("/")).content.decode()) == []


def test_scripts_are_never_allowed_inline_or_from_eval(client, seed):
    csp = policy(client.get("/en/"))
    sources = csp["script-src"] + csp["default-src"]
    assert "'unsafe-inline'" not in sources and "'unsafe-eval'" not in sources
    assert "'unsafe-inline'" not in csp["style-src"]


@pytest.mark.parametrize("url", ["/en/", "/admin/login/", "/health/", "/map/world.svg", "/static/css/site.css"])
def test_every_response_refuses_the_browser_features_liaison_does_not_use(client, seed, url):
    response = client.get(url)
    assert response.status_code == 200
    features = dict(item.strip().split("=") for item in response["Permissions-Policy"].split(","))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert features[feature] == "()"
    assert set(features.values()) == {"()"}
