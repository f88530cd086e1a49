"""Public URLs. Sections sit at the top level, so they come after every fixed prefix."""

from django.urls import path, re_path

from articles import views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("latest/", views.LatestView.as_view(), name="latest"),
    path("api/ninjs/<int:pk>/", views.article_ninjs, name="article_ninjs"),
    path("tag/<slug:slug>/", views.TagView.as_view(), name="tag"),
    path("author/<slug:slug>/", views.AuthorView.as_view(), name="author"),
    path("agency/<slug:slug>/", views.AgencyView.as_view(), name="agency"),
    path("<slug:slug>/", views.SectionView.as_view(), name="section"),
    re_path(
        r"^(?P<section>[-a-zA-Z0-9_]+)/(?P<slug>[-a-zA-Z0-9_]+)-(?P<pk>[0-9]+)/$",
        views.ArticleDetailView.as_view(),
        name="article",
    ),
]
