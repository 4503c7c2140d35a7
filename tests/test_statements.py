"""Joint statements as the press and the campaigner meet them: page, plain text, calendar file, feed, scaffolding.

The golden plain text of the fixture statement is tests/golden/statement.txt; after an intended change to the
text output, regenerate it with `UPDATE_GOLDEN=1 python -m pytest tests/test_statements.py` and review the diff.
"""

import datetime as dt
import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

from conftest import MINIMAL_SITE, ROOT, make_project
from microsite.pipeline import BuildOptions, build

GOLDEN = Path(__file__).parent / "golden"
DEMO_SLUG = "helsinki-commission-interpol-2018"
DEMO_TITLE = ("Wicker, Shaheen, Coons, & Rubio Warn Against Russian Leadership of Interpol Ahead of General "
              "Assembly Vote")
DEMO_LINE = ("U.S. Senators Roger Wicker, R-Miss., Jeanne Shaheen, D-N.H., Chris Coons, D-Del., and Marco Rubio, "
             "R-Fla., members of the Helsinki Commission, issued the following joint statement")

# Fictional members: example.org addresses and 555 numbers only.
SENATE = """\
list:
  title: Example Senate Caucus
  country: US
  group_phrase: members of the Example Caucus
members:
  - {id: doe, name: Jane Doe, first_name: Jane, last_name: Doe, title: Senator, party: Democratic, region: CA,
     email: jane.doe@example.org, phone: "+1 202-555-0101"}
  - {id: roe, name: John Roe, first_name: John, last_name: Roe, title: Senator, party: Republican, region: TX,
     email: john.roe@example.org, phone: "+1 202-555-0102"}
"""
HOUSE = """\
list:
  title: Example House Caucus
  country: US
  group_phrase: members of the Example Caucus
members:
  - {id: zoe, name: Zoe Example, first_name: Zoe, last_name: Example, title: Representative, party: Democratic,
     region: NJ, email: zoe.example@example.org}
"""
COMMONS = """\
list:
  title: Example Commons Group
  country: GB
  signatory_format: "{name} MP ({party}, {region})"
members:
  - {id: ash, name: Alex Ash, last_name: Ash, title: MP, party: Labour, region: Bristol West}
  - {id: birch, name: Bea Birch, last_name: Birch, title: MP, party: Conservative, region: Ashford}
"""
STATEMENT = """\
---
signatories: [doe, roe, zoe]
date: 2018-11-19
dateline: WASHINGTON
headline: Urge Interpol Members to Reject a Compromised Candidate
dek: Caucus Members Call on Delegations to Vote for Reform
group_phrase: members of the Example Caucus
event:
  what: Interpol General Assembly votes for its next president
  when: 2018-11-21T10:00
  timezone: Asia/Dubai
  where: Dubai, United Arab Emirates
---

> “A vote for this candidate is a vote against the integrity of Interpol,” said the members. “We urge every
> delegation in Dubai to stand for reform.”

## Background

Red notices ask police in every member country to find and arrest a person.[^1] Read the
[rules on red notices](https://example.org/red-notices) and our [earlier note](../pages/index.md).

[^1]: Interpol's own description of the system.
"""


def statement_project(root, statement=STATEMENT, site_yml=MINIMAL_SITE, name="caucus-2018.md"):
    return make_project(root, {"content/members/senate.yml": SENATE, "content/members/house.yml": HOUSE,
                               "content/members/commons.yml": COMMONS,
                               f"content/statements/{name}": statement}, site_yml=site_yml)


def build_ok(project, **options):
    result = build(project, BuildOptions(**options))
    assert not result.report.errors, "\n".join(map(str, result.report.errors))
    return project / "site"


