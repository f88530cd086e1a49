"""The production stack for real: gunicorn with gunicorn.conf.py and production settings.

Static files are collected to a temporary folder (the manifest storage needs them), the
database is the test run's own (a migrated file for SQLite, the test database on PostgreSQL),
and requests go over a socket to a free port, as a load balancer's and a proxy's would.
"""

import gc
import http.client
import os
import runpy
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management.utils import get_random_secret_key
from django.db import connection

from tests.processes import run_manage

PROJECT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).with_name("gunicorn")

pytestmark = pytest.mark.django_db(transaction=True)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url(tmp_path, environment):
    """The test database where other processes can reach it, else a migrated SQLite file."""
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        return (
            f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/"
            f"{settings['NAME']}"
        )
    url = f"sqlite:///{tmp_path / 'site.sqlite3'}"
    manage("migrate", "--noinput", env={**environment, "DATABASE_URL": url})
    return url


def manage(*args, env):
    result = run_manage(*args, **env)
    assert result.returncode == 0, result.stderr
    return result


@pytest.fixture
def server(tmp_path):
    """A gunicorn under production settings; yields (port, log file, its environment)."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "GUNICORN_", "DATABASE"))
    }
    port = free_port()
    environment.update(
        DJANGO_SETTINGS_MODULE="newsdesk.settings.prod",
        DJANGO_SECRET_KEY=get_random_secret_key() + get_random_secret_key(),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        STATIC_ROOT=str(tmp_path / "static"),
        MEDIA_ROOT=str(tmp_path / "media"),
        GUNICORN_BIND=f"127.0.0.1:{port}",
    )
    environment["DATABASE_URL"] = database_url(tmp_path, environment)
    manage("collectstatic", "--noinput", env=environment)
    log = tmp_path / "gunicorn.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [str(GUNICORN), "-c", "gunicorn.conf.py", "newsdesk.wsgi"],
            cwd=PROJECT,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert process.poll() is None, log.read_text()
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.2)
        yield port, log, environment
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)


def fetch(port, path, https=True, method="GET", body=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Host": "127.0.0.1"}
    if https:  # as the TLS-terminating proxy in front says (gunicorn trusts 127.0.0.1)
        headers["X-Forwarded-Proto"] = "https"
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    content = response.read().decode()
    conn.close()
    return response, content


def publish_story(environment):
    """A published story in the server's database, written by another process; its URL."""
    code = (
        "from tests.factories import make_article, make_section; "
        "print(make_article('Floods recede in Sindh', section=make_section('Climate'))"
        ".get_absolute_url())"
    )
    result = manage("shell", "--no-imports", "-c", code, env=environment)
    return result.stdout.strip().splitlines()[-1]


def test_gunicorn_serves_the_site_hardened(server):
    port, log, environment = server
    story_url = publish_story(environment)

    health, body = fetch(port, "/healthz/", https=False)  # the balancer's plain-HTTP check
    assert health.status == 200, log.read_text()
    assert body == '{"status": "ok", "database": "ok", "cache": "ok"}'
    assert "no-store" in health.getheader("Cache-Control")

    redirect, _ = fetch(port, "/", https=False)
    assert redirect.status == 301
    assert redirect.getheader("Location") == "https://127.0.0.1/"

    home, content = fetch(port, "/")
    assert home.status == 200
    assert "Floods recede in Sindh" in content
    assert home.getheader("Strict-Transport-Security") == (
        "max-age=31536000; includeSubDomains; preload"
    )
    assert "script-src 'self'" in home.getheader("Content-Security-Policy")
    assert home.getheader("X-Content-Type-Options") == "nosniff"
    assert home.getheader("Referrer-Policy") == "strict-origin-when-cross-origin"
    assert "camera=()" in home.getheader("Permissions-Policy")

    article, content = fetch(port, story_url)
    assert article.status == 200 and "<h1" in content

    login, _ = fetch(port, "/admin/login/")
    assert login.status == 200
    cookie = login.getheader("Set-Cookie")
    assert "csrftoken=" in cookie and "Secure" in cookie

    missing, content = fetch(port, "/climate/no-such-story-999/")
    assert missing.status == 404 and "Page not found" in content and "Traceback" not in content

    # The 500 page links the stylesheet by its plain name: collectstatic keeps that copy too.
    stylesheet, _ = fetch(port, "/static/css/site.css")
    assert stylesheet.status == 200

    access_lines = [line for line in log.read_text().splitlines() if '"GET /healthz/ ' in line]
    assert access_lines, "gunicorn writes an access log line per request"


def test_the_master_freezes_what_it_preloaded_before_each_fork():
    """Workers' garbage collections then skip the app the master loaded (gunicorn.conf.py)."""
    config = runpy.run_path(str(PROJECT / "gunicorn.conf.py"))
    assert config["preload_app"] is True
    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    try:
        config["pre_fork"](server=None, worker=None)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
