"""Pages moved from Hugo or Jekyll: dates as those tools write them, their usual keys, and their old addresses."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape
from zoneinfo import ZoneInfo

import pytest

from conftest import MINIMAL_SITE, make_project, static_server
from microsite.fields import parse_moment
from microsite.pipeline import BuildOptions, build

DUBAI = ZoneInfo("Asia/Dubai")
SITE = MINIMAL_SITE + "timezone: America/New_York\n"
# Front matter as Hugo writes it (`hugo new`), with the keys a Hugo site carries.
HUGO_PAGE = """\
---
title: "Moved from Hugo"
date: 2020-01-01T16:00:00
lastmod: 2020-01-02T09:30:00+04:00
draft: false
layout: post
categories: ["news"]
description: "A page carried over from a Hugo site."
aliases:
  - /2020/01/moved-from-hugo/
  - old-name
---
Moved.
"""
# As Jekyll writes it: a space before the time and before the offset, `redirect_from` from jekyll-redirect-from.
JEKYLL_PAGE = """\
---
layout: post
title:  "From Jekyll"
date:   2020-01-01 09:00:00 +0100
updated: 2020-01-01T09:30:00Z
redirect_from: /2019/12/31/from-jekyll.html
---
Moved too.
"""


@pytest.mark.parametrize("text, expected", [
    ("2018-11-19", dt.date(2018, 11, 19)),
    ("2018-11-19T10:00:00", dt.datetime(2018, 11, 19, 10, tzinfo=DUBAI)),  # Hugo, no offset: the site's zone
    ("2018-11-19 10:00", dt.datetime(2018, 11, 19, 10, tzinfo=DUBAI)),  # Pelican
    ("2018-11-19T10:00:00Z", dt.datetime(2018, 11, 19, 10, tzinfo=dt.timezone.utc)),  # Eleventy
    ("2018-11-19T10:00:00+04:00", dt.datetime(2018, 11, 19, 6, tzinfo=dt.timezone.utc)),
    ("2018-11-19 10:00:00 -0500", dt.datetime(2018, 11, 19, 15, tzinfo=dt.timezone.utc)),  # Jekyll
    ("2018-11-19T9:05", dt.datetime(2018, 11, 19, 9, 5, tzinfo=DUBAI)),
])
def test_dates_as_other_tools_write_them(text, expected):
    value = parse_moment(text, DUBAI)
    assert value == expected and type(value) is type(expected)
    if isinstance(value, dt.datetime):
        assert value.utcoffset() is not None


@pytest.mark.parametrize("text", ["2018-02-30", "2018-11-19T25:00", "19/11/2018", "2018-11-19T10:00+4"])
def test_impossible_or_foreign_dates_are_refused(text):
    with pytest.raises(ValueError, match="not a"):
        parse_moment(text, DUBAI)


@pytest.fixture(scope="module")
def moved_site(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("moved"), {
        "content/pages/moved.md": HUGO_PAGE, "content/pages/jekyll.md": JEKYLL_PAGE,
        "content/pages/same-day.md": "---\ntitle: Same Day, Earlier\ndate: 2020-01-01T08:00:00-05:00\n---\nEarlier.\n",
    }, site_yml=SITE)
    result = build(root, BuildOptions(out=root / "site"))
    return result, root / "site"


def test_hugo_and_jekyll_pages_build_with_only_unknown_key_warnings(moved_site):
    result, site = moved_site
    assert [str(p) for p in result.report.problems] == [
        "content/pages/jekyll.md:2:1: warning: unknown key 'layout' in page front matter",
        "content/pages/moved.md:6:1: warning: unknown key 'layout' in page front matter",
        "content/pages/moved.md:7:1: warning: unknown key 'categories' in page front matter",
    ]
    page = (site / "moved/index.html").read_text()
    assert '<time datetime="2020-01-01T16:00:00-05:00">1 January 2020</time>' in page  # the site's zone
    assert '<p class="summary">A page carried over from a Hugo site.</p>' in page  # description → summary


def test_times_order_the_pages_and_reach_the_feed_with_their_offsets(moved_site):
    _, site = moved_site
    feed = (site / "feed.xml").read_text()
    entries = [re.search(r"<title>(.*?)</title>.*?<published>(.*?)</published>\s*<updated>(.*?)</updated>", entry,
                         re.S).groups() for entry in feed.split("<entry>")[1:]]
    assert entries == [
        ("Moved from Hugo", "2020-01-01T16:00:00-05:00", "2020-01-02T09:30:00+04:00"),  # lastmod → updated
        ("Same Day, Earlier", "2020-01-01T08:00:00-05:00", "2020-01-01T08:00:00-05:00"),
        ("From Jekyll", "2020-01-01T09:00:00+01:00", "2020-01-01T09:30:00Z"),
    ]
    assert "<updated>2020-01-02T09:30:00+04:00</updated>" in feed.split("<entry>")[0]
    home = (site / "index.html").read_text()
    assert home.index("Moved from Hugo") < home.index("Same Day, Earlier") < home.index("From Jekyll")


def test_old_addresses_become_redirect_pages_left_out_of_the_sitemap(moved_site):
    _, site = moved_site
    for old in ("2020/01/moved-from-hugo/index.html", "old-name/index.html"):
        html = (site / old).read_text()
        assert '<meta http-equiv="refresh" content="0; url=/moved/">' in html
        assert '<link rel="canonical" href="https://example.org/moved/">' in html
        assert '<meta name="robots" content="noindex">' in html
        assert 'moved to <a href="/moved/">' in html
    assert "url=/jekyll/" in (site / "2019/12/31/from-jekyll.html").read_text()
    sitemap = (site / "sitemap.xml").read_text()
    assert "old-name" not in sitemap and "2019/12" not in sitemap and "https://example.org/moved/" in sitemap


def test_a_redirect_is_followed_in_chromium(moved_site, page):
    _, site = moved_site
    with static_server(site) as address:
        for old, new in (("/2020/01/moved-from-hugo/", "/moved/"), ("/old-name", "/moved/"),
                         ("/2019/12/31/from-jekyll.html", "/jekyll/")):
            page.goto(address + old)
            page.wait_for_url(address + new)
            assert page.locator("h1").inner_text() in ("Moved from Hugo", "From Jekyll")


def test_the_site_zone_is_the_deadline_zone_when_site_yml_names_none(tmp_path):
    site_yml = MINIMAL_SITE + "deadline: {date: 2018-11-21, timezone: Asia/Dubai}\n"
    root = make_project(tmp_path, {"content/pages/a.md": "---\ntitle: A\ndate: 2018-11-19 10:00\n---\nA.\n"},
                        site_yml=site_yml)
    result = build(root, BuildOptions(out=root / "site"))
    assert result.report.errors == []
    assert '<time datetime="2018-11-19T10:00:00+04:00">' in (root / "site/a/index.html").read_text()


def test_bad_or_clashing_old_addresses_are_errors_at_their_lines(tmp_path):
    root = make_project(tmp_path, {
        "content/pages/why.md": "---\ntitle: Why\n---\nWhy.\n",
        "content/pages/a.md": ("---\ntitle: A\naliases:\n  - /why\n  - /shared/\n  - https://old.example.org/a/\n"
                               "  - /../etc/\n  - /old.php\n  - /" + "x" * 201 + "/\n---\nA.\n"),
        "content/pages/b.md": "---\ntitle: B\nredirect_from: [/shared]\n---\nB.\n",
    })
    result = build(root, BuildOptions(out=root / "site"))
    assert [unescape(str(p)) for p in result.report.problems] == [
        "content/pages/a.md:6:5: error: 'aliases' lists addresses on this site, such as /2018/11/old-post/, "
        "not 'https://old.example.org/a/'",
        "content/pages/a.md:7:5: error: 'aliases': '/../etc/' is not a site path made of letters, digits, '-', '_', "
        "'.', '~', '+' and '/' (with no '.' or '..' folder)",
        "content/pages/a.md:8:5: error: 'aliases': a static site can redirect only from a folder or an .html "
        "page, not '/old.php'",
        f"content/pages/a.md:9:5: error: 'aliases': '/{'x' * 59}…' has a part longer than 200 characters, more than "
        "a file name may have",
        "content/pages/a.md:4:5: error: old address '/why' is already taken by content/pages/why.md",
        "content/pages/b.md:3:17: error: old address '/shared' is already taken by content/pages/a.md",
    ]
    assert not (root / "site").exists()


def test_a_statement_dated_with_a_time_keeps_its_day(tmp_path):
    members = "list: {title: L, country: US}\nmembers:\n  - {id: doe, name: Jane Doe, title: Senator, region: MS}\n"
    statement = ("---\nsignatories: [doe]\ndate: 2018-11-19T23:30:00-05:00\ndateline: WASHINGTON\n"
                 "headline: Speaks\n---\nText.\n")
    root = make_project(tmp_path, {"content/members/l.yml": members, "content/statements/s.md": statement})
    result = build(root, BuildOptions(out=root / "site"))
    assert result.report.errors == []
    assert "WASHINGTON – November 19, 2018" in (root / "site/statements/s/index.html").read_text()


def test_a_rebuild_follows_an_edited_alias(tmp_path):
    root = make_project(tmp_path, {"content/pages/a.md": "---\ntitle: A\naliases: [/first/]\n---\nA.\n"})
    build(root, BuildOptions(out=root / "site"))
    (root / "content/pages/a.md").write_text("---\ntitle: A\naliases: [/second/]\n---\nA.\n")
    result = build(root, BuildOptions(out=root / "site"))
    assert result.report.problems == []
    assert not (root / "site/first").exists() and "url=/a/" in (root / "site/second/index.html").read_text()
