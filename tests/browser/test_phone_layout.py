"""The phone layout: at 390 px wide nothing makes the page scroll sideways."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_WIDTH = 390
# The elements that stick out past the phone's right edge, to name them when the check fails.
OVERFLOWING = """width => [...document.querySelectorAll('body *')]
  .filter(el => el.getBoundingClientRect().right > width + 0.5)
  .slice(0, 10)
  .map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : '')
       + ' right=' + Math.round(el.getBoundingClientRect().right))"""
SIZES = "() => [document.documentElement.scrollWidth, window.innerWidth, devicePixelRatio]"


def test_no_horizontal_scroll_at_390_px(phone_page, demo):
    page = phone_page
    urls = {
        "home": "/",
        "section": demo.busy_section.get_absolute_url(),
        "article": demo.feature.get_absolute_url(),
        "search": "/search/?q=glaciers",
        "archive": "/archive/2024/03/14/",
        "month archive": "/archive/2024/03/",
        "filtered listing": "/latest/?author=bilal-khan",
    }
    too_wide = {}
    for label, url in urls.items():
        response = page.goto(url)
        assert response.status == 200, (label, url, response.status)
        scroll_width, inner_width, pixel_ratio = page.evaluate(SIZES)
        assert pixel_ratio == 3
        # A phone browser widens its layout viewport to fit content that is too wide, so the
        # page must fit the phone's 390 px, not merely whatever innerWidth became.
        if max(scroll_width, inner_width) > PHONE_WIDTH or scroll_width > inner_width:
            overflowing = page.evaluate(OVERFLOWING, PHONE_WIDTH)
            too_wide[f"{label} ({url})"] = (scroll_width, inner_width, overflowing)
    assert not too_wide, f"wider than {PHONE_WIDTH} px (scrollWidth, innerWidth, what): {too_wide}"
