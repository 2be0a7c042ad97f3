"""Names of the codes the cooperation pages show: DAC sectors in the reader's language."""

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language

from cooperation import codelists

register = template.Library()


@register.filter
def sector_name(code):
    """A DAC sector's name; in English, marked with its language, where the list has no translation."""
    name, language = codelists.name_in("Sector", code, get_language())
    if language != get_language():
        return format_html('<span lang="{}">{}</span>', language, name)
    return name
