"""The embeddable banner and card on a partner's page: sandboxed, on another origin, with JavaScript on and off."""

from __future__ import annotations

import datetime as dt
import functools
import gzip
import http.server
import re
import threading

import pytest
from playwright.sync_api import expect

from conftest import make_project, write_files
from test_statements import HOUSE, SENATE
from test_visitor_browser import axe_violations
from test_visitor_pages import BEFORE_THE_VOTE, VOTE_SITE, PageFacts, build_project

SIZES = {"banner": (728, 90), "card": (300, 250)}
PARTNER_SANDBOX = "allow-scripts allow-popups"  # the strictest a partner may choose that still lets the button work


@pytest.fixture(scope="module")
def vote_site(tmp_path_factory):
    """A campaign before its vote, with members for the scoreboard (one build shared by this module's tests)."""
    root = make_project(tmp_path_factory.mktemp("embed") / "vote", site_yml=VOTE_SITE)
    write_files(root, {"content/members/senate.yml": SENATE, "content/members/house.yml": HOUSE})
    with pytest.MonkeyPatch.context() as patch:
        return build_project(root, BEFORE_THE_VOTE, patch)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(folder) -> tuple[str, http.server.ThreadingHTTPServer]:
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}", server


@pytest.fixture(scope="module")
def partner(vote_site, tmp_path_factory):
    """A partner's page on another origin (another port) framing both sizes as the snippet says, sandboxed."""
    campaign, campaign_server = serve(vote_site)
    folder = tmp_path_factory.mktemp("partner")
    frames = "".join(f'<iframe class="{size}" src="{campaign}/embed/{size}/" width="{w}" height="{h}" '
                     f'sandbox="{PARTNER_SANDBOX}"></iframe>' for size, (w, h) in SIZES.items())
    (folder / "index.html").write_text(f"<!doctype html><title>Partner</title><p>Our news</p>{frames}")
    (folder / "favicon.ico").write_bytes(b"")
    origin, partner_server = serve(folder)
    yield origin
    partner_server.shutdown()
    campaign_server.shutdown()


def test_embeds_are_small_noindex_and_out_of_the_sitemap(vote_site):
    sitemap = (vote_site / "sitemap.xml").read_text()
    assert "/embed/" not in sitemap and "https://example.org/spread/" in sitemap
    for size in SIZES:
        html = (vote_site / "embed" / size / "index.html").read_text()
        assert PageFacts(html).meta["robots"] == "noindex"
        assets = re.findall(r'(?:href|src)="/(assets/[^"]+)"', html)
        assert len(assets) == 2  # its stylesheet and the site's script, nothing else
        weight = sum(len(gzip.compress((vote_site / name).read_bytes(), 9)) for name in assets)
        weight += len(gzip.compress(html.encode(), 9))
        assert weight <= 10_240, f"{size}: {weight} bytes gzipped"
    script = (vote_site / assets[1]).read_text()
    assert not re.search(r"localStorage|sessionStorage|indexedDB|document\.cookie", script)


@pytest.mark.browser
def test_embeds_count_down_in_a_sandboxed_frame_on_another_origin(partner, browser):
    context = browser.new_context()
    context.route("https://example.org/**", lambda route: route.fulfill(body="<title>Campaign</title>"))
    page = context.new_page()
    problems = []
    page.on("console", lambda message: message.type in ("error", "warning") and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.clock.install(time=dt.datetime(2018, 11, 19, 11, 30, tzinfo=dt.timezone.utc))
    page.goto(partner + "/")
    for size in SIZES:
        frame = page.frame_locator(f"iframe.{size}")
        expect(frame.locator("h1")).to_have_text("Test Campaign")
        expect(frame.locator(".embed-when")).to_contain_text("The vote is on Wednesday, 21 November 2018 in Dubai.")
        expect(frame.locator(".countdown")).to_have_text("1 day 8 hours to go")
        expect(frame.locator(".tally")).to_have_text("3 unknown")
        button = frame.get_by_role("link", name="Take action")
        expect(button).to_be_visible()
        box, frame_box = button.bounding_box(), page.locator(f"iframe.{size}").bounding_box()
        assert box["height"] >= 44 and box["x"] + box["width"] <= frame_box["x"] + frame_box["width"]
        assert box["y"] + box["height"] <= frame_box["y"] + frame_box["height"]  # in reach, not cut off
    with page.expect_popup() as opened:
        page.frame_locator("iframe.card").get_by_role("link", name="Take action").click()
    assert opened.value.url == "https://example.org/"
    assert problems == [] and context.cookies() == []
    context.close()


@pytest.mark.browser
def test_embeds_read_the_same_without_javascript(partner, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(partner + "/")
    for size in SIZES:
        frame = page.frame_locator(f"iframe.{size}")
        expect(frame.locator(".embed-when")).to_have_text("The vote is on Wednesday, 21 November 2018 in Dubai.")
        expect(frame.get_by_role("link", name="Take action")).to_have_attribute("target", "_blank")
    context.close()


@pytest.mark.browser
def test_axe_finds_nothing_on_the_embeds_and_the_spread_page(vote_site, browser):
    context = browser.new_context(bypass_csp=True)  # axe is an injected script; see test_visitor_browser.py
    page = context.new_page()
    origin, server = serve(vote_site)
    found = {}
    for path in ["/embed/banner/", "/embed/card/", "/spread/"]:
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            assert page.goto(origin + path).ok
            if violations := axe_violations(page):
                found[f"{path} ({scheme})"] = violations
    server.shutdown()
    context.close()
    assert found == {}


@pytest.mark.browser
def test_the_spread_page_copies_each_snippet_and_previews_it(vote_site, browser):
    origin, server = serve(vote_site)
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.clock.install(time=dt.datetime(2018, 11, 19, 11, 30, tzinfo=dt.timezone.utc))
    page.goto(origin + "/spread/")
    for size, (width, height) in SIZES.items():
        button = page.locator(f'[data-copy-target="snippet-{size}"]')
        expect(button).to_have_text("Copy the code")
        button.click()
        expect(button).to_have_text("Copied")
        copied = page.evaluate("() => navigator.clipboard.readText()")
        assert copied == (f'<iframe src="https://example.org/embed/{size}/" width="{width}" height="{height}" '
                          f'title="Test Campaign" sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox" '
                          f'loading="lazy" style="border:0;max-width:100%"></iframe>')
        preview = page.frame_locator(f"iframe.embed-preview-{size}")
        expect(preview.locator(".countdown")).to_have_text("1 day 8 hours to go")
    server.shutdown()
    context.close()


@pytest.mark.browser
def test_embeds_fit_boxes_smaller_than_their_own(vote_site, browser):
    origin, server = serve(vote_site)
    page = browser.new_page()
    page.clock.install(time=dt.datetime(2018, 11, 19, 11, 30, tzinfo=dt.timezone.utc))  # with the countdown
    for size, box in [("banner", (320, 90)), ("banner", (468, 60)), ("banner", (728, 90)), ("card", (250, 250))]:
        page.set_viewport_size({"width": box[0], "height": box[1]})
        page.goto(f"{origin}/embed/{size}/")
        expect(page.locator(".countdown")).not_to_be_empty()
        content = page.evaluate("() => [document.body.scrollWidth, document.querySelector('main').scrollHeight]")
        assert content[0] <= box[0] and content[1] <= box[1], f"{size} in {box}: content {content}"
        expect(page.get_by_role("link", name="Take action")).to_be_in_viewport(ratio=1)
    server.shutdown()
    page.close()
