from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext_lazy as _

from communication.models import Article
from core.templatetags.liaison import plain_translated

FEED_ITEMS = 20


class NewsFeed(Feed):
    feed_type = Rss201rev2Feed
    title = _("Brussels International: news")
    description = _("News of the international relations of the Brussels-Capital Region.")

    def link(self):
        return reverse("communication:article-list")

    def items(self):
        return Article.objects.for_list()[:FEED_ITEMS]

    def item_title(self, item):
        return plain_translated(item, "title")

    def item_description(self, item):
        return plain_translated(item, "summary")

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.updated_at


class AtomNewsFeed(NewsFeed):
    feed_type = Atom1Feed
    subtitle = NewsFeed.description
