"""The site's URLs plus ``/_bench/bare/<page-type>/``: the ceiling of the stack.

The bare view answers with the bytes of a real page (home, article, section...) that
bench/load.py saved as ``$BENCH_BARE_DIR/<page-type>.html`` before starting this server, through
the same middleware, WSGI and gunicorn as the real page but with no query and no template. A page
type's figures divided by its bare view's tell how much of the stack's ceiling the page reaches.
"""

import os
from pathlib import Path

from django.http import Http404, HttpResponse
from django.urls import path

from newsdesk.urls import urlpatterns as site_urlpatterns

_pages = {}


def bare(request, page_type):
    if page_type not in _pages:
        saved = Path(os.environ.get("BENCH_BARE_DIR", "")) / f"{page_type}.html"
        if not os.environ.get("BENCH_BARE_DIR") or not saved.is_file():
            raise Http404("No saved page of that type.")
        _pages[page_type] = saved.read_bytes()
    return HttpResponse(_pages[page_type], content_type="text/html; charset=utf-8")


urlpatterns = [path("_bench/bare/<slug:page_type>/", bare), *site_urlpatterns]
