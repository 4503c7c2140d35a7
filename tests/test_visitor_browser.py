"""What a visitor gets, in real Chromium: no third-party request, axe clean in light and dark, works without JavaScript."""

from __future__ import annotations

import datetime as dt
import mimetypes
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from conftest import ROOT, make_project, write_files
from microsite.i18n import Language
from test_visitor_pages import BEFORE_THE_VOTE, VOTE_SITE, build_project, sitemap_files

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
UTC = dt.timezone.utc


DEMO_TRANSLATIONS = ("fr", "es", "ar")  # site.yml's `languages`; English, the default, keeps the addresses without one


# A senator (with the letter) and a country's delegation (with the call script): the two kinds of member page.
MEMBER_SAMPLE = ("wicker", "russia")


def demo_paths(demo_build) -> list[str]:
    return list(sitemap_files(demo_build[1]))


def sampled_demo_paths(demo_build) -> list[str]:
    """Every page in English and every translated page but the member pages of other members than MEMBER_SAMPLE's:
    a translated member page differs from another of its list only in data the English pages already show."""
    return [path for path in demo_paths(demo_build)
            if page_language(path) == "en" or not is_member_page(path) or path.split("/")[-2] in MEMBER_SAMPLE]


def is_member_page(path: str) -> bool:
    return re.search(r"/members/[^/]+/$", path) is not None


def page_language(path: str) -> str:
    """The language of the demo's page at `path`: the first folder of its address, or the default language."""
    first = path.split("/")[1]
    return first if first in DEMO_TRANSLATIONS else "en"


def serve_from_folder(page, site: Path, origin: str = "http://campaign.test") -> str:
    """Answer every request to `origin` from the files in `site`, as a static host would; returns the origin."""
    def fulfil(route):
        path = urlsplit(route.request.url).path
        file = site / (path.lstrip("/") + ("index.html" if path.endswith("/") else ""))
        if file.is_file():
            route.fulfill(body=file.read_bytes(), content_type=mimetypes.guess_type(file.name)[0] or "text/html")
        else:
            route.fulfill(status=404, body=b"not found")

    page.route(origin + "/**", fulfil)
    return origin


# -- requests, console, content security policy --------------------------------------------------------------
def test_every_page_requests_only_its_own_origin_sets_no_cookie_and_logs_no_error(demo_build, demo_server, page):
    requests, problems = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: message.type in ("error", "warning") and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    for path in sampled_demo_paths(demo_build) + ["/404.html"]:
        response = page.goto(demo_server + path)
        assert response.ok, path
        assert problems == [], f"{path}: {problems}"
    assert len(requests) > 30
    foreign = [url for url in requests if not url.startswith(demo_server + "/")]
    assert foreign == []
    assert page.context.cookies() == [], "no cookie, so no cookie banner"


def test_the_sites_script_runs_under_its_content_security_policy(demo_server, browser):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(demo_server + "/")
    copy = page.get_by_role("button", name="Copy link")
    expect(copy).to_be_visible()  # the script un-hides it: proof that it ran despite the strict policy
    copy.click()
    expect(page.get_by_role("status")).to_have_text("Link copied.")
    assert page.evaluate("() => navigator.clipboard.readText()") == "https://example.org/"
    context.close()


def test_native_share_button_appears_only_where_the_browser_can_share(demo_server, browser):
    context = browser.new_context()
    page = context.new_page()
    page.goto(demo_server + "/why-it-matters/")
    expect(page.locator(".native-share")).to_be_hidden()
    context.add_init_script(script="navigator.share = function (data) { window.shared = data; return Promise.resolve(); };")
    page.goto(demo_server + "/why-it-matters/")
    page.get_by_role("button", name="Share…").click()
    assert page.evaluate("() => window.shared") == {"title": "Why it matters",
                                                     "url": "https://example.org/why-it-matters/"}
    context.close()


# -- accessibility ---------------------------------------------------------------------------------------------
def axe_violations(page, rules: list[str] | None = None) -> list[str]:
    if not page.evaluate("() => 'axe' in window"):
        page.add_script_tag(path=str(AXE))
    options = {"resultTypes": ["violations"], **({"runOnly": rules} if rules else {})}
    results = page.evaluate("(options) => axe.run(document, options)", options)
    return [f"{v['id']}: {v['help']} ({', '.join(n['target'][0] for n in v['nodes'][:3])})" for v in results["violations"]]


def test_axe_finds_nothing_on_any_page_in_light_and_dark(demo_build, demo_server, browser):
    # axe is injected as an inline script, which the pages' own policy rightly forbids: bypass it for the checker only.
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    found = {}
    dark = set(sampled_demo_paths(demo_build))
    for path in demo_paths(demo_build):
        response = page.goto(demo_server + path)
        assert response.ok, path
        page.emulate_media(color_scheme="light")
        if violations := axe_violations(page):
            found[path] = violations
        # Only colours change in the dark scheme, so only contrast needs checking again, on the sample (lean suite).
        if path not in dark:
            continue
        page.emulate_media(color_scheme="dark")
        if violations := axe_violations(page, ["color-contrast"]):
            found[f"{path} (dark)"] = violations
    context.close()
    assert found == {}


