"""Shared fixtures: the shared wire samples, isolated media, and a staff client."""

import os
from pathlib import Path

import pytest

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
def isolated_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test starts with an empty cache: only what this project keeps in it (pages,
    generations, cached values) under its own key prefix, so a shared Redis is left alone."""
    from django.core.cache import caches

    for alias in caches:
        _clear_own_cache(caches[alias])
    yield
    for alias in caches:
        _clear_own_cache(caches[alias])


def _clear_own_cache(cache):
    client = getattr(cache, "_cache", None)
    if hasattr(client, "get_client"):  # Redis: delete our prefix only, never FLUSHDB
        redis = client.get_client(write=True)
        pattern = cache.make_key("*")
        for key in redis.scan_iter(match=pattern, count=1000):
            redis.delete(key)
    else:
        cache.clear()


@pytest.fixture(autouse=True)
def forget_built_navigation(monkeypatch):
    """Committed, the navigation version only moves on; a test's rollback takes it back to a number
    an earlier test's navigation was built at (articles/public_lists.py)."""
    from articles import public_lists

    monkeypatch.setattr(public_lists, "_built_at_version", None)


@pytest.fixture(autouse=True)
def freshness_commits(monkeypatch):
    """Tests run inside a transaction that never commits, so the generations that cached pages
    are checked against (replaced when a change commits) would never move. Replace them as a
    commit would: when the outermost block the code under test opens ends (the admin's, a
    save's, an import's), or at once for a write made outside any block."""
    from django.db import transaction
    from django.db.backends.base.base import BaseDatabaseWrapper

    from articles import freshness

    def only_test_blocks(connection):
        return all(block._from_testcase for block in connection.atomic_blocks)

    original_on_commit = BaseDatabaseWrapper.on_commit

    def on_commit(self, func, robust=False):
        if func is freshness._flush_changes and self.in_atomic_block and only_test_blocks(self):
            return func()
        return original_on_commit(self, func, robust)

    original_exit = transaction.Atomic.__exit__

    def exit_block(self, exc_type, exc_value, traceback):
        result = original_exit(self, exc_type, exc_value, traceback)
        connection = transaction.get_connection(self.using)
        if self._from_testcase or not connection.in_atomic_block:
            return result
        if only_test_blocks(connection):
            ours = [
                entry for entry in connection.run_on_commit if entry[1] is freshness._flush_changes
            ]
            if ours:
                connection.run_on_commit = [
                    entry for entry in connection.run_on_commit if entry not in ours
                ]
                if exc_type is None and not connection.needs_rollback:
                    freshness._flush_changes()
        return result

    monkeypatch.setattr(BaseDatabaseWrapper, "on_commit", on_commit)
    monkeypatch.setattr(transaction.Atomic, "__exit__", exit_block)


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_user(
        "desk", password="pw-for-tests", is_staff=True, is_superuser=True
    )
    client.force_login(user)
    return client
