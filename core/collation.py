"""Sort keys from a real collation: ICU (the Unicode Collation Algorithm with each
language's CLDR rules), through PyICU, installed from PyPI as the pyicu-wheels wheel.

A key is stored per language on the records a public list sorts (Partner.sort_key_<lang>),
indexed, so the database orders by it as bytes on SQLite and PostgreSQL alike, and the
order is the one a native reader expects: in French Séoul before Sofia and Île-de-France
among the I's, in German Präfektur before Provinz.
"""

from functools import cache

import icu

# Bytes kept of a key (stored as hex): enough to order names of any real length.
KEY_BYTES = 240


@cache
def _collator(language):
    return icu.Collator.createInstance(icu.Locale(language))


def sort_key(text, language):
    """A string whose plain (byte) order is the language's order of the texts."""
    return _collator(language).getSortKey(text or "")[:KEY_BYTES].hex()


def sorted_by(items, language, key=str):
    return sorted(items, key=lambda item: _collator(language).getSortKey(key(item)))
