import re

import pytest
from django.conf import settings


@pytest.mark.parametrize("language", ["fr", "nl", "de"])
def test_every_interface_string_is_translated(language):
    catalogue = (settings.BASE_DIR / "locale" / language / "LC_MESSAGES" / "django.po").read_text()
    entries = catalogue.split("\n\n")[1:]  # the first block is the header
    untranslated = [e for e in entries if re.search(r'^msgstr(\[\d\])? ""$(?!\n")', e, re.M) and "#~" not in e]
    assert untranslated == []
    assert "#, fuzzy" not in catalogue
