import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from communication.models import Article, ArticleImage
from communication.services import scheduled_articles_publish
from communication.tests.factories import ArticleFactory, ArticleImageFactory, PublishedArticleFactory
from partners.tests.factories import PartnerFactory, ThemeFactory

ATOM = "{http://www.w3.org/2005/Atom}"


def url(name, *args, language="en"):
    with translation.override(language):
        return reverse(name, args=args)


def test_a_scheduled_article_appears_only_from_its_publication_moment(client, db):
    article = PublishedArticleFactory(publish_at=timezone.now() + timedelta(hours=1), title_en="Next week")
    scheduled_articles_publish()  # what the worker does every round
    assert client.get(url("communication:article-detail", article.slug)).status_code == 404
    assert b"Next week" not in client.get(url("communication:article-list")).content
    # Its moment comes: nothing is written, so no signal tells the page cache.
    Article.objects.filter(pk=article.pk).update(publish_at=timezone.now())
    assert scheduled_articles_publish() is True
    assert client.get(url("communication:article-detail", article.slug)).status_code == 200
    assert b"Next week" in client.get(url("communication:article-list")).content
    assert scheduled_articles_publish() is False


@pytest.mark.parametrize("state", [Article.State.DRAFT, Article.State.REVIEW, Article.State.ARCHIVED])
def test_anonymous_visitors_see_no_unpublished_article(client, db, state):
    article = ArticleFactory(state=state, publish_at=timezone.now() - timedelta(days=1))
    assert client.get(url("communication:article-detail", article.slug)).status_code == 404


def test_an_article_missing_in_the_page_language_falls_back_with_a_visible_note(client, db):
    article = PublishedArticleFactory(title_en="Jazz in Berlin", body_en="<p>Two concerts.</p>")
    page = client.get(url("communication:article-detail", article.slug, language="nl")).content.decode()
    assert "Jazz in Berlin" in page and "Two concerts." in page
    assert 'class="fallback"' in page and 'lang="en"' in page


def test_a_script_in_the_body_never_reaches_a_page(client, db):
    article = PublishedArticleFactory(
        body_en='<p onclick="steal()">Hello <a href="javascript:steal()">x</a></p><script>steal()</script>'
    )
    article.refresh_from_db()
    assert "script" not in article.body_en and "onclick" not in article.body_en
    # A row written around the model is cleaned again on the way out.
    Article.objects.filter(pk=article.pk).update(body_en="<p>Hi</p><script>steal()</script>")
    page = client.get(url("communication:article-detail", article.slug)).content.decode()
    assert "steal()" not in page and "<p>Hi</p>" in page


def test_an_image_needs_an_alternative_text(db):
    image = ArticleImageFactory.build(article=PublishedArticleFactory(), alt_text="", alt_text_en="")
    with pytest.raises(ValidationError) as error:
        image.full_clean()
    assert "alt_text" in error.value.message_dict or "alt_text_en" in error.value.message_dict


def test_images_of_published_articles_are_served_with_their_alternative_text(client, db):
    image = ArticleImageFactory(article=PublishedArticleFactory(), alt_text_en="Dancers at Les Brigittines")
    page = client.get(url("communication:article-detail", image.article.slug)).content.decode()
    assert 'alt="Dancers at Les Brigittines"' in page
    assert client.get(image.get_absolute_url()).status_code == 200


def test_images_of_drafts_are_not_served(client, db):
    image = ArticleImageFactory()
    assert client.get(reverse("news-image", args=[image.pk])).status_code == 404
    assert ArticleImage.objects.count() == 1


def test_news_list_filters_by_partner_and_theme(client, db):
    partner, theme = PartnerFactory(), ThemeFactory()
    with_partner = PublishedArticleFactory(title_en="About the partner")
    with_partner.partners.add(partner)
    with_theme = PublishedArticleFactory(title_en="About the theme")
    with_theme.themes.add(theme)
    page = client.get(url("communication:article-list"), {"partner": partner.slug}).content.decode()
    assert "About the partner" in page and "About the theme" not in page
    page = client.get(url("communication:article-list"), {"theme": theme.slug}).content.decode()
    assert "About the theme" in page and "About the partner" not in page


