"""The multilingual demo in real Chromium: the language switcher leads from a page to its Arabic version and back, and
the Arabic pages of the otherwise English site count down and filter in Arabic, right to left."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from conftest import copy_demo
from test_script_arabic_browser import (arabic_page, expect_the_countdown_in_arabic,  # noqa: F401 - a fixture
                                        expect_the_filter_to_count_in_arabic, served_before_the_vote)

pytestmark = pytest.mark.browser

DIRECTION = "(el) => getComputedStyle(el).direction"


def expect_the_page_in(page, path: str, lang: str, direction: str, current: str) -> None:
    """The page at `path` is in `lang`, laid out in `direction`, and its switcher marks `current` as the language."""
    expect(page).to_have_url(path)
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator("html")).to_have_attribute("dir", direction)
    assert page.locator("body").evaluate(DIRECTION) == direction
    expect(page.locator('.languages a[aria-current="true"]')).to_have_text(current)


def test_the_switcher_leads_to_the_arabic_version_of_the_page_and_back(demo_server, page):
    assert page.goto(demo_server + "/take-action/").ok
    expect_the_page_in(page, demo_server + "/take-action/", "en", "ltr", "English")
    languages = page.get_by_role("navigation", name="Languages")
    languages.get_by_role("link", name="العربية").click()
    expect_the_page_in(page, demo_server + "/ar/take-action/", "ar", "rtl", "العربية")
    # Right to left, the switcher sits at the masthead's end: on the left, before the site's name.
    switcher = page.locator(".masthead .languages").bounding_box()
    assert switcher["x"] + switcher["width"] < page.locator(".masthead .brand").bounding_box()["x"]
    page.get_by_role("navigation", name="اللغات").get_by_role("link", name="English").click()
    expect_the_page_in(page, demo_server + "/take-action/", "en", "ltr", "English")


@pytest.fixture(scope="module")
def demo_before_the_vote(tmp_path_factory):
    """The multilingual demo as it was published before the vote, so that its pages carry the countdown."""
    with served_before_the_vote(copy_demo(tmp_path_factory.mktemp("demo-before"))) as address:
        yield address


def expect_right_aligned(locator) -> None:
    """The element's text is laid out right to left and ends at its right edge, as Arabic is read."""
    assert locator.evaluate(DIRECTION) == "rtl"
    text_right, content_right = locator.evaluate(
        "(el) => { const range = document.createRange(); range.selectNodeContents(el);"
        " const style = getComputedStyle(el);"
        " return [range.getBoundingClientRect().right, el.getBoundingClientRect().right"
        " - parseFloat(style.paddingRight) - parseFloat(style.borderRightWidth)]; }")
    assert abs(text_right - content_right) < 2, (text_right, content_right)


def test_the_arabic_home_of_the_english_site_counts_down_in_arabic_right_to_left(demo_before_the_vote, arabic_page):
    expect_the_countdown_in_arabic(arabic_page, demo_before_the_vote + "/ar/")
    expect_right_aligned(arabic_page.locator(".when"))


def test_the_arabic_directory_of_the_english_site_filters_in_arabic_right_to_left(demo_server, arabic_page):
    expect_the_filter_to_count_in_arabic(arabic_page, demo_server + "/ar/members/", "يظهر 32 عضوًا", 32, "coons")
    expect_right_aligned(arabic_page.locator(".filter-count"))
