"""The demo in real Chromium: every page of the sitemap opens, and the navigation leads where it says."""

import re
import urllib.request

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def sitemap_paths(site_url: str) -> list[str]:
    with urllib.request.urlopen(site_url + "/sitemap.xml") as response:
        locations = re.findall(r"<loc>([^<]+)</loc>", response.read().decode())
    return [re.sub(r"^https://example\.org", "", loc) for loc in locations]


def test_every_page_in_the_sitemap_opens_with_a_heading(demo_server, page):
    paths = sitemap_paths(demo_server)
    assert len(paths) > 10 and "/" in paths and "/members/" in paths and "/statements/" in paths
    for path in paths:
        response = page.goto(demo_server + path)
        assert response.ok, path
        expect(page.locator("h1").first).not_to_be_empty()
        assert page.title(), path


def test_following_the_navigation(demo_server, page):
    page.goto(demo_server + "/")
    links = page.locator("nav[aria-label=Main] a")
    titles = links.all_text_contents()
    assert titles == ["Why it matters", "Statements", "Who decides", "Take action"]
    for title in titles:
        page.goto(demo_server + "/")
        page.get_by_role("navigation", name="Main").get_by_role("link", name=title).click()
        page.wait_for_load_state()
        assert page.locator('nav[aria-label=Main] a[aria-current="page"]').inner_text() == title
        assert "Page not found" not in page.title()


def test_demo_statement_writes_the_senators_names(demo_server, page):
    page.goto(demo_server + "/statements/")
    page.get_by_role("link", name=re.compile("Wicker, Shaheen, Coons, & Rubio Warn Against")).click()
    expect(page.locator("h1")).to_have_text(
        "Wicker, Shaheen, Coons, & Rubio Warn Against Russian Leadership of Interpol Ahead of General Assembly Vote")
    expect(page.locator(".lede")).to_contain_text(
        "U.S. Senators Roger Wicker, R-Miss., Jeanne Shaheen, D-N.H., Chris Coons, D-Del., and Marco Rubio, R-Fla., "
        "members of the Helsinki Commission, issued the following joint statement")
