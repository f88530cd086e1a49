"""The Content-Security-Policy in a real browser: no page of the site or the desk breaks it.

Chromium fires ``securitypolicyviolation`` for every script, style, image or frame the policy
blocks (inline ones included) and logs it to the console; both are collected from the first
byte of each page. The article page carries JSON-LD: a data block, which the policy must leave
alone (the HTML standard does not run data blocks, so script-src never applies to them).
"""

import re

import pytest
from playwright.sync_api import expect

from tests.desk import change_url, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.effectiveDirective} blocked ${event.blockedURI}`);
});
"""


def watch(page):
    console = []
    page.add_init_script(RECORD_VIOLATIONS)
    page.on(
        "console",
        lambda message: (
            console.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return console


def violations(page, console):
    return page.evaluate("window.__cspViolations") + console


def test_public_pages_break_no_policy(page, demo):
    console = watch(page)
    feature = demo.feature
    for url in ("/", feature.get_absolute_url(), "/search/?q=glacier", "/tag/climate/", "/latest/"):
        page.goto(url)
        page.wait_for_load_state("load")
        assert violations(page, console) == [], url
    page.goto(feature.get_absolute_url())
    assert page.locator("script[type='application/ld+json']").count() >= 1
    assert page.evaluate("document.querySelector('link[rel=stylesheet]').sheet !== null")
    # Styles from site.css apply: the skip link sits off screen until focused.
    assert page.evaluate("getComputedStyle(document.querySelector('.skip-link')).position") == (
        "absolute"
    )


def test_the_desk_breaks_no_policy(page, demo):
    console = watch(page)
    editor = make_staff("superuser", username="desk-chief")
    page.goto("/admin/login/")
    assert violations(page, console) == []
    page.get_by_label("Username").fill(editor.username)
    page.get_by_label("Password").fill("pw-for-tests")
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    for url in (
        "/admin/articles/article/",
        change_url(demo.feature),
        f"/admin/articles/article/{demo.feature.pk}/history/",
    ):
        page.goto(url)
        page.wait_for_load_state("load")
        assert violations(page, console) == [], url
    # The admin's own scripts ran: the collapsible inlines and the calendar widgets are live.
    page.goto(change_url(demo.feature))
    assert page.evaluate("typeof window.django === 'object' && typeof django.jQuery") == "function"
