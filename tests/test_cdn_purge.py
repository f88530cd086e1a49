"""A change purges exactly the pages that show it at the CDN in front (articles/cdn_purge.py),
through the CDN's API: here a local HTTP server standing in for Fastly's or Cloudflare's."""

import http.client
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.test import Client

from tests.factories import make_article
from tests.processes import run_manage

pytestmark = pytest.mark.django_db


class CDNStandIn(BaseHTTPRequestHandler):
    calls = []
    status = 200

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        type(self).calls.append((self.path, dict(self.headers), body))
        self.send_response(type(self).status)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def cdn(settings):
    CDNStandIn.calls, CDNStandIn.status = [], 200
    server = HTTPServer(("127.0.0.1", 0), CDNStandIn)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.NEWSDESK_CDN_API_URL = f"http://127.0.0.1:{server.server_port}"
    settings.NEWSDESK_CDN_SERVICE_ID = "svc-1"
    settings.NEWSDESK_CDN_API_TOKEN = "token-1"
    yield CDNStandIn
    server.shutdown()
    server.server_close()


def test_fastly_purges_the_keys_of_a_changed_story(settings, cdn):
    settings.NEWSDESK_CDN_PURGE = "fastly"
    story = make_article("Floods recede")
    cdn.calls.clear()
    story.headline = "Floods recede further"
    story.save()
    [(path, headers, _)] = cdn.calls
    assert path == "/service/svc-1/purge"
    assert headers["Fastly-Key"] == "token-1"
    purged = headers["Surrogate-Key"].split()
    assert {f"article-{story.pk}", f"section-{story.section_id}", "site"} <= set(purged)
    served = Client().get(story.get_absolute_url())["Surrogate-Key"].split()
    assert set(served) - {"nav"} <= set(purged)  # every key the page lists is purged


def test_cloudflare_purges_by_cache_tag_thirty_at_a_time(settings, cdn):
    settings.NEWSDESK_CDN_PURGE = "cloudflare"
    story = make_article("Floods recede")
    cdn.calls.clear()
    story.tags.add(*[f"topic {n}" for n in range(40)])
    assert cdn.calls
    tags = []
    for path, headers, body in cdn.calls:
        assert path == "/zones/svc-1/purge_cache"
        assert headers["Authorization"] == "Bearer token-1"
        chunk = json.loads(body)["tags"]
        assert 0 < len(chunk) <= 30
        tags += chunk
    assert f"article-{story.pk}" in tags and "tag-" in " ".join(tags)
    assert len(tags) == len(set(tags))


def test_a_failed_purge_is_logged_and_the_change_stands(settings, cdn, caplog):
    settings.NEWSDESK_CDN_PURGE = "fastly"
    cdn.status = 503
    story = make_article("Floods recede")
    story.headline = "Floods recede further"
    story.save()
    assert cdn.calls
    assert "CDN purge failed" in caplog.text
    story.refresh_from_db()
    assert story.headline == "Floods recede further"


def test_a_change_touching_too_many_keys_purges_everything_in_one_call(settings, cdn):
    settings.NEWSDESK_CDN_PURGE = "cloudflare"
    story = make_article("Floods recede")
    cdn.calls.clear()
    story.tags.add(*[f"topic {n}" for n in range(70)])  # over 2 calls of 30 tags
    assert [(path, json.loads(body)) for path, _, body in cdn.calls] == [
        ("/zones/svc-1/purge_cache", {"purge_everything": True})
    ]


def test_a_broken_answer_is_logged_and_the_change_stands(settings, cdn, caplog, monkeypatch):
    settings.NEWSDESK_CDN_PURGE = "fastly"
    story = make_article("Floods recede")

    def broken(*args, **kwargs):
        raise http.client.IncompleteRead(b"")

    monkeypatch.setattr("articles.cdn_purge.urllib.request.urlopen", broken)
    story.headline = "Floods recede further"
    story.save()
    assert "CDN purge failed" in caplog.text
    story.refresh_from_db()
    assert story.headline == "Floods recede further"


def test_no_cdn_no_call(settings, cdn):
    settings.NEWSDESK_CDN_PURGE = ""
    make_article("Floods recede").save()
    assert cdn.calls == []


@pytest.mark.parametrize(
    ("environment", "message"),
    [
        ({"NEWSDESK_CDN_PURGE": "akamai"}, "NEWSDESK_CDN_PURGE='akamai': fastly, cloudflare"),
        ({"NEWSDESK_CDN_PURGE": "fastly"}, "needs NEWSDESK_CDN_SERVICE_ID"),
        ({"NEWSDESK_CDN_API_URL": "ftp://cdn.example"}, "an http(s) address"),
    ],
)
def test_a_cdn_set_up_wrong_is_refused_at_start(environment, message):
    result = run_manage("check", left_out=("NEWSDESK_CDN_",), **environment)
    assert result.returncode != 0
    assert message in result.stderr