def test_every_page_has_lang_dir_landmarks_and_a_skip_link(demo_build, demo_server, page):
    for path in sampled_demo_paths(demo_build):
        page.goto(demo_server + path)
        code = page_language(path)
        language = Language(code)
        assert page.locator("html").get_attribute("lang") == code, path
        assert page.locator("html").get_attribute("dir") == language.dir, path
        for role in ("banner", "main", "contentinfo"):
            expect(page.get_by_role(role)).to_have_count(1)
        expect(page.get_by_role("navigation", name=language.pgettext("navigation", "Main"))).to_be_attached()
        expect(page.locator("body > a.skip").first).to_have_attribute("href", "#main")


def test_keyboard_user_sees_the_skip_link_and_where_focus_is(demo_server, page):
    page.goto(demo_server + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    for target in (page.get_by_role("link", name="Why it matters").first,
                   page.get_by_role("link", name="Find your representative"),
                   page.get_by_role("link", name="WhatsApp")):
        target.focus()
        style = target.evaluate("(el) => { const s = getComputedStyle(el); return [s.outlineStyle, s.outlineWidth]; }")
        assert style[0] != "none" and style[1] != "0px", style


def test_arabic_site_is_laid_out_right_to_left(tmp_path, monkeypatch, browser):
    root = make_project(tmp_path / "ar", site_yml=VOTE_SITE.replace("language: en", "language: ar"))
    write_files(root, {"content/pages/index.md": "---\ntitle: صوتوا ضد المرشح\n---\n\n> اقتباس من البيان.\n\nمرحبا.\n"})
    site = build_project(root, BEFORE_THE_VOTE, monkeypatch)
    context = browser.new_context(viewport={"width": 1000, "height": 800}, bypass_csp=True)
    page = context.new_page()
    page.goto(serve_from_folder(page, site) + "/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    quote = page.locator("blockquote")
    sides = quote.evaluate("(el) => { const s = getComputedStyle(el); "
                           "return [s.borderRightWidth, s.borderLeftWidth, s.paddingRight, s.paddingLeft]; }")
    assert sides == ["4px", "0px", "16px", "0px"], "the quote's rule and its gap are on the right"
    brand = page.locator(".brand").bounding_box()
    assert brand["x"] > 500, "the site's name starts on the right"
    assert page.evaluate("() => document.documentElement.scrollWidth") == 1000, "nothing sticks out to the left"
    assert axe_violations(page) == []
    context.close()


# -- the deadline, told by the clock -------------------------------------------------------------------------
@pytest.fixture
def vote_site(tmp_path, monkeypatch):
    return build_project(make_project(tmp_path / "vote", site_yml=VOTE_SITE), BEFORE_THE_VOTE, monkeypatch)


def test_countdown_shows_the_time_left_before_the_vote(vote_site, page):
    page.clock.install(time=dt.datetime(2018, 11, 19, 11, 30, tzinfo=UTC))  # the vote day starts 20 Nov 20:00 UTC
    page.goto(serve_from_folder(page, vote_site) + "/")
    expect(page.locator(".when")).to_contain_text("The vote is on Wednesday, 21 November 2018 in Dubai.")
    expect(page.locator(".when .countdown")).to_have_text("1 day 8 hours to go")
    expect(page.locator(".deadline-bar .countdown")).to_have_text("1 day 8 hours to go")


def test_countdown_turns_to_the_past_once_the_vote_is_over(vote_site, page):
    page.clock.install(time=dt.datetime(2018, 11, 20, 19, 58, 30, tzinfo=UTC))
    page.goto(serve_from_folder(page, vote_site) + "/")
    expect(page.locator(".when .countdown")).to_have_text("1 minute to go")
    page.clock.fast_forward("02:00")
    expect(page.locator(".when .countdown")).to_have_text("today")
    page.clock.fast_forward("24:00:00")
    expect(page.locator(".when")).to_have_text("The vote took place on Wednesday, 21 November 2018 in Dubai.")
    expect(page.locator(".deadline-label")).to_have_text("Took place")


# -- without JavaScript ----------------------------------------------------------------------------------------
def test_every_page_reads_the_same_without_javascript(demo_build, demo_server, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    for path in sampled_demo_paths(demo_build):
        page.goto(demo_server + path)
        expect(page.locator("h1").first).to_be_visible()
        assert len(page.locator("main").inner_text()) > 40, path
    page.goto(demo_server + "/")
    expect(page.locator(".when")).to_have_text(
        "The vote took place on Wednesday, 21 November 2018 in Dubai, United Arab Emirates.")
    expect(page.get_by_role("link", name="Find your representative")).to_be_visible()
    page.goto(demo_server + "/members/")
    names = page.locator("table.directory tbody th[scope=row] a")
    member_pages = [path for path in demo_paths(demo_build) if path.startswith("/members/") and path != "/members/"]
    expect(names).to_have_count(len(member_pages))
    for name in names.all():
        expect(name).to_be_visible()
    expect(page.locator("form.filters")).to_be_hidden()
    context.close()


# -- small screens ---------------------------------------------------------------------------------------------
def test_no_page_scrolls_sideways_on_a_320_pixel_screen(demo_build, demo_server, browser):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    wide = {}
    for path in sampled_demo_paths(demo_build):
        page.goto(demo_server + path)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        if width > 320:
            wide[path] = width
    context.close()
    assert wide == {}
