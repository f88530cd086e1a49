"""Settings read the environment: refusing a known key, production checks, and the cache."""

import os
import uuid

import pytest
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.core.management.utils import get_random_secret_key

from tests.processes import run_manage


def test_debug_off_without_secret_key_refuses_to_start():
    result = run_manage("check", DJANGO_SETTINGS_MODULE="newsdesk.settings.prod")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr
    dev = run_manage("check", DJANGO_SETTINGS_MODULE="newsdesk.settings.dev", DJANGO_DEBUG="0")
    assert dev.returncode != 0 and "DJANGO_SECRET_KEY is not set" in dev.stderr


def test_check_deploy_is_clean_under_production_settings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="newsdesk.settings.prod",
        DJANGO_SECRET_KEY=get_random_secret_key() + get_random_secret_key(),
        DJANGO_ALLOWED_HOSTS="news.example.com",
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_environment_chooses_database_and_cache():
    code = (
        "from django.conf import settings as s; "
        "print(s.DATABASES['default']['ENGINE'], s.CACHES['default']['BACKEND'], s.TIME_ZONE)"
    )
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        code,
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/test",
        REDIS_URL="redis://127.0.0.1:6379/0",
        TIME_ZONE="Europe/London",
    )
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "articles.cache_backends.KeptClientRedisCache",
        "Europe/London",
    ], result.stderr
    default = run_manage("shell", "--no-imports", "-c", code)
    assert default.stdout.split() == [
        "django.db.backends.sqlite3",
        "django.core.cache.backends.locmem.LocMemCache",
        "Asia/Karachi",
    ], default.stderr


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL not set (CI sets it)")
def test_configured_redis_cache_round_trips():
    assert isinstance(caches["default"], RedisCache)  # Django's, keeping its clients
    key, value = f"newsdesk-test-{uuid.uuid4()}", {"headline": "Floods recede"}
    cache.set(key, value, timeout=30)
    assert cache.get(key) == value
    cache.delete(key)
    assert cache.get(key) is None
