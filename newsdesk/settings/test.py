"""Test runs: production-like (debug off), a throwaway key, fast hashing, plain static storage."""

import os
import secrets
import tempfile

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = secrets.token_urlsafe(50)
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tests never run collectstatic: serve static files straight from the finders.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# A second alias to the same test database, as a read replica would be; the router sends reads
# there only in the tests that switch NEWSDESK_READ_FROM_REPLICA on (tests/test_replica.py).
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
NEWSDESK_READ_FROM_REPLICA = False
# Generations are shared through files without Redis: a folder of this run's own.
_generations = CACHES["generations"]  # noqa: F405
if _generations["BACKEND"].endswith("GenerationFileCache"):
    _generations["LOCATION"] = os.environ.get("NEWSDESK_GENERATIONS_DIR") or tempfile.mkdtemp(
        prefix="newsdesk-generations-"
    )
