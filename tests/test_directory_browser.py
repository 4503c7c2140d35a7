"""The member directory in a real Chromium: instant filtering with JavaScript, the whole table without it."""

from __future__ import annotations


import pytest

from conftest import make_project, static_server
from microsite.pipeline import BuildOptions, build

pytestmark = pytest.mark.browser
playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect

MEMBERS = """\
list: {title: Example Senate, country: US}
members:
  - {id: jane-doe, name: Jane Doe, last_name: Doe, title: Senator, party: Republican, region: MS,
     phone: 202-555-0142, position: supports}
  - {id: mary-major, name: Mary Major, last_name: Major, title: Senator, party: Democratic, region: MS}
  - {id: john-roe, name: John Roe, last_name: Roe, title: Senator, party: Democratic, region: NH, position: opposes}
  - {id: rick-moe, name: Rick Moe, last_name: Moe, title: Senator, party: Independent, region: VT}
"""
LETTER = "---\ntitle: Write to your senator\nsubject: The vote\n---\nDear Senator {{ member.last_name }},\n\nVote no.\n"


@pytest.fixture(scope="module")
def directory_url(tmp_path_factory):
    root = tmp_path_factory.mktemp("directory")
    files = {"content/members/senate.yml": MEMBERS, "content/actions/write.md": LETTER}
    project = make_project(root / "project", files)
    result = build(project, BuildOptions(out=root / "site"))
    assert result.report.errors == []
    with static_server(root / "site") as origin:
        yield f"{origin}/members/"


def member_rows(page):
    return page.locator("table.directory tr[data-stance]")


def test_typing_a_name_narrows_the_rows_at_once(page, directory_url):
    assert page.goto(directory_url).ok
    expect(page.locator("form.filters")).to_be_visible()
    page.get_by_label("Name").fill("roe")
    expect(member_rows(page).filter(visible=True)).to_have_count(1)
    expect(page.get_by_role("link", name="John Roe")).to_be_visible()
    expect(page.locator(".filter-count")).to_have_text("1 of 4 shown")
    expect(page.get_by_role("rowheader", name="Mississippi")).to_be_hidden()  # a region with no match is hidden


def test_choosing_a_party_then_a_region_narrows_the_rows(page, directory_url):
    assert page.goto(directory_url).ok
    page.get_by_label("Party").select_option("Democratic")
    expect(member_rows(page).filter(visible=True)).to_have_count(2)
    page.get_by_label("Your region").select_option("New Hampshire")
    expect(member_rows(page).filter(visible=True)).to_have_count(1)
    expect(page.get_by_role("link", name="John Roe")).to_be_visible()
    expect(page.get_by_role("link", name="Mary Major")).to_be_hidden()


def test_choosing_a_stance_narrows_the_rows(page, directory_url):
    assert page.goto(directory_url).ok
    page.get_by_label("Stance").select_option("supports")
    expect(member_rows(page).filter(visible=True)).to_have_count(1)
    expect(page.get_by_role("link", name="Jane Doe")).to_be_visible()


def test_a_shared_link_with_a_region_opens_filtered(page, directory_url):
    assert page.goto(directory_url + "?region=Vermont").ok
    expect(member_rows(page).filter(visible=True)).to_have_count(1)
    expect(page.get_by_role("link", name="Rick Moe")).to_be_visible()


def test_find_your_representative_link_narrows_to_the_region(page, directory_url):
    assert page.goto(directory_url).ok
    page.get_by_text("Find your representative by region").click()
    page.locator(".region-jump").get_by_role("link", name="Mississippi").click()
    expect(member_rows(page).filter(visible=True)).to_have_count(2)
    expect(page.get_by_label("Your region")).to_have_value("Mississippi")


def test_without_javascript_every_row_shows_and_no_filter_form(browser, directory_url):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        assert page.goto(directory_url).ok
        expect(page.locator("form.filters")).to_be_hidden()
        expect(member_rows(page).filter(visible=True)).to_have_count(4)
        page.get_by_text("Find your representative by region").click()
        page.locator(".region-jump").get_by_role("link", name="Vermont").click()
        assert page.url.endswith("#region-vermont")
        expect(page.locator("#region-vermont")).to_be_in_viewport()
    finally:
        context.close()


def test_copy_button_appears_with_javascript_and_copies_the_letter(browser, directory_url):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    try:
        page = context.new_page()
        assert page.goto(directory_url + "jane-doe/").ok
        expect(page.get_by_role("link", name="Call (202) 555-0142")).to_have_attribute("href", "tel:+12025550142")
        button = page.locator("button.copy-letter")
        expect(button).to_have_text("Copy the letter")
        button.click()
        expect(button).to_have_text("Copied")
        copied = page.evaluate("() => navigator.clipboard.readText()")
        assert copied == "Dear Senator Doe,\n\nVote no."
    finally:
        context.close()


def test_copy_button_stays_hidden_without_javascript(browser, directory_url):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        assert page.goto(directory_url + "jane-doe/").ok
        expect(page.get_by_text("Vote no.")).to_be_visible()
        expect(page.locator("button.copy-letter")).to_be_hidden()
    finally:
        context.close()
