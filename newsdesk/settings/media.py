"""Media storage on an S3-compatible bucket (django-storages), read from the environment."""

from urllib.parse import urlsplit


def s3_media(bucket, environ):
    """(STORAGES["default"], MEDIA_URL, hosts photos are served from) for ``bucket``.

    ``NEWSDESK_S3_ENDPOINT_URL`` points at a non-AWS store (MinIO, R2, Spaces...),
    ``NEWSDESK_S3_REGION`` names the region, ``NEWSDESK_S3_CUSTOM_DOMAIN`` a CDN or public host
    serving the bucket. Photos are public, so URLs carry no signature.
    """
    endpoint = environ.get("NEWSDESK_S3_ENDPOINT_URL", "").strip() or None
    domain = environ.get("NEWSDESK_S3_CUSTOM_DOMAIN", "").strip() or None
    storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint,
            "region_name": environ.get("NEWSDESK_S3_REGION", "").strip() or None,
            "custom_domain": domain,
            "querystring_auth": False,
            "file_overwrite": False,
            "default_acl": None,
        },
    }
    if domain:
        host = media_url = f"https://{domain}"
    elif endpoint:
        parts = urlsplit(endpoint)
        host = f"{parts.scheme}://{parts.netloc}"
        media_url = f"{host}/{bucket}"  # path-style addressing, as most S3-compatible stores
    else:
        host = media_url = f"https://{bucket}.s3.amazonaws.com"
    return storage, f"{media_url}/", [host]
