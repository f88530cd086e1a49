"""Browser fixtures: one headless Debian chromium for the session, a fresh page per test, the
live server of the test run, the demo newsroom, and a screenshot of every failing page.

Chromium is never downloaded: ``make test`` installs Debian's package where it is missing.
Without it these tests are skipped with a reason, unless NEWSDESK_REQUIRE_BROWSER=1 (CI) makes
a missing browser a failure.
"""

import os
import re
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Page, sync_playwright

from articles import search
from tests.browser.demo import build_demo

CHROMIUM = Path("/usr/bin/chromium")
# The test machines' network is closed: Chromium's own background connections would only hang.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
}
TIMEOUT_MS = 10_000


def require(condition, reason):
    """Skip where a browser prerequisite is absent; fail instead when CI says it is required."""
    if condition:
        return
    if os.environ.get("NEWSDESK_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (NEWSDESK_REQUIRE_BROWSER=1)")
    pytest.skip(reason)


@pytest.fixture(scope="package")
def browser(django_db_setup):
    """One chromium for every browser test, closed when they are done.

    Playwright's sync API marks an asyncio loop as running in this thread while it is open,
    and Django then refuses ORM calls here (the demo data, the flush after each test). The
    loop is Playwright's, not the site's: the site runs in the live server's own thread. So
    Django's guard is lifted for exactly as long as the browser is open; package scope (this
    folder) closes it, and restores the guard, before any other test runs. The test database
    exists before the browser starts, for the same reason.
    """
    require(CHROMIUM.exists(), f"no chromium at {CHROMIUM} (make test installs Debian's package)")
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@contextmanager
def open_page(browser, live_server, **options):
    context = browser.new_context(base_url=live_server.url, **options)
    context.set_default_timeout(TIMEOUT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def demo(transactional_db, live_server):
    """The demo newsroom, committed so the live server's thread sees it."""
    yield build_demo()
    # The SQLite FTS5 table is not one of Django's tables, so the flush would leave it behind.
    search.clear_index()


@pytest.fixture
def page(browser, live_server, demo):
    with open_page(browser, live_server, **DESKTOP) as page:
        yield page


@pytest.fixture
def page_without_js(browser, live_server, demo):
    """A reader whose browser runs no JavaScript: forms and links must work on their own."""
    with open_page(browser, live_server, java_script_enabled=False, **DESKTOP) as page:
        yield page


@pytest.fixture
def phone_page(browser, live_server, demo):
    """A 390 px wide phone at device scale 3."""
    with open_page(browser, live_server, **PHONE) as page:
        yield page


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Save a full-page screenshot of every page a failing test had open."""
    report = yield
    if report.when == "call" and report.failed:
        for name, page in getattr(item, "funcargs", {}).items():
            if not isinstance(page, Page):
                continue
            ARTIFACTS.mkdir(exist_ok=True)
            path = ARTIFACTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', item.nodeid)}-{name}.png"
            try:
                page.screenshot(path=path, full_page=True)
            except Exception as error:  # a closed or crashed page: keep the test's own failure
                report.sections.append(("screenshot", f"could not save {path}: {error}"))
            else:
                report.sections.append(("screenshot", f"{page.url} saved to {path}"))
    return report
