"""``/healthz/``: 200 when the database and the cache answer, 503 naming the one that does not.

Its exemption from the HTTPS redirect under production settings is tested in test_gunicorn.py.
"""

import json

import pytest
from django.urls import reverse

from tests.processes import run_shell

UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
    }
}

pytestmark = pytest.mark.django_db


def test_healthy_server_answers_200_never_cached(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Type"] == "application/json"


def test_unreachable_cache_answers_503_naming_the_cache(client, settings):
    settings.CACHES = UNREACHABLE_REDIS
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail" and body["database"] == "ok"
    assert body["cache"].startswith("failed: ")
    assert "127.0.0.1" not in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_unreachable_database_answers_503_naming_the_database():
    """A real server process whose database does not answer (nothing on port 1)."""
    code = (
        "import json; from django.test import Client; r = Client().get('/healthz/'); "
        "print(json.dumps({'status': r.status_code, 'body': r.json()}))"
    )
    result = run_shell(
        code,
        DJANGO_SETTINGS_MODULE="newsdesk.settings.test",
        DATABASE_URL="postgres://postgres@127.0.0.1:1/newsdesk",
    )
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert answer["status"] == 503, result.stderr
    assert answer["body"] == {
        "status": "fail",
        "database": "failed: OperationalError",
        "cache": "ok",
    }
