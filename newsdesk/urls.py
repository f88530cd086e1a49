"""Root URLs: the admin for editors, then the public site."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from newsdesk.health import healthz

admin.site.site_header = f"{settings.NEWSDESK_SITE_NAME} desk"
admin.site.site_title = settings.NEWSDESK_SITE_NAME
admin.site.index_title = "Stories, people and sections"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz/", healthz, name="healthz"),
    path("", include("articles.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
