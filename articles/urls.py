"""Public URLs. Sections sit at the top level, so they come after every fixed prefix; a story's
address (``<section>/<slug>-<id>/``) has two parts, so only the two-part fixed prefixes (tag,
author, agency) must come before it."""

from django.urls import path, re_path
from django.views.generic import TemplateView

from articles import feeds, sitemaps, views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("latest/", views.LatestView.as_view(), name="latest"),
    path("api/ninjs/<int:pk>/", views.article_ninjs, name="article_ninjs"),
    path("tag/<slug:slug>/", views.TagView.as_view(), name="tag"),
    path("author/<slug:slug>/", views.AuthorView.as_view(), name="author"),
    path("agency/<slug:slug>/", views.AgencyView.as_view(), name="agency"),
    # Stories are most of the traffic: tried right after the only fixed prefixes their
    # addresses could be mistaken for (a tag, person or agency slug ending in "-<digits>").
    re_path(
        r"^(?P<section>[-a-zA-Z0-9_]+)/(?P<slug>[-a-zA-Z0-9_]+)-(?P<pk>[0-9]+)/$",
        views.ArticleDetailView.as_view(),
        name="article",
    ),
    path("search/", views.SearchView.as_view(), name="search"),
    re_path(r"^archive/(?P<year>[0-9]{4})/$", views.YearArchive.as_view(), name="archive_year"),
    re_path(
        r"^archive/(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/$",
        views.MonthArchive.as_view(),
        name="archive_month",
    ),
    re_path(
        r"^archive/(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/(?P<day>[0-9]{2})/$",
        views.DayArchive.as_view(),
        name="archive_day",
    ),
    path("feeds/rss/", feeds.LatestStoriesFeed(), name="feed_rss"),
    path("feeds/atom/", feeds.LatestStoriesAtomFeed(), name="feed_atom"),
    path("feeds/section/<slug:slug>/rss/", feeds.SectionFeed(), name="section_feed_rss"),
    path("feeds/section/<slug:slug>/atom/", feeds.SectionAtomFeed(), name="section_feed_atom"),
    path("feeds/tag/<slug:slug>/rss/", feeds.TagFeed(), name="tag_feed_rss"),
    path("feeds/tag/<slug:slug>/atom/", feeds.TagAtomFeed(), name="tag_feed_atom"),
    path("feeds/author/<slug:slug>/rss/", feeds.AuthorFeed(), name="author_feed_rss"),
    path("feeds/author/<slug:slug>/atom/", feeds.AuthorAtomFeed(), name="author_feed_atom"),
    path("feeds/agency/<slug:slug>/rss/", feeds.AgencyFeed(), name="agency_feed_rss"),
    path("feeds/agency/<slug:slug>/atom/", feeds.AgencyAtomFeed(), name="agency_feed_atom"),
    path("sitemap.xml", sitemaps.index, name="sitemap"),
    path("sitemap-news.xml", sitemaps.news, name="sitemap_news"),
    path("sitemap-<slug:section>.xml", sitemaps.section, name="sitemap_section"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain; charset=utf-8"),
        name="robots",
    ),
    path("<slug:slug>/", views.SectionView.as_view(), name="section"),
]