def test_a_bad_filter_gives_an_empty_list_not_an_error(client, db):
    PublishedArticleFactory()
    response = client.get(url("communication:article-list"), {"theme": "<script>", "page": "x"})
    assert response.status_code == 200


def test_news_list_is_paginated_with_a_fixed_number_of_queries(client, db, django_assert_max_num_queries):
    PublishedArticleFactory.create_batch(45)
    with django_assert_max_num_queries(5):
        first = client.get(url("communication:article-list"))
    assert 'rel="next"' in first.content.decode()
    with django_assert_max_num_queries(5):
        last = client.get(url("communication:article-list"), {"page": 3})
    assert last.status_code == 200 and 'rel="next"' not in last.content.decode()


def test_article_page_keeps_a_fixed_number_of_queries(client, db, django_assert_max_num_queries):
    article = PublishedArticleFactory()
    article.partners.add(*PartnerFactory.create_batch(5))
    article.themes.add(*ThemeFactory.create_batch(5))
    for _ in range(5):
        ArticleImageFactory(article=article)
    with django_assert_max_num_queries(7):
        assert client.get(url("communication:article-detail", article.slug)).status_code == 200


def test_home_and_partner_pages_show_the_latest_news(client, db):
    partner = PartnerFactory()
    article = PublishedArticleFactory(title_en="Youth athletics tournament")
    article.partners.add(partner)
    assert "Youth athletics tournament" in client.get(url("public:home")).content.decode()
    assert "Youth athletics tournament" in client.get(partner.get_absolute_url()).content.decode()


def test_the_rss_feed_is_rss_2_in_the_page_language(client, db):
    PublishedArticleFactory(title_en="In English", title_fr="En français")
    response = client.get(url("communication:rss", language="fr"))
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    for required in ("title", "link", "description"):
        assert channel.findtext(required)
    item = channel.find("item")
    assert item.findtext("title") == "En français"
    assert item.findtext("link").startswith("http://testserver/fr/news/")
    assert item.findtext("guid") and item.findtext("pubDate")


def test_the_atom_feed_is_atom_with_ids_and_dates(client, db):
    PublishedArticleFactory(title_en="In English", title_de="Auf Deutsch")
    response = client.get(url("communication:atom", language="de"))
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert root.findtext(f"{ATOM}{required}")
    entry = root.find(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == "Auf Deutsch"
    for required in ("id", "updated"):
        assert entry.findtext(f"{ATOM}{required}")
    assert entry.find(f"{ATOM}link").get("href").startswith("http://testserver/de/news/")


def test_feeds_hold_no_draft(client, db):
    ArticleFactory(title_en="Secret draft")
    assert b"Secret draft" not in client.get(url("communication:rss")).content


def test_home_page_and_feeds_keep_a_fixed_number_of_queries(client, db, django_assert_max_num_queries):
    for article in PublishedArticleFactory.create_batch(40):
        article.themes.add(ThemeFactory())
    with django_assert_max_num_queries(7):
        assert client.get(url("public:home")).status_code == 200
    for name in ("communication:rss", "communication:atom"):
        with django_assert_max_num_queries(3):
            assert client.get(url(name)).status_code == 200


def test_an_article_links_its_public_activities_and_a_sent_edition_shows_its_activities(client, db):
    from activities.tests.factories import ActivityFactory
    from communication.tests.factories import CampaignFactory

    article = PublishedArticleFactory(title_en="Thirty years with Berlin")
    public = ActivityFactory(slug="anniversary", title_en="Anniversary concert", title_fr="Concert anniversaire")
    internal = ActivityFactory(slug="briefing", title_en="Internal briefing", visibility="internal")
    article.activities.add(public, internal)
    page = client.get(url("communication:article-detail", article.slug, language="fr")).content.decode()
    assert 'href="/fr/activities/anniversary/"' in page and "Concert anniversaire" in page
    assert "Internal briefing" not in page and "/activities/briefing/" not in page
    campaign = CampaignFactory(state="sent", send_at=timezone.now())
    campaign.activities.add(public, internal)
    archived = client.get(f"/en/newsletter/archive/{campaign.pk}/").content.decode()
    assert "Anniversary concert" in archived and "Internal briefing" not in archived
