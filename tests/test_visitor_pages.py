"""What a visitor gets, read from the built files: deadline text, calendar, share links, cards, budget, valid HTML."""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import icalendar
import pytest

from conftest import IN_CI, MINIMAL_SITE, ROOT, make_project, write_files
from microsite.i18n import Language
from microsite.pipeline import BuildOptions, build

BEFORE_THE_VOTE = "1542240000"  # 2018-11-15
VOTE_SITE = MINIMAL_SITE + """\
hashtag: TestVote
image: card.png
deadline:
  date: 2018-11-21
  timezone: Asia/Dubai
  event: The assembly votes
  place: Dubai
"""


class PageFacts(HTMLParser):
    """The parts of an HTML page a share preview, a search engine and a slow phone care about."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.json_ld: list[dict] = []
        self.stylesheets: list[str] = []
        self.head_scripts: list[dict] = []
        self.links: list[str] = []
        self.html_attrs: dict[str, str] = {}
        self._in_head = self._in_ld = False
        self._ld_text = ""
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag == "html":
            self.html_attrs = attrs
        elif tag == "head":
            self._in_head = True
        elif tag == "meta" and ("property" in attrs or "name" in attrs):
            self.meta[attrs.get("property") or attrs["name"]] = attrs.get("content", "")
        elif tag == "link" and attrs.get("rel") == "stylesheet":
            self.stylesheets.append(attrs["href"])
        elif tag == "a" and "href" in attrs:
            self.links.append(attrs["href"])
        elif tag == "script":
            self._in_ld = attrs.get("type") == "application/ld+json"
            if self._in_head and not self._in_ld:
                self.head_scripts.append(attrs)

    def handle_endtag(self, tag):
        if tag == "head":
            self._in_head = False
        elif tag == "script" and self._in_ld:
            self.json_ld.append(json.loads(self._ld_text))
            self._in_ld, self._ld_text = False, ""

    def handle_data(self, data):
        if self._in_ld:
            self._ld_text += data


def sitemap_files(site: Path) -> dict[str, Path]:
    """Each page the sitemap lists, by its site path, with the file that serves it."""
    locations = re.findall(r"<loc>https://example\.org(/[^<]*)</loc>", (site / "sitemap.xml").read_text())
    return {path: site / (path.lstrip("/") + "index.html" if path.endswith("/") else path.lstrip("/"))
            for path in locations}


def visible_text(html: str) -> str:
    body = re.sub(r"(?s)<(script|style)\b.*?</\1>", "", html)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))
    return re.sub(r" ([,.:;])", r"\1", text)  # a tag that ended before the punctuation left a space


def build_project(root: Path, epoch: str, monkeypatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    result = build(root, BuildOptions(out=root / "site"))
    assert not result.report.errors, "\n".join(map(str, result.report.errors))
    return root / "site"


@pytest.fixture
def vote_project(tmp_path):
    return make_project(tmp_path / "vote", site_yml=VOTE_SITE)  # the real assets, with the demo's card.png


# -- home page -------------------------------------------------------------------------------------------
def test_home_before_the_vote_says_when_and_where_in_the_events_zone(vote_project, monkeypatch):
    site = build_project(vote_project, BEFORE_THE_VOTE, monkeypatch)
    text = visible_text((site / "index.html").read_text())
    assert "The vote is on Wednesday, 21 November 2018 in Dubai." in text
    assert "Deadline: The assembly votes, Wednesday, 21 November 2018, Dubai" in text
    assert 'class="countdown"' in (site / "index.html").read_text()


def test_home_on_the_day_and_after_the_vote(vote_project, monkeypatch):
    on_the_day = "1542744000"  # 2018-11-20 20:00 UTC, already the 21st in Dubai
    text = visible_text((build_project(vote_project, on_the_day, monkeypatch) / "index.html").read_text())
    assert "The vote is today, Wednesday, 21 November 2018 in Dubai." in text
    html = (build_project(vote_project, "1542931200", monkeypatch) / "index.html").read_text()
    assert "The vote took place on Wednesday, 21 November 2018 in Dubai." in visible_text(html)
    assert 'class="countdown"' not in html


def test_a_timed_deadline_is_written_with_its_hour(vote_project, monkeypatch):
    write_files(vote_project, {"content/site.yml": VOTE_SITE.replace("date: 2018-11-21", "date: 2018-11-21T10:00")})
    text = visible_text((build_project(vote_project, BEFORE_THE_VOTE, monkeypatch) / "index.html").read_text())
    assert re.search(r"The vote is on Wednesday, 21 November 2018 at 10:00 \S.* in Dubai\.", text)


def test_demo_home_has_the_message_the_call_to_action_and_the_latest(demo_build):
    _, site = demo_build
    html = (site / "index.html").read_text()
    text = visible_text(html)
    assert "<h1" in html and "Keep Interpol out of the Kremlin&#39;s hands" in html
    assert "choose a new president in Dubai" in text
    assert "The vote took place on Wednesday, 21 November 2018 in Dubai, United Arab Emirates." in text
    assert re.search(r'<a class="button primary" href="/members/">Find your representative</a>', html)
    assert re.search(r"Where they stand \d+ support · \d+ oppose · \d+ unknown", text)
    assert "Latest statements" in text and "Warn Against Russian Leadership of Interpol" in text
    assert "Read more" in text and "Outcome: Kim Jong Yang elected Interpol president" in text


# -- add to calendar -------------------------------------------------------------------------------------
def test_demo_calendar_is_the_whole_voting_day(demo_build):
    _, site = demo_build
    calendar = icalendar.Calendar.from_ical((site / "deadline.ics").read_bytes())
    [event] = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Interpol General Assembly elects its president"
    assert str(event["LOCATION"]) == "Dubai, United Arab Emirates"
    assert event.decoded("DTSTART").isoformat() == "2018-11-21"
    assert event.decoded("DTEND").isoformat() == "2018-11-22"


def test_calendar_for_a_timed_vote_is_in_the_events_zone(vote_project, monkeypatch):
    write_files(vote_project, {"content/site.yml": VOTE_SITE.replace("date: 2018-11-21", "date: 2018-11-21T10:00")})
    raw = (build_project(vote_project, BEFORE_THE_VOTE, monkeypatch) / "deadline.ics").read_bytes()
    assert b"DTSTART;TZID=Asia/Dubai:20181121T100000" in raw
    assert all(len(line) <= 75 for line in raw.split(b"\r\n")), "RFC 5545 folds lines at 75 octets"
    [event] = icalendar.Calendar.from_ical(raw).walk("VEVENT")
    assert event.decoded("DTSTART").isoformat() == "2018-11-21T10:00:00+04:00"


# -- share links and cards ---------------------------------------------------------------------------------
NETWORKS = ["Email", "X", "Facebook", "WhatsApp", "Bluesky", "LinkedIn", "Telegram"]


def test_every_page_has_plain_share_links_with_its_title_and_the_hashtag(demo_build):
    _, site = demo_build
    for path, file in sitemap_files(site).items():
        html = file.read_text()
        shares = re.findall(r'<li><a href="([^"]+)" rel="noopener noreferrer">([^<]+)</a></li>', html)
        email = Language(PageFacts(html).html_attrs["lang"]).gettext("Email")  # the one label that is not a brand
        assert [network for _, network in shares] == [email, *NETWORKS[1:]], path
        links = dict((network, href.replace("&amp;", "&")) for href, network in shares)
        assert "%23Interpol" in links["X"] and "%23Interpol" in links["Bluesky"], path
        assert ("https%3A%2F%2Fexample.org" + path.replace("/", "%2F")) in links["WhatsApp"], path
        assert 'class="copy-link"' in html and 'class="native-share"' in html, path


def test_every_page_has_open_graph_twitter_card_and_json_ld(demo_build):
    _, site = demo_build
    pages = sitemap_files(site)
    assert len(pages) > 30
    for path, file in pages.items():
        facts = PageFacts(file.read_text())
        for prop in ("og:title", "og:description", "og:type", "og:url", "og:image", "og:site_name",
                     "twitter:card", "twitter:title", "twitter:description", "description"):
            assert facts.meta.get(prop), f"{path}: no {prop}"
        assert facts.meta["og:url"] == "https://example.org" + path
        assert facts.meta["twitter:card"] == "summary_large_image"
        image = facts.meta["og:image"]
        assert image.startswith("https://example.org/") and image.endswith(".png"), path
        assert (site / image.removeprefix("https://example.org/")).is_file(), f"{path}: {image} is not in the build"
        assert facts.meta["twitter:image"] == image and facts.meta["og:image:alt"], path
        [data] = facts.json_ld
        assert data["@context"] == "https://schema.org" and data["@type"], path
        assert data.get("url", "https://example.org" + path).startswith("https://example.org/"), path
        assert data.get("headline") or data.get("name"), path


def test_demo_social_card_is_a_small_1200_by_630_png(demo_build):
    _, site = demo_build
    [card] = (site / "assets").glob("card.*.png")
    data = card.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert (int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")) == (1200, 630)
    assert len(data) < 60_000


def test_a_page_image_overrides_the_default_card(vote_project, monkeypatch):
    write_files(vote_project, {
        "assets/photo.png": (ROOT / "assets" / "card.png").read_bytes() + b"\0",  # another file, another hash
        "content/pages/rally.md": "---\ntitle: Rally\ndate: 2018-11-19\nimage: photo.png\n---\n\nCome along.\n",
        "content/pages/plain.md": "---\ntitle: Plain\ndate: 2018-11-19\n---\n\nNo picture.\n",
    })
    site = build_project(vote_project, BEFORE_THE_VOTE, monkeypatch)
    rally = PageFacts((site / "rally" / "index.html").read_text()).meta
    plain = PageFacts((site / "plain" / "index.html").read_text()).meta
    assert re.fullmatch(r"https://example\.org/assets/photo\.\w+\.png", rally["og:image"])
    assert rally["twitter:image"] == rally["og:image"]
    assert plain["og:image"] == "https://example.org/plain/card.png"  # drawn for the page (test_share_cards.py)
    assert not (site / "rally" / "card.png").exists()


# -- right to left -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("language", ["ar", "he", "fa", "ur"])
def test_right_to_left_languages_set_dir_on_html(tmp_path, monkeypatch, language):
    root = make_project(tmp_path / language, site_yml=VOTE_SITE.replace("language: en", f"language: {language}"))
    facts = PageFacts((build_project(root, BEFORE_THE_VOTE, monkeypatch) / "index.html").read_text())
    assert facts.html_attrs == {"lang": language, "dir": "rtl"}


# -- weight and render-blocking ----------------------------------------------------------------------------
def gzipped_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))


def test_pages_styles_and_scripts_stay_within_the_budget(demo_build):
    _, site = demo_build
    for page in site.rglob("*.html"):
        directory = page.parent.name == "members" or page.parent.parent.name == "lists"
        limit = 150_000 if directory else 30_000
        assert gzipped_size(page) <= limit, f"{page.relative_to(site)}: {gzipped_size(page)} bytes gzipped"
    assert sum(map(gzipped_size, site.rglob("*.css"))) <= 15_000
    assert sum(map(gzipped_size, site.rglob("*.js"))) <= 10_000


def test_nothing_but_the_one_stylesheet_blocks_rendering(demo_build):
    _, site = demo_build
    for page in site.rglob("*.html"):
        facts = PageFacts(page.read_text())
        assert len(facts.stylesheets) == 1, page
        for script in facts.head_scripts:
            if script.get("type") == "application/json":
                continue  # the words a script shows, as data: never run, so nothing waits for it
            assert "defer" in script or "async" in script or script.get("type") == "module", (page, script)


# -- valid HTML --------------------------------------------------------------------------------------------
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def nu_checker_errors(target: Path) -> str:
    """The Nu HTML checker's errors about the HTML files at `target` (a file or a folder); "" when there are none."""
    java = shutil.which("java")
    if not (java and VNU.is_file()):
        message = "the Nu HTML checker needs java and `npm ci` (node_modules/vnu-jar)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    checked = subprocess.run([java, "-jar", str(VNU), "--skip-non-html", "--errors-only", str(target)],
                             capture_output=True, text=True, timeout=300, env={**os.environ, "LC_ALL": "C.UTF-8"})
    if checked.returncode == 0:
        return ""
    return checked.stderr.replace(str(target), target.name) or f"the checker exited with {checked.returncode}"


def test_every_demo_page_is_valid_html_for_the_nu_checker(demo_build):
    _, site = demo_build
    assert len(list(site.rglob("*.html"))) > 30
    assert nu_checker_errors(site) == ""
