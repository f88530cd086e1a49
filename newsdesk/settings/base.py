"""Settings shared by every environment. Secrets, hosts and services come from the environment.

The leaf modules (dev, prod, test) decide DEBUG and then call ``resolve_secret_key`` so that a
server with debug off can never start on a key that is written down somewhere.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    value = os.environ.get(name)
    if not value:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def resolve_secret_key(debug):
    """DJANGO_SECRET_KEY, or in debug mode a random key kept beside the checkout."""
    key = os.environ.get("DJANGO_SECRET_KEY", "").strip()
    if key:
        return key
    if not debug:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. With DJANGO_DEBUG off newsdesk refuses to run on a "
            "known key: export DJANGO_SECRET_KEY (50+ random characters) and start again."
        )
    key_file = BASE_DIR / ".secret_key"
    if not key_file.exists():
        from django.core.management.utils import get_random_secret_key

        key_file.write_text(get_random_secret_key())
        key_file.chmod(0o600)
    return key_file.read_text().strip()


INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_filters",
    "taggit",
    "reversion",
    "csp",
    "axes",
    "articles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous readers' pages from the cache, before sessions, auth, CSRF and the view.
    "articles.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "newsdesk.db_router.PrimaryForStaffMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsdesk.urls"
WSGI_APPLICATION = "newsdesk.wsgi.application"

TEMPLATES = [
    {
        # Readers' pages (templates/): Jinja2, compiled to Python once (articles/templating.py).
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "articles.templating.environment",
            "context_processors": ["articles.context_processors.site_navigation"],
        },
    },
    {
        # The admin, sitemaps and robots.txt (templates/django/, and each app's templates).
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates" / "django"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "articles.context_processors.site_navigation",
            ],
        },
    },
]

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=60,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A worker keeps its connection: opening one and running its pragmas took about 1 ms of
    # the 5 ms an uncached article page cost. WAL lets readers go on while the importer
    # writes, NORMAL sync drops an fsync per transaction (safe with WAL), and IMMEDIATE
    # transactions take the write lock up front instead of failing half-way.
    DATABASES["default"]["CONN_MAX_AGE"] = 600
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

# An optional read replica for public pages; the router keeps writes and the desk on the primary.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "").strip()
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL, conn_max_age=60, conn_health_checks=True
    )

# PostgreSQL plans a query anew each time unless it is prepared: 0.75 ms of the server's time
# for the article page's query, more than running it. The queries a page runs on every request
# (articles/prepared.py) are prepared once per connection; DATABASE_PREPARED_STATEMENTS=0 turns
# that off behind a pooler in transaction mode that cannot keep prepared statements (PgBouncer
# before 1.21, or without max_prepared_statements).
DATABASE_PREPARED_STATEMENTS = env_bool("DATABASE_PREPARED_STATEMENTS", True)
for _database in DATABASES.values():
    if _database["ENGINE"] == "django.db.backends.postgresql" and DATABASE_PREPARED_STATEMENTS:
        # Django's own cursors bind on the client and never prepare: only those cursors do.
        _database.setdefault("OPTIONS", {})["prepare_threshold"] = 5
DATABASE_ROUTERS = ["newsdesk.db_router.ReplicaRouter"]

REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "articles.cache_backends.KeptClientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "newsdesk",
            # Redis out of reach must cost a page little: pages are then built without the
            # cache (articles/freshness.py, CACHE_ERRORS) rather than wait on a socket.
            "OPTIONS": {
                "socket_connect_timeout": float(os.environ.get("REDIS_CONNECT_TIMEOUT", "0.5")),
                "socket_timeout": float(os.environ.get("REDIS_TIMEOUT", "0.5")),
            },
        }
    }
    CACHES["generations"] = dict(CACHES["default"])
    # A copy of recently served pages in each process, so a hit reads only the page's
    # generations from Redis (articles/page_cache.py); a few hundred pages a worker.
    CACHES["pages_in_process"] = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages-in-process",
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("NEWSDESK_IN_PROCESS_PAGES", "500"))},
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            # Whole pages (a few tens of kB each) and cached values, per process.
            "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("NEWSDESK_LOCMEM_ENTRIES", "5000"))},
        },
        # Generation numbers (articles/freshness.py) must be seen by every process: each
        # worker, and the importer. Files on disk, shared by all (articles/cache_backends.py).
        "generations": {
            "BACKEND": "articles.cache_backends.GenerationFileCache",
            "LOCATION": os.environ.get(
                "NEWSDESK_GENERATIONS_DIR", str(BASE_DIR / ".cache" / "generations")
            ),
        },
    }

# The whole-page cache for anonymous readers (articles/page_cache.py): "0" turns it off and
# keeps the caching headers. Browsers keep a page MAX_AGE seconds, a CDN S_MAXAGE (it is
# purged by the Surrogate-Key/Cache-Tag keys) and may serve it stale while it fetches anew.
NEWSDESK_PAGE_CACHE = env_bool("NEWSDESK_PAGE_CACHE", True)
NEWSDESK_PAGE_CACHE_IN_PROCESS = "pages_in_process" in CACHES
NEWSDESK_PAGE_CACHE_TIMEOUT = int(os.environ.get("NEWSDESK_PAGE_CACHE_TIMEOUT", "3600"))
NEWSDESK_CACHE_MAX_AGE = int(os.environ.get("NEWSDESK_CACHE_MAX_AGE", "60"))
# A CDN in front: "fastly" or "cloudflare" purges the pages a change shows (articles/cdn_purge.py)
# through its API, with the service (Fastly) or zone (Cloudflare) id and an API token.
NEWSDESK_CDN_PURGE = os.environ.get("NEWSDESK_CDN_PURGE", "").strip().lower()
NEWSDESK_CDN_SERVICE_ID = os.environ.get("NEWSDESK_CDN_SERVICE_ID", "")
NEWSDESK_CDN_API_TOKEN = os.environ.get("NEWSDESK_CDN_API_TOKEN", "")
NEWSDESK_CDN_API_URL = os.environ.get("NEWSDESK_CDN_API_URL", "")  # the provider's, by default
if NEWSDESK_CDN_PURGE and NEWSDESK_CDN_PURGE not in {"fastly", "cloudflare"}:
    raise ImproperlyConfigured(
        f"NEWSDESK_CDN_PURGE={NEWSDESK_CDN_PURGE!r}: fastly, cloudflare, or empty for none."
    )
if NEWSDESK_CDN_API_URL and not NEWSDESK_CDN_API_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured(
        f"NEWSDESK_CDN_API_URL={NEWSDESK_CDN_API_URL!r}: an http(s) address."
    )
if NEWSDESK_CDN_PURGE and not (NEWSDESK_CDN_SERVICE_ID and NEWSDESK_CDN_API_TOKEN):
    raise ImproperlyConfigured(
        "NEWSDESK_CDN_PURGE needs NEWSDESK_CDN_SERVICE_ID and NEWSDESK_CDN_API_TOKEN."
    )
NEWSDESK_CACHE_S_MAXAGE = int(os.environ.get("NEWSDESK_CACHE_S_MAXAGE", "600"))
NEWSDESK_CACHE_STALE_WHILE_REVALIDATE = int(
    os.environ.get("NEWSDESK_CACHE_STALE_WHILE_REVALIDATE", "30")
)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Karachi")
# The site and the desk speak one language: with the translation machinery off, each month or
# weekday name and each label is its English text at once (an uncached article page spent 3%
# of its time looking up translations). Dates keep the en-gb formats either way.
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Media on any S3-compatible store when a bucket is named; credentials come from the standard
# AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY variables (or the machine's role), never from here.
NEWSDESK_S3_BUCKET = os.environ.get("NEWSDESK_S3_BUCKET", "").strip()
MEDIA_HOSTS = []  # where photos are served from besides this site, for the CSP's img-src
if NEWSDESK_S3_BUCKET:
    from .media import s3_media

    STORAGES["default"], MEDIA_URL, MEDIA_HOSTS = s3_media(NEWSDESK_S3_BUCKET, os.environ)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TAGGIT_CASE_INSENSITIVE = True

LOGIN_URL = "admin:login"

# Admin login throttling (django-axes): 5 wrong passwords for one username from one address
# lock that pair out for 15 minutes; other users and other addresses go on logging in.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("NEWSDESK_LOGIN_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("NEWSDESK_LOGIN_COOLOFF_MINUTES", 15)))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "lockout.html"
AXES_CLIENT_IP_CALLABLE = "newsdesk.proxy.client_ip"
# How many proxies in front append to X-Forwarded-For; 0 trusts only the socket's address.
NEWSDESK_TRUSTED_PROXIES = int(os.environ.get("NEWSDESK_TRUSTED_PROXIES", 0))

# Content-Security-Policy (django-csp 4): no inline script or style anywhere on the site or the
# admin. JSON-LD blocks are data, not script, so script-src does not apply to them.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *MEDIA_HOSTS],
        "object-src": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
    }
}
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True

NEWSDESK_SITE_NAME = os.environ.get("NEWSDESK_SITE_NAME", "Newsdesk")
NEWSDESK_PAGE_SIZE = 20
# Where wire stories go when their copy names no section of ours.
NEWSDESK_WIRE_SECTION = os.environ.get("NEWSDESK_WIRE_SECTION", "world")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "newsdesk.jsonlog.JSONFormatter"},
    },
    # One JSON object a line by default (NEWSDESK_LOG_FORMAT=plain for prose).
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": os.environ.get("NEWSDESK_LOG_FORMAT", "json"),
        }
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"articles": {"level": os.environ.get("NEWSDESK_LOG_LEVEL", "INFO")}},
}
