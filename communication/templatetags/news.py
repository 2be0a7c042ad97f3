from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _

from communication.models import Article, sanitise

register = template.Library()


@register.simple_tag
def translated_html(obj, field):
    """Rich text in the page's language or a marked fallback, as `translated` does for plain text.

    Bodies are sanitised when saved; they are sanitised again here, so that a row written by
    other means cannot bring a script into a page.
    """
    value = getattr(obj, f"{field}_{get_language()}", "")
    if value:
        return mark_safe(sanitise(value))
    for code in settings.MODELTRANSLATION_FALLBACK_LANGUAGES:
        value = getattr(obj, f"{field}_{code}", "")
        if value:
            note = _("(in %(language)s: not yet translated)") % {"language": _(get_language_info(code)["name"])}
            body = mark_safe(sanitise(value))
            return format_html('<div lang="{}">{}</div> <small class="fallback">{}</small>', code, body, note)
    return ""


@register.inclusion_tag("communication/includes/latest_news.html")
def latest_news(partner=None, count=3):
    articles = Article.objects.for_list()
    if partner is not None:
        articles = articles.filter(partners=partner)
    return {"articles": articles[:count], "partner": partner}
