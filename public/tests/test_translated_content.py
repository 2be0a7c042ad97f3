"""The seeds' public texts in all four languages, and a marked fallback only where one is missing."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from partners.models import Partner
from partners.tests.factories import AgreementFactory

LANGUAGES = [code for code, _name in settings.LANGUAGES]
DATA = json.loads((Path(settings.BASE_DIR) / "data" / "brussels.json").read_text())


def public_pages(language):
    with translation.override(language):
        pages = [reverse(name) for name in ("public:home", "public:partner-list", "public:partner-map")]
        pages.append(reverse("public:directory"))
        pages += [partner.get_absolute_url() for partner in Partner.objects.public()]
    return pages


@pytest.mark.parametrize("language", ["fr", "nl", "de"])
def test_no_public_page_falls_back_on_a_text_from_the_seeds(client, seed, language):
    pages = public_pages(language)
    assert len(pages) > 30
    for url in pages:
        content = client.get(url).content.decode()
        assert f'<html lang="{language}">' in content
        assert 'class="fallback"' not in content, url


def texts(node, path=""):
    """Every translated text of the data file: the dicts that have an English version."""
    if isinstance(node, dict):
        if "en" in node and all(isinstance(value, str) for value in node.values()):
            yield path, node
        for key, value in node.items():
            yield from texts(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from texts(value, f"{path}/{index}")


def test_every_text_of_the_data_file_is_given_in_the_four_languages():
    found = list(texts(DATA))
    assert len(found) > 80
    for path, text in found:
        assert sorted(text) == sorted(LANGUAGES), path
        assert all(text.values()) or not any(text.values()), path


def records(node):
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from records(value)
    elif isinstance(node, list):
        for value in node:
            yield from records(value)


def test_the_data_file_says_which_versions_are_the_seeds_own():
    prose = [record for record in records(DATA) if "description" in record or "summary" in record]
    assert len(prose) >= 8
    for record in prose:
        assert set(record["source_languages"]) <= set(LANGUAGES)
    berlin = next(p for p in DATA["partners"] if p["slug"] == "berlin")
    assert berlin["source_languages"] == ["en", "de"]


def test_istanbul_and_ankara_are_described_from_seed_003(client, seed):
    istanbul = client.get("/nl/partners/istanbul/").content.decode()
    assert "Gazhane Museum" in istanbul
    ankara = client.get("/de/partners/ankara/").content.decode()
    assert "UMEM-Zentrum" in ankara


def test_places_and_signatories_offices_are_translated(client, seed):
    berlin = client.get("/nl/partners/berlin/").content.decode()
    assert "te Berlijn" in berlin and "te Berlin" not in berlin
    ankara = client.get("/fr/partners/ankara/").content.decode()
    assert "Mansur Yavaş, Maire d&#x27;Ankara" in ankara


def test_a_missing_translation_falls_back_with_a_note_in_the_readers_language(client, seed):
    berlin = Partner.objects.get(slug="berlin")
    AgreementFactory(partner=berlin, title_en="Exchange of letters on youth work", is_sample=False)
    french = client.get("/fr/partners/berlin/").content.decode()
    assert '<span lang="en">Exchange of letters on youth work</span>' in french
    assert "(en anglais\u00a0: pas encore traduit)" in french
    german = client.get("/de/partners/berlin/").content.decode()
    assert "(auf Englisch: noch nicht übersetzt)" in german
    english = client.get("/en/partners/berlin/").content.decode()
    assert 'class="fallback"' not in english
