from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from communication.models import Article, sanitise
from core.languages import fallback, fallback_note

register = template.Library()


@register.simple_tag
def translated_html(obj, field):
    """Rich text in the page's language or a marked fallback, as `translated` does for plain text.

    Bodies are sanitised when saved; they are sanitised again here, so that a row written by
    other means cannot bring a script into a page.
    """
    value, language = fallback(obj, field)
    body = mark_safe(sanitise(value))
    if not value or language == get_language():
        return body
    note = fallback_note(language)
    return format_html('<div lang="{}">{}</div> <small class="fallback">{}</small>', language, body, note)


@register.inclusion_tag("communication/includes/latest_news.html")
def latest_news(partner=None, count=3):
    articles = Article.objects.for_list()
    if partner is not None:
        articles = articles.filter(partners=partner)
    return {"articles": articles[:count], "partner": partner}
