"""Shared fixtures: the shared wire samples, isolated media, and a staff client."""

import os
from pathlib import Path

import pytest

WIRE_SAMPLES = Path(__file__).resolve().parent.parent.parent / "shared" / "wire-samples"


@pytest.fixture
def wire_samples():
    """../shared/wire-samples: skipped where absent, a failure when CI requires it."""
    if not WIRE_SAMPLES.is_dir():
        if os.environ.get("NEWSDESK_REQUIRE_SHARED") == "1":
            pytest.fail(f"shared wire samples are required but missing at {WIRE_SAMPLES}")
        pytest.skip(f"shared wire samples not found at {WIRE_SAMPLES}")
    return WIRE_SAMPLES


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
