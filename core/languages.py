"""Content in several languages: the order a missing translation falls back in, and the value of
a translated field in a language together with the language it was found in.

Every module reads translated content through `fallback()` (templates through the `translated`
tags), so that the order is the settings' and a fallback is always known as one.
"""

from django.conf import settings
from django.utils.translation import get_language, get_language_info, gettext_lazy
from django.utils.translation import gettext as _

# One sentence per language rather than a language name in a sentence: languages write their
# names differently in running text ("en anglais", "auf Englisch").
FALLBACK_NOTES = {
    "en": gettext_lazy("(in English: not yet translated)"),
    "fr": gettext_lazy("(in French: not yet translated)"),
    "nl": gettext_lazy("(in Dutch: not yet translated)"),
    "de": gettext_lazy("(in German: not yet translated)"),
}


def content_languages():
    """Every language of the site, in the order a missing translation falls back to them:
    MODELTRANSLATION_FALLBACK_LANGUAGES, then any other of LANGUAGES in their order."""
    codes = [code for code, _name in settings.LANGUAGES]
    return list(dict.fromkeys([*(c for c in settings.MODELTRANSLATION_FALLBACK_LANGUAGES if c in codes), *codes]))


def localized_fields(field):
    """The field's column in every language ("title" -> ["title_en", "title_fr", ...])."""
    return [f"{field}_{code}" for code in content_languages()]


def fallback(obj, field, language=None):
    """(value, language) of a translated field: in `language` (the current one if not given) when
    it is filled there, else in the first of content_languages() that has it; ("", None) if none."""
    for code in dict.fromkeys([language or get_language(), *content_languages()]):
        value = getattr(obj, f"{field}_{code}", None)
        if value:
            return value, code
    return "", None


def fallback_note(language):
    """What follows a text shown in another language than the page's: "(in French: not yet translated)"."""
    if language in FALLBACK_NOTES:
        return str(FALLBACK_NOTES[language])
    return _("(in %(language)s: not yet translated)") % {"language": _(get_language_info(language)["name"])}
