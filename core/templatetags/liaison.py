import functools

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse, translate_url
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import get_language, get_language_info, override

from core import numbers
from core.formats import local_format
from core.languages import fallback, fallback_note

register = template.Library()


@register.simple_tag
def translated(obj, field):
    """A translated content field in the page's language, or a marked fallback.

    When the text is missing in the current language, the first language that has it
    (core.languages.fallback) is shown inside <span lang="…"> with a visible note, so readers
    (and screen readers) know what they are reading.
    """
    value, language = fallback(obj, field)
    if not value or language == get_language():
        return value
    note = fallback_note(language)
    return format_html('<span lang="{}">{}</span> <small class="fallback">{}</small>', language, value, note)


@register.filter
def plain_translated(obj, field):
    """The translated value with fallback, as plain text (for titles and attributes)."""
    return fallback(obj, field)[0]


@register.simple_tag(takes_context=True)
def language_links(context):
    """[(code, name, address)] for the four languages: this page's address in each, query string
    included, and None for the page's own language.

    Reversed from the view the request was resolved to, once per language: every page links to
    its three other languages twice (the switcher, and <link rel="alternate">), and resolving
    the path again for each was a tenth of a small page's time.
    """
    current = get_language()
    return [
        (code, name, None if code == current else url_in_language(context["request"], code))
        for code, name in languages()
    ]


def url_in_language(request, language):
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


# The main menu: a name for the template, and the view it leads to.
SITE_VIEWS = {
    "home": "public:home",
    "partners": "public:partner-list",
    "map": "public:partner-map",
    "directory": "public:directory",
    "activities": "activities:upcoming",
    "news": "communication:article-list",
    "cooperation": "cooperation:policy",
    "search": "search:public",
}


@register.simple_tag
def site_urls():
    """The main menu's addresses in the current language, {name: address} (SITE_VIEWS).

    Reversed once per language and process: they cannot change while it runs, and eight
    reverses were a tenth of a small page's time.
    """
    return _site_urls(get_language(), get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)


@functools.cache
def _site_urls(language, prefix, urlconf):
    return {name: reverse(view, urlconf=urlconf) for name, view in SITE_VIEWS.items()}


@register.simple_tag
def languages():
    return [(code, get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES]


@register.inclusion_tag("forms/_error_summary.html")
def error_summary(*forms):
    """Every error of the forms and formsets given, at the top of the page, each a link to its
    field (GOV.UK's error summary): a person sees all that is wrong at once."""
    errors = []
    for form in forms:
        if hasattr(form, "forms"):  # a formset
            errors += [(None, "", message) for message in form.non_form_errors()]
            for member in form.forms:
                errors += _form_errors(member)
        elif hasattr(form, "non_field_errors"):  # a form (a page without one passes nothing)
            errors += _form_errors(form)
    return {"errors": errors}


def _form_errors(form):
    found = [(None, "", message) for message in form.non_field_errors()]
    for field in form:
        if not field.is_hidden:
            found += [(field.auto_id or None, field.label, message) for message in field.errors]
    return found


@register.filter
def money(value, decimals=2):
    """An amount in euros as the current language writes it (core.numbers); `|money:0` in whole euros."""
    return numbers.money(value, decimals=int(decimals))


@register.filter
def number(value, decimals=None):
    return numbers.number(value, decimals)


@register.filter
def percent(value):
    return numbers.percent(value)


@register.filter
def country_name(code):
    """A country's name in the current language, from its ISO code."""
    from django_countries import countries

    return countries.name(code) or code


@register.filter
def long_date(value):
    """A day in words as the current language writes it: "1er juin 1992", "26. Oktober 2021"."""
    if not value:
        return ""
    if value.day == 1:
        return date_format(value, local_format("FIRST_DAY_DATE_FORMAT", "DATE_FORMAT"))
    return date_format(value, "DATE_FORMAT")


@register.inclusion_tag("admin/seed_corrections.html", takes_context=True)
def seed_corrections(context):
    """The staff home: how many corrections from the source wait for this user to decide."""
    from core.models import SeedCorrection

    user = context["request"].user
    return {"count": SeedCorrection.objects.pending().reviewable_by(user).count()}


@register.filter
def inferred(obj, field):
    """Whether the field of a seed record still holds what the data file gave as an inference,
    not as a statement of a source (core.seeds.unconfirmed): a public page does not show it as
    established."""
    from core.seeds import unconfirmed

    return field in unconfirmed(obj)
