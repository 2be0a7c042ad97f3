from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")

    def ready(self):
        from django.db.models.signals import post_migrate

        from search import backends, indexer

        indexer.connect_signals()
        post_migrate.connect(backends.after_migrate, sender=self, dispatch_uid="search.backends")
