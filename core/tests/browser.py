"""End to end in Debian's headless Chromium, with axe-core checking WCAG 2.1 A/AA.

Playwright drives /usr/bin/chromium; it never downloads a browser. axe-core is the npm
package's file, committed under public/tests/vendor/ and injected from disk through the
DevTools protocol, which the pages' Content-Security-Policy does not apply to; the pages
themselves run under that policy, and any violation of it fails the test.

The fixtures (`browser`, `page`, `live_site`) are in the root conftest.py; a browser test
module sets `pytestmark = BROWSER_MARKS`.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.urls import reverse

PASSWORD = "correct horse battery staple"

BROWSER_MARKS = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not shutil.which("chromium") and not os.path.exists("/usr/bin/chromium"),
        reason="Debian's chromium is not installed (make test installs it)",
    ),
]

AXE = Path(__file__).resolve().parent.parent.parent / "public" / "tests" / "vendor" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

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


def axe_violations(page):
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]


def log_in(page, url, username):
    page.goto(url + reverse("admin:login"))
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("input[type=submit]").click()