def visible_text(page_html):
    """The page's text with tags removed and whitespace collapsed, as a reader sees it."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page_html)).split())


def flowed(text):
    return " ".join(text.split())


def json_ld(page_html):
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page_html, re.S).group(1))


def h1(page_html):
    return html.unescape(re.search(r"<h1>(.*?)</h1>", page_html, re.S).group(1))


# --- the demo's 2018 statement --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_statement(demo_build):
    _, site = demo_build
    return (site / f"statements/{DEMO_SLUG}/index.html").read_text(), (site / f"statements/{DEMO_SLUG}.txt").read_text()


def test_demo_page_has_generated_headline_and_signatory_line(demo_statement):
    page, _ = demo_statement
    assert h1(page) == DEMO_TITLE
    assert f"<title>{html.escape(DEMO_TITLE, quote=False)} · " in page
    assert f"WASHINGTON – November 19, 2018 – {DEMO_LINE}:" in visible_text(page)


def test_demo_page_has_dek_quote_background_and_event_box(demo_statement):
    page, _ = demo_statement
    text = visible_text(page)
    assert '<p class="dek">Helsinki Commission Members Call on Trump Admin &amp; Interpol' in page
    assert re.search(r"<blockquote>\s*<p>“Interpol electing Major General Alexander Prokopchuk", page)
    assert '<h2 id="background">Background</h2>' in page
    event_box = re.search(r'<aside class="event-box".*?</aside>', page, re.S).group(0)
    # An all-day event is written as its day, and machine-read as a date.
    assert '<time datetime="2018-11-21">Wednesday, 21 November 2018</time>' in event_box
    assert "Dubai, United Arab Emirates" in event_box
    assert f'href="/statements/{DEMO_SLUG}.ics" download' in event_box
    assert text.index("Background") < text.index("Interpol General Assembly votes for its next president")


def test_demo_plain_text_is_ready_for_a_press_email(demo_statement):
    _, text = demo_statement
    assert flowed(text).startswith(DEMO_TITLE)
    assert f"WASHINGTON – November 19, 2018 – {DEMO_LINE}:" in flowed(text)
    assert all(len(line) <= 72 for line in text.splitlines())
    assert not re.search(r"<[a-z/]|&[a-z]+;", text)
    assert "Wednesday, 21 November 2018" in text
    assert text.rstrip().endswith(f"https://example.org/statements/{DEMO_SLUG}/")


def test_demo_json_ld_describes_the_news_article(demo_statement):
    data = json_ld(demo_statement[0])
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == DEMO_TITLE
    assert data["datePublished"] == "2018-11-19"
    assert data["dateline"] == "WASHINGTON"
    assert [a["name"] for a in data["author"]] == ["Roger Wicker", "Jeanne Shaheen", "Chris Coons", "Marco Rubio"]
    assert data["author"][0]["url"] == "https://example.org/members/wicker/"


def test_demo_calendar_file_is_an_all_day_event(demo_build):
    _, site = demo_build
    calendar = icalendar.Calendar.from_ical((site / f"statements/{DEMO_SLUG}.ics").read_bytes())
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("DTSTART") == dt.date(2018, 11, 21)
    assert event.decoded("DTEND") == dt.date(2018, 11, 22)
    assert str(event["UID"]) == f"statement-{DEMO_SLUG}@example.org"
    assert event.decoded("DTSTAMP") == dt.datetime(2018, 11, 19, tzinfo=dt.timezone.utc)
    assert str(event["LOCATION"]) == "Dubai, United Arab Emirates"


def test_demo_statement_is_listed_in_index_home_feed_and_signatory_pages(demo_build):
    _, site = demo_build
    link = f'<a href="/statements/{DEMO_SLUG}/">{html.escape(DEMO_TITLE, quote=False)}</a>'
    index = (site / "statements/index.html").read_text()
    assert h1(index) == "Statements" and link in index
    assert link in (site / "index.html").read_text()
    feed = (site / "feed.xml").read_text()
    entry = re.search(rf"<entry>(?:(?!</entry>).)*statements/{DEMO_SLUG}/.*?</entry>", feed, re.S).group(0)
    assert f"<title>{html.escape(DEMO_TITLE, quote=False)}</title>" in entry
    assert DEMO_LINE in visible_text(html.unescape(entry))  # the feed says who is speaking
    for member in ("wicker", "shaheen", "coons", "rubio"):
        assert link in (site / f"members/{member}/index.html").read_text(), member


# --- a fixture statement with fictional members ------------------------------------------------------------


def test_golden_plain_text(tmp_path):
    site = build_ok(statement_project(tmp_path / "p"))
    text = (site / "statements/caucus-2018.txt").read_text()
    golden = GOLDEN / "statement.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(text)
    assert text == golden.read_text(), "plain text changed: regenerate with UPDATE_GOLDEN=1 and review the diff"


def test_timed_event_shows_the_time_in_the_events_zone(tmp_path):
    site = build_ok(statement_project(tmp_path / "p"))
    page = (site / "statements/caucus-2018/index.html").read_text()
    assert ('<time datetime="2018-11-21T10:00:00+04:00">Wednesday, 21 November 2018, 10:00 Dubai time (UTC+4)'
            "</time>") in page
    calendar = icalendar.Calendar.from_ical((site / "statements/caucus-2018.ics").read_bytes())
    (event,) = calendar.walk("VEVENT")
    assert event["DTSTART"].params["TZID"] == "Asia/Dubai"
    assert event.decoded("DTSTART") == dt.datetime(2018, 11, 21, 10, tzinfo=ZoneInfo("Asia/Dubai"))
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["Asia/Dubai"]
    assert str(event["UID"]) == "statement-caucus-2018@example.org"
    assert event.decoded("DTSTAMP") == dt.datetime(2018, 11, 19, tzinfo=dt.timezone.utc)


def test_mixed_chambers_on_the_page(tmp_path):
    site = build_ok(statement_project(tmp_path / "p"))
    page = (site / "statements/caucus-2018/index.html").read_text()
    assert h1(page) == "Doe, Roe, & Example Urge Interpol Members to Reject a Compromised Candidate"
    assert ("WASHINGTON – November 19, 2018 – U.S. Senators Jane Doe, D-Calif., and John Roe, R-Texas, and "
            "U.S. Representative Zoe Example, D-N.J., members of the Example Caucus, issued the following joint "
            "statement:") in visible_text(page)


def test_one_signatory_is_a_statement_not_a_joint_one(tmp_path):
    one = STATEMENT.replace("[doe, roe, zoe]", "[doe]")
    site = build_ok(statement_project(tmp_path / "p", one))
    text = visible_text((site / "statements/caucus-2018/index.html").read_text())
    assert "Joint statement" not in text and "Statement Doe Urge" in text
    assert ("U.S. Senator Jane Doe, D-Calif., a member of the Example Caucus, issued the following statement:"
            in text)


def test_non_us_parliament_uses_its_lists_format(tmp_path):
    uk = STATEMENT.replace("[doe, roe, zoe]", "[ash, birch]").replace("WASHINGTON", "LONDON")
    uk = uk.replace("group_phrase: members of the Example Caucus", "group_phrase: members of the Example APPG")
    site = build_ok(statement_project(tmp_path / "p", uk))
    page = (site / "statements/caucus-2018/index.html").read_text()
    assert h1(page).startswith("Ash & Birch Urge")
    assert ("LONDON – November 19, 2018 – Alex Ash MP (Labour, Bristol West) and Bea Birch MP (Conservative, "
            "Ashford), members of the Example APPG, issued the following joint statement:") in visible_text(page)


@pytest.mark.parametrize("style, names", [
    ("", "Doe, Roe, & Example"),
    ("headline_style: {serial_comma: false, conjunction: and}\n", "Doe, Roe and Example"),
    ("headline_style: {serial_comma: true, conjunction: and}\n", "Doe, Roe, and Example"),
])
def test_headline_style_from_site_yml(tmp_path, style, names):
    site = build_ok(statement_project(tmp_path / "p", site_yml=MINIMAL_SITE + style))
    title = f"{names} Urge Interpol Members to Reject a Compromised Candidate"
    assert h1((site / "statements/caucus-2018/index.html").read_text()) == title
    assert flowed((site / "statements/caucus-2018.txt").read_text()).startswith(title)
    assert f"<title>{html.escape(title, quote=False)}</title>" in (site / "feed.xml").read_text()
    assert json_ld((site / "statements/caucus-2018/index.html").read_text())["headline"] == title


def test_title_in_front_matter_overrides_the_generated_one(tmp_path):
    titled = STATEMENT.replace("dek:", "title: Caucus Speaks Out\ndek:")
    site = build_ok(statement_project(tmp_path / "p", titled))
    assert h1((site / "statements/caucus-2018/index.html").read_text()) == "Caucus Speaks Out"


def test_unknown_member_is_an_error_at_its_line_with_a_suggestion(tmp_path):
    typo = STATEMENT.replace("[doe, roe, zoe]", "[doe, rooe, zoe]")
    project = statement_project(tmp_path / "p", typo)
    result = build(project, BuildOptions())
    messages = [str(e) for e in result.report.errors]
    assert messages == ["content/statements/caucus-2018.md:2:20: error: unknown member 'rooe' (did you mean 'roe'?)"]
    assert not (project / "site").exists()


# --- scaffolding ------------------------------------------------------------------------------------------------


def run_cli(project, *args):
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args, "--project", str(project)],
                          capture_output=True, text=True, timeout=120)


def test_new_statement_scaffolds_a_draft_that_builds(tmp_path):
    project = make_project(tmp_path / "p", {"content/members/senate.yml": SENATE})
    created = run_cli(project, "new", "statement", "Urge a Fair Vote", "--signatories", "doe,roe")
    assert created.returncode == 0, created.stderr
    (path,) = (project / "content/statements").glob("*.md")
    assert path.name == "2018-11-24-urge-a-fair-vote.md"  # dated by SOURCE_DATE_EPOCH
    assert "signatories: [doe, roe]" in path.read_text()
    assert run_cli(project, "build").returncode == 0
    assert not (project / "site/statements").exists()  # a draft until the campaigner publishes it
    built = run_cli(project, "build", "--drafts")
    assert built.returncode == 0, built.stderr
    page = (project / f"site/statements/{path.stem}/index.html").read_text()
    assert h1(page) == "Doe & Roe Urge a Fair Vote"
    assert "U.S. Senators Jane Doe, D-Calif., and John Roe, R-Texas, members of the Example Caucus" in page
    assert (project / f"site/statements/{path.stem}.txt").is_file()


def test_new_statement_with_a_mistyped_id_fails_the_build_with_a_suggestion(tmp_path):
    project = make_project(tmp_path / "p", {"content/members/senate.yml": SENATE})
    assert run_cli(project, "new", "statement", "Urge a Fair Vote", "--signatories", "doe,reo").returncode == 0
    built = run_cli(project, "build", "--drafts")
    assert built.returncode == 1
    assert "unknown member 'reo' (did you mean 'roe'?)" in built.stderr and "Traceback" not in built.stderr
