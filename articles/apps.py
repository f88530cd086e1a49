from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"
    verbose_name = "News desk"

    def ready(self):
        # signals: the receivers that keep the search index current; revisions: registers
        # articles and their parts with django-reversion, so every save keeps a revision;
        # freshness_signals: the receivers that keep cached pages and values (navigation,
        # filter choices, counts) fresh; cdn_purge: the one that purges a CDN's copies.
        from articles import cdn_purge, freshness_signals, revisions, signals  # noqa: F401
