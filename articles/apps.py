from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"
    verbose_name = "News desk"

    def ready(self):
        # Connects the receivers that keep the search index current.
        from articles import signals  # noqa: F401
