"""Links into the date archives, by the newsroom's local date (a story at 23:30 in Karachi
belongs to that Karachi day, whatever the UTC date)."""

from datetime import datetime

from django import template
from django.utils import timezone

from articles.links import link

register = template.Library()


@register.filter
def archive_url(value, level="day"):
    """``{{ article.published_at|archive_url }}``, or ``|archive_url:"month"`` / ``"year"``."""
    if not value:
        return ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    parts = {"year": f"{value.year:04d}", "month": f"{value.month:02d}", "day": f"{value.day:02d}"}
    names = {"year": ["year"], "month": ["year", "month"], "day": ["year", "month", "day"]}[level]
    return link(f"articles:archive_{level}", *(parts[name] for name in names))
