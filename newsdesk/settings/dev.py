"""Local development: debug on unless DJANGO_DEBUG says otherwise, SQLite and local memory cache."""

from .base import *  # noqa: F403
from .base import env_bool, resolve_secret_key

DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = resolve_secret_key(DEBUG)
