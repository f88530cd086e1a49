from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"
    verbose_name = "News desk"

    def ready(self):
        # signals: the receivers that keep the search index current; revisions: registers
        # articles and their parts with django-reversion, so every save keeps a revision;
        # public_lists: the receivers that rebuild the cached navigation, choices and counts;
        # freshness_signals: the receivers that keep cached pages fresh.
        from articles import freshness_signals, public_lists, revisions, signals  # noqa: F401
