"""Seed the agencies and desks a Pakistani news desk credits daily, and the core sections."""

from django.db import migrations
from django.utils.text import slugify

AGENCIES = [
    ("APP", "Associated Press of Pakistan", "https://www.app.com.pk/"),
    ("PID", "Press Information Department", "https://pid.gov.pk/"),
    ("PPI", "Pakistan Press International", ""),
    ("NNI", "News Network International", ""),
    ("INP", "Independent News Pakistan", ""),
    ("Online", "Online News Agency", ""),
    ("Reuters", "Reuters", "https://www.reuters.com/"),
    ("AFP", "Agence France-Presse", "https://www.afp.com/"),
    ("AP", "Associated Press", "https://apnews.com/"),
    ("dpa", "Deutsche Presse-Agentur", "https://www.dpa.com/"),
    ("Xinhua", "Xinhua News Agency", "https://english.news.cn/"),
    ("AA", "Anadolu Agency", "https://www.aa.com.tr/en"),
    ("Bloomberg", "Bloomberg", "https://www.bloomberg.com/"),
    ("Web Desk", "Web Desk", ""),
    ("News Desk", "News Desk", ""),
]

SECTIONS = [
    ("Pakistan", "pakistan", 10),
    ("World", "world", 20),
    ("Business", "business", 30),
    ("Sports", "sports", 40),
]


def seed(apps, schema_editor):
    Agency = apps.get_model("articles", "Agency")
    Section = apps.get_model("articles", "Section")
    for code, name, url in AGENCIES:
        Agency.objects.get_or_create(
            code=code, defaults={"name": name, "slug": slugify(code), "url": url}
        )
    for name, slug, position in SECTIONS:
        Section.objects.get_or_create(slug=slug, defaults={"name": name, "position": position})


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
