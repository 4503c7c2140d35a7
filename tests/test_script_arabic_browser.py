"""The site's script in Arabic, in real Chromium under the pages' Content-Security-Policy: the countdown, the
directory filter's count and the copy statuses read in Arabic, each number in its CLDR plural form."""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import make_project, static_server
from microsite.pipeline import BuildOptions, build
from test_directory_browser import LETTER, MEMBERS
from test_visitor_pages import BEFORE_THE_VOTE, VOTE_SITE

pytestmark = pytest.mark.browser

UTC = dt.timezone.utc


@pytest.fixture(scope="module")
def arabic_site(tmp_path_factory):
    """A fictional Arabic campaign before its vote (20 November 2018, 20:00 UTC), with a directory and a letter."""
    root = make_project(tmp_path_factory.mktemp("arabic") / "project",
                        {"content/members/senate.yml": MEMBERS, "content/actions/write.md": LETTER},
                        site_yml=VOTE_SITE.replace("language: en", "language: ar"))
    with served_before_the_vote(root) as address:
        yield address


@contextlib.contextmanager
def served_before_the_vote(root: Path):
    """The project built as published before its vote (so its pages count down), served on a local port."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", BEFORE_THE_VOTE)
        result = build(root, BuildOptions(out=root / "site"))
    assert not result.report.errors, result.report.errors
    with static_server(root / "site") as address:
        yield address


@pytest.fixture
def arabic_page(browser):
    """A page that fails the test on any script error or policy violation (Chromium logs both as errors)."""
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == []


def expect_the_countdown_in_arabic(page, home: str) -> None:
    """The countdown on the home page at `home` to a vote on 21 November 2018 in Dubai, told in Arabic."""
    page.clock.install(time=dt.datetime(2018, 11, 18, 17, 59, tzinfo=UTC))  # 2 days 2 hours 1 minute
    assert page.goto(home).ok
    countdown = page.locator(".when .countdown")
    expect(countdown).to_have_text("الوقت المتبقي: يومان وساعتان")  # two days and two hours: the dual
    page.clock.fast_forward("23:00:00")
    expect(countdown).to_have_text("الوقت المتبقي: يوم واحد و3 ساعات")  # one day, and "few" for 3
    page.clock.fast_forward("26:57:30")  # 20 November, 19:56:30
    expect(countdown).to_have_text("الوقت المتبقي: 3 دقائق")
    page.clock.fast_forward("04:00")
    expect(countdown).to_have_text("اليوم")


def expect_the_filter_to_count_in_arabic(page, directory: str, everyone: str, total: int, one_name: str) -> None:
    """The directory at `directory` (`total` members, two of them Democrats, one of whom `one_name` finds) counts what
    it shows in Arabic, each number in its plural form; `everyone` is the count before any filter."""
    assert page.goto(directory).ok
    count = page.locator(".filter-count")
    expect(count).to_have_text(everyone)
    page.locator("form.filters [name=party]").select_option("Democratic")
    expect(count).to_have_text(f"يظهر عضوان من {total}")  # the dual
    page.locator("form.filters [name=q]").fill(one_name)
    expect(count).to_have_text(f"يظهر عضو واحد من {total}")
    page.locator("form.filters [name=q]").fill("nobody")
    expect(count).to_have_text(f"لا يظهر أي عضو من {total}")


def test_the_countdown_counts_down_in_arabic(arabic_site, arabic_page):
    expect_the_countdown_in_arabic(arabic_page, arabic_site + "/")


def test_the_directory_filter_counts_in_arabic(arabic_site, arabic_page):
    expect_the_filter_to_count_in_arabic(arabic_page, arabic_site + "/members/", "يظهر 4 أعضاء", 4, "roe")


def test_the_copy_statuses_are_in_arabic(arabic_site, arabic_page):
    page = arabic_page
    assert page.goto(arabic_site + "/").ok
    page.locator(".copy-link").click()
    expect(page.locator(".copy-status")).to_have_text("تم نسخ الرابط.")
    assert page.goto(arabic_site + "/members/jane-doe/").ok
    button = page.locator("button.copy-letter")
    button.click()
    expect(button).to_have_text("تم النسخ")
