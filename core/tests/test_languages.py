"""One fallback between languages (core.languages), in the settings' order, used by every page,
feed and export that shows translated content."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from activities import calendar
from activities.tests.factories import ActivityFactory
from communication.models import Article
from cooperation import iati
from core.languages import content_languages, fallback, fallback_note, localized_fields
from partners.models import Partner

# German before Dutch before French: no module may keep an order of its own.
GERMAN_FIRST = ("de", "nl", "fr", "en")
# A setting that names some languages only: the others still come, after them.
GERMAN_ONLY = ("de",)


def french_and_german(model, field, **extra):
    return model(**{f"{field}_fr": "en français", f"{field}_de": "auf Deutsch", **extra})


def test_the_languages_follow_the_fallback_order_then_the_others():
    assert content_languages() == ["en", "fr", "nl", "de"]
    assert localized_fields("title") == ["title_en", "title_fr", "title_nl", "title_de"]


def test_the_languages_are_the_settings(settings):
    settings.MODELTRANSLATION_FALLBACK_LANGUAGES = ("nl", "xx")
    settings.LANGUAGES = [("fr", "French"), ("nl", "Dutch"), ("it", "Italian")]
    assert content_languages() == ["nl", "fr", "it"]


def test_a_text_comes_in_the_readers_language_when_it_has_one():
    partner = french_and_german(Partner, "name")
    with translation.override("de"):
        assert fallback(partner, "name") == ("auf Deutsch", "de")
    assert fallback(partner, "name", "fr") == ("en français", "fr")


def test_a_missing_text_falls_back_in_the_settings_order(settings):
    partner = french_and_german(Partner, "name")
    assert fallback(partner, "name", "nl") == ("en français", "fr")
    settings.MODELTRANSLATION_FALLBACK_LANGUAGES = GERMAN_FIRST
    assert fallback(partner, "name", "nl") == ("auf Deutsch", "de")
    assert fallback(partner, "name", "en") == ("auf Deutsch", "de")


def test_a_text_in_no_language_is_empty_with_no_language():
    assert fallback(Partner(), "name", "fr") == ("", None)
    assert fallback(Partner(name_fr="Paris"), "no_such_field", "fr") == ("", None)


@pytest.mark.parametrize(
    ("reader", "note"),
    [
        ("en", "(in German: not yet translated)"),
        ("fr", "(en allemand\u00a0: pas encore traduit)"),
        ("nl", "(in het Duits: nog niet vertaald)"),
        ("de", "(auf Deutsch: noch nicht übersetzt)"),
    ],
)
def test_the_note_says_the_language_in_the_readers_language(reader, note):
    with translation.override(reader):
        assert fallback_note("de") == note


def test_a_language_with_no_sentence_of_its_own_is_named_in_the_general_one():
    with translation.override("en"):
        assert fallback_note("it") == "(in Italian: not yet translated)"


# The five places that showed a fallback, each with an order of its own before: now the settings'.


def test_the_page_tag_marks_the_fallback_in_the_settings_order(settings):
    settings.MODELTRANSLATION_FALLBACK_LANGUAGES = GERMAN_FIRST
    template = Template("{% load liaison %}{% translated partner 'name' %}|{{ partner|plain_translated:'name' }}")
    with translation.override("en"):
        shown = template.render(Context({"partner": french_and_german(Partner, "name")}))
    assert shown == (
        '<span lang="de">auf Deutsch</span> <small class="fallback">(in German: not yet translated)</small>|auf Deutsch'
    )
    with translation.override("fr"):
        assert template.render(Context({"partner": french_and_german(Partner, "name")})) == "en français|en français"
    settings.MODELTRANSLATION_FALLBACK_LANGUAGES = GERMAN_ONLY
    with translation.override("nl"):
        shown = template.render(Context({"partner": Partner(name_fr="en français")}))
    assert shown.startswith('<span lang="fr">en français</span>') and shown.endswith("|en français")


def test_the_news_tag_marks_the_fallback_in_the_settings_order(settings):
    settings.MODELTRANSLATION_FALLBACK_LANGUAGES = GERMAN_FIRST
    article = Article(body_fr="<p>en français</p>", body_de="<p>auf Deutsch</p>")
    template = Template("{% load news %}{% translated_html article 'body' %}")
    with translation.override("nl"):
        shown = template.render(Context({"article": article}))
    assert shown == (
        '<div lang="de"><p>auf Deutsch</p></div> <small class="fallback">(in het Duits: nog niet vertaald)</small>'
    )
    settings.MODELTRANSLATION_FALLBACK_LANGUAGES = GERMAN_ONLY
    with translation.override("nl"):
        shown = template.render(Context({"article": Article(body_fr="<p>en français</p>")}))
    assert shown.startswith('<div lang="fr"><p>en français</p></div>')


def test_a_partner_sorts_by_the_name_the_settings_order_shows(settings):
    settings.MODELTRANSLATION_FALLBACK_LANGUAGES = GERMAN_FIRST
    assert french_and_german(Partner, "name").shown_name("en") == "auf Deutsch"
    settings.MODELTRANSLATION_FALLBACK_LANGUAGES = GERMAN_ONLY
    assert Partner(name_fr="en français").shown_name("nl") == "en français"


def test_iati_gives_a_narrative_per_language_of_the_settings(settings):
    partner = french_and_german(Partner, "name")
    assert list(iati.translations(partner, "name")) == ["en", "fr", "nl", "de"]
    settings.MODELTRANSLATION_FALLBACK_LANGUAGES = GERMAN_FIRST
    names = iati.translations(partner, "name")
    assert list(names) == ["de", "nl", "fr", "en"] and names["de"] == "auf Deutsch" and names["fr"] == "en français"


def test_the_calendar_names_an_activity_in_the_settings_order(db, settings):
    activity = ActivityFactory(title_en="", title_fr="en français", title_de="auf Deutsch")
    request = RequestFactory().get("/")
    with translation.override("en"):
        assert str(calendar.event(activity, request)["summary"]) == "en français"
        settings.MODELTRANSLATION_FALLBACK_LANGUAGES = GERMAN_FIRST
        assert str(calendar.event(activity, request)["summary"]) == "auf Deutsch"
