from django import template
from django.conf import settings
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import get_language, get_language_info, override
from django.utils.translation import gettext_lazy as _

from core.formats import local_format

register = template.Library()

# One sentence per language rather than a language name in a sentence: languages write their
# names differently in running text ("en anglais", "auf Englisch").
FALLBACK_NOTES = {
    "en": _("(in English: not yet translated)"),
    "fr": _("(in French: not yet translated)"),
    "nl": _("(in Dutch: not yet translated)"),
    "de": _("(in German: not yet translated)"),
}


@register.simple_tag
def translated(obj, field):
    """A translated content field in the page's language, or a marked fallback.

    When the text is missing in the current language, the first language that has it is
    shown inside <span lang="…"> with a visible note, so readers (and screen readers)
    know what they are reading.
    """
    language = get_language()
    value = getattr(obj, f"{field}_{language}", "")
    if value:
        return value
    for code in settings.MODELTRANSLATION_FALLBACK_LANGUAGES:
        value = getattr(obj, f"{field}_{code}", "")
        if value:
            return format_html(
                '<span lang="{}">{}</span> <small class="fallback">{}</small>', code, value, FALLBACK_NOTES[code]
            )
    return ""


@register.filter
def plain_translated(obj, field):
    """The translated value with fallback, as plain text (for titles and attributes)."""
    language = get_language()
    value = getattr(obj, f"{field}_{language}", "")
    if value:
        return value
    return next(
        (
            getattr(obj, f"{field}_{code}")
            for code in settings.MODELTRANSLATION_FALLBACK_LANGUAGES
            if getattr(obj, f"{field}_{code}", "")
        ),
        "",
    )


@register.simple_tag(takes_context=True)
def url_in_language(context, language):
    """This page's address in another language, query string included.

    Reversed from the view the request was resolved to: every page links to its three other
    languages twice (the switcher, and <link rel="alternate">), and resolving the path again
    for each was a tenth of a small page's time.
    """
    request = context["request"]
    match = request.resolver_match
    url = None
    if match is not None and match.view_name:
        with override(language):
            try:
                url = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
            except NoReverseMatch:
                pass
    if url is None:
        url = translate_url(request.path, language)
    query = request.GET.urlencode()
    return f"{url}?{query}" if query else url


@register.simple_tag
def languages():
    return [(code, get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES]


@register.filter
def long_date(value):
    """A day in words as the current language writes it: "1er juin 1992", "26. Oktober 2021"."""
    if not value:
        return ""
    if value.day == 1:
        return date_format(value, local_format("FIRST_DAY_DATE_FORMAT", "DATE_FORMAT"))
    return date_format(value, "DATE_FORMAT")
