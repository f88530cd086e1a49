"""Shared fixtures: the shared wire samples, isolated media, and a staff client."""

import os
from pathlib import Path

import pytest
from django.core.cache import cache

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"


def shared_folder(name):
    """A folder of ../shared: skipped where absent, a failure when CI requires it."""
    folder = SHARED / name
    if not folder.is_dir():
        if os.environ.get("NEWSDESK_REQUIRE_SHARED") == "1":
            pytest.fail(f"shared {name} are required but missing at {folder}")
        pytest.skip(f"shared {name} not found at {folder}")
    return folder


@pytest.fixture
def wire_samples():
    return shared_folder("wire-samples")


@pytest.fixture
def schemas():
    return shared_folder("schemas")


@pytest.fixture(autouse=True)
def empty_cache():
    """Cached values (navigation, filter choices, counts) never outlive a test."""
    cache.clear()


@pytest.fixture(autouse=True)
def isolated_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_user(
        "desk", password="pw-for-tests", is_staff=True, is_superuser=True
    )
    client.force_login(user)
    return client
