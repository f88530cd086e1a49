"""Media storage follows the environment: files on disk by default, an S3 bucket when named."""

import json

from tests.processes import run_shell

SHOW_STORAGE = """
import json
from django.conf import settings
from django.core.files.storage import storages
storage = storages["default"]
print(json.dumps({
    "class": type(storage).__module__ + "." + type(storage).__name__,
    "bucket": getattr(storage, "bucket_name", None),
    "endpoint": getattr(storage, "endpoint_url", None),
    "region": getattr(storage, "region_name", None),
    "url": storage.url("photos/2026/floods 1.webp"),
    "media_url": settings.MEDIA_URL,
    "img_src": settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"],
}))
"""


def storage_under(**env):
    """Import production settings with this environment and describe the default storage."""
    settings_env = {
        "DJANGO_SETTINGS_MODULE": "newsdesk.settings.prod",
        "DJANGO_SECRET_KEY": "s" * 60,
        # No credentials anywhere and no network: building a URL must not need either.
        "AWS_ACCESS_KEY_ID": "AKIAEXAMPLE",
        "AWS_SECRET_ACCESS_KEY": "example-secret",
        "AWS_EC2_METADATA_DISABLED": "true",
        **env,
    }
    result = run_shell(SHOW_STORAGE, left_out=("NEWSDESK_S3", "AWS_"), **settings_env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_files_on_disk_by_default():
    described = storage_under()
    assert described["class"] == "django.core.files.storage.filesystem.FileSystemStorage"
    assert described["url"] == "/media/photos/2026/floods%201.webp"
    assert described["img_src"] == ["'self'", "data:"]


def test_bucket_with_custom_domain_serves_public_urls_without_network():
    described = storage_under(
        NEWSDESK_S3_BUCKET="newsdesk-media",
        NEWSDESK_S3_ENDPOINT_URL="https://s3.eu-central.example.net",
        NEWSDESK_S3_REGION="eu-central-1",
        NEWSDESK_S3_CUSTOM_DOMAIN="media.newsdesk.example",
    )
    assert described["class"] == "storages.backends.s3.S3Storage"
    assert described["bucket"] == "newsdesk-media"
    assert described["endpoint"] == "https://s3.eu-central.example.net"
    assert described["region"] == "eu-central-1"
    assert described["url"] == "https://media.newsdesk.example/photos/2026/floods%201.webp"
    assert described["media_url"] == "https://media.newsdesk.example/"
    assert described["img_src"] == ["'self'", "data:", "https://media.newsdesk.example"]


def test_bucket_on_an_s3_compatible_endpoint_allows_its_host_for_images():
    described = storage_under(
        NEWSDESK_S3_BUCKET="photos", NEWSDESK_S3_ENDPOINT_URL="http://127.0.0.1:9000"
    )
    assert described["class"] == "storages.backends.s3.S3Storage"
    assert described["endpoint"] == "http://127.0.0.1:9000"
    assert described["media_url"] == "http://127.0.0.1:9000/photos/"
    assert described["img_src"] == ["'self'", "data:", "http://127.0.0.1:9000"]
