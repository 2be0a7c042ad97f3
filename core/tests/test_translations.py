import re
import shutil
import subprocess
import sys

import pytest
from django.conf import settings


@pytest.mark.parametrize("language", ["fr", "nl", "de"])
def test_every_interface_string_is_translated(language):
    catalogue = (settings.BASE_DIR / "locale" / language / "LC_MESSAGES" / "django.po").read_text()
    entries = catalogue.split("\n\n")[1:]  # the first block is the header
    untranslated = [e for e in entries if re.search(r'^msgstr(\[\d\])? ""$(?!\n")', e, re.M) and "#~" not in e]
    assert untranslated == []
    assert "#, fuzzy" not in catalogue


@pytest.mark.skipif(not shutil.which("xgettext"), reason="GNU gettext is not installed")
def test_the_catalogues_hold_every_message_the_code_marks(tmp_path):
    """A message marked in the code but missing from a catalogue shows in English to everyone:
    the completeness test above cannot see it, so the code's messages are extracted afresh
    (from a copy of the sources, so the checkout is not touched) and compared."""
    sources = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    for name in sources:
        if name.endswith((".py", ".html", ".txt")) and not name.startswith("bench/"):
            source = settings.BASE_DIR / name
            if source.exists():
                (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, tmp_path / name)
    (tmp_path / "locale").mkdir()
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--locale=fr", "--no-location"],
        cwd=tmp_path,
        capture_output=True,
        check=True,
    )
    missing = {}
    for language in ("fr", "nl", "de"):
        catalogue = settings.BASE_DIR / "locale" / language / "LC_MESSAGES" / "django.po"
        compared = subprocess.run(
            ["msgcmp", str(catalogue), str(tmp_path / "locale" / "fr" / "LC_MESSAGES" / "django.po")],
            capture_output=True,
            text=True,
        )
        if compared.returncode:
            missing[language] = [line for line in compared.stderr.splitlines() if "used but not defined" in line]
    assert missing == {}
