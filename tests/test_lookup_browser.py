"""Find your representative by ZIP code, in real Chromium, on the demo with the real Congress and ZIP code table
(copied from ../shared/data into a temporary project at test time) and on a fictional postcode campaign."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from conftest import ROOT, make_project
from microsite.i18n import Language

TEL = re.compile(r"^tel:\+1\d{10}$")


def open_page(browser, url: str, **context_options):
    """A new context and its page at `url`; pass bypass_csp=True to inject axe (the site's CSP is kept otherwise)."""
    context = browser.new_context(**context_options)
    page = context.new_page()
    response = page.goto(url)
    assert response is not None and response.ok, url
    return context, page


def find(page, key: str) -> None:
    page.fill("#lookup-key", key)
    page.press("#lookup-key", "Enter")
    expect(page.locator("[data-lookup]")).not_to_have_attribute("data-state", "busy")


def cards(page):
    return page.locator(".lookup-result .lookup-card")


def names(page) -> list[str]:
    return cards(page).locator(".lookup-name").all_inner_texts()


def axe_violations(page) -> list:
    page.add_script_tag(path=str(ROOT / "node_modules/axe-core/axe.min.js"))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [(v["id"], [n["target"] for n in v["nodes"]]) for v in result["violations"]]


def test_alaska_deep_link_shows_both_senators_and_the_representative_with_call_and_contact(browser, congress_server):
    context, page = open_page(browser, congress_server + "/?zip=99501")
    expect(cards(page)).to_have_count(3)
    assert sorted(names(page)) == ["Dan Sullivan", "Lisa Murkowski", "Nicholas J. Begich III"]
    expect(page.locator(".lookup-status")).to_have_text("3 members represent 99501.")
    for card in cards(page).all():
        assert TEL.match(card.locator("a.button.primary").get_attribute("href"))
        # congress-legislators has no email addresses: each card offers the contact form (or, lacking one, the site).
        contact = card.locator("a.button", has_text=re.compile("^(Contact form|Website)$"))
        assert contact.get_attribute("href").startswith("https://")
        assert card.locator(".lookup-name a").get_attribute("href").startswith("/members/")
    senator = cards(page).filter(has_text="Lisa Murkowski")
    expect(senator.locator("a", has_text="Contact form")).to_have_attribute(
        "href", "https://www.murkowski.senate.gov/public/index.cfm/contact")
    # legislators-district-offices.yaml beside it: the first district office is offered beside Washington.
    expect(senator.locator("a", has_text="Local office")).to_have_attribute("href", "tel:+19072713735")
    expect(senator.locator("a.button")).to_have_text(["Call (202) 224-6665", "Local office (907) 271-3735",
                                                     "Contact form"])
    context.close()


@pytest.mark.parametrize("typed, key, expected, status", [
    ("35004", "35004", ["Katie Boyd Britt", "Mike Rogers", "Tommy Tuberville"], "3 members represent 35004."),
    ("20001", "20001", ["Eleanor Holmes Norton"], "1 member represents 20001."),  # DC: the delegate, no senators
    (" 99501-1234", "99501", ["Dan Sullivan", "Lisa Murkowski", "Nicholas J. Begich III"],
     "3 members represent 99501."),
    ("02138", "02138", ["Ayanna Pressley", "Edward J. Markey", "Elizabeth Warren", "Katherine M. Clark"],
     "4 members represent 02138. The ZIP code is split between district 5 and district 7."),
])
def test_a_zip_code_typed_on_the_home_page_shows_who_represents_it(browser, congress_server, typed, key, expected,
                                                                    status):
    context, page = open_page(browser, congress_server + "/")
    find(page, typed)
    expect(page.locator(".lookup-status")).to_have_text(status)
    assert sorted(names(page)) == expected
    assert page.url == f"{congress_server}/?zip={key}"  # the address bar can be shared
    context.close()


def test_dc_shows_its_delegate_with_her_washington_district_office(browser, congress_server):
    context, page = open_page(browser, congress_server + "/?zip=20001")
    expect(cards(page)).to_have_count(1)
    expect(cards(page).locator("a", has_text="Call")).to_have_attribute("href", "tel:+12022258050")
    expect(cards(page).locator("a", has_text="Local office")).to_have_attribute("href", "tel:+12024089041")
    context.close()


def test_a_split_zip_code_on_the_directory_labels_every_district(browser, congress_server):
    context, page = open_page(browser, congress_server + "/members/?zip=10001", bypass_csp=True)
    expect(page.locator(".lookup-split")).to_contain_text("split between district 10 and district 12")
    expect(page.locator(".lookup-district")).to_have_text(["District 10", "District 12"])
    assert sorted(names(page)) == ["Charles E. Schumer", "Daniel S. Goldman", "Jerrold Nadler",
                                   "Kirsten E. Gillibrand"]
    expect(page.locator("[data-lookup]")).to_have_attribute("data-state", "split")
    assert axe_violations(page) == []
    context.close()


def test_a_vacant_seat_is_said_and_the_senators_still_shown(browser, congress_server):
    context, page = open_page(browser, congress_server + "/?zip=30017", bypass_csp=True)
    expect(page.locator(".lookup-vacant")).to_contain_text("vacant")
    expect(page.locator(".lookup-status")).to_contain_text("One seat is vacant.")
    assert sorted(names(page)) == ["Jon Ossoff", "Raphael G. Warnock"]
    assert axe_violations(page) == []
    context.close()


def test_an_unknown_zip_code_is_said_plainly_and_offers_the_region_list(browser, congress_server):
    context, page = open_page(browser, congress_server + "/", bypass_csp=True)
    for unknown in ("99599", "00000"):  # a shard without that key; no shard at all
        find(page, unknown)
        expect(page.locator(".lookup-status")).to_have_text(
            f"No members found for ZIP code {unknown}: it is not in the table.")
        expect(page.locator(".lookup-unknown a")).to_have_attribute("href", "/members/")
    assert axe_violations(page) == []
    find(page, "1234")
    expect(page.locator(".lookup-status")).to_have_text("“1234” is not a ZIP code (five digits, such as 10001).")
    context.close()


def test_one_request_per_lookup_to_the_same_origin(browser, congress_server):
    context, page = open_page(browser, congress_server + "/")
    requests = []
    page.on("request", lambda request: requests.append(request.url) if request.resource_type == "fetch" else None)
    find(page, "99501")
    expect(cards(page)).to_have_count(3)
    assert len(requests) == 1 and re.fullmatch(re.escape(congress_server) + r"/lookups/zccd/9\d\d\.json", requests[0])
    context.close()


def test_a_network_error_is_said_and_the_next_try_asks_again(browser, congress_server):
    context, page = open_page(browser, congress_server + "/", bypass_csp=True)
    page.route("**/lookups/**", lambda route: route.abort())
    find(page, "99501")
    expect(page.locator(".lookup-status")).to_have_text(
        "The lookup could not reach this site. Check your connection and try again.")
    assert axe_violations(page) == []
    page.unroute("**/lookups/**")
    find(page, "99501")
    expect(cards(page)).to_have_count(3)
    context.close()


def test_without_javascript_the_form_points_at_the_region_list(browser, congress_server):
    context, page = open_page(browser, congress_server + "/members/?zip=99501", java_script_enabled=False)
    expect(page.locator(".lookup-form")).to_be_hidden()
    expect(page.locator(".lookup-nojs")).to_contain_text("needs JavaScript")
    page.click(".lookup-nojs a")
    assert page.url.endswith("#regions")
    page.click("#regions summary")
    expect(page.locator("#regions a", has_text="Alaska")).to_be_visible()
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_axe_violation_empty_and_found(browser, congress_server, scheme):
    context, page = open_page(browser, congress_server + "/", color_scheme=scheme, bypass_csp=True)
    assert axe_violations(page) == []
    find(page, "99501")
    expect(cards(page)).to_have_count(3)
    assert axe_violations(page) == []
    context.close()


POSTCODES = """\
key,region,district
ZZ1 1AA,Northshire,North Ward
ZZ1 1AB,Northshire,North Ward
ZZ1 1AC,Northshire,South Ward
ZZ1 1AC,Northshire,North Ward
ZZ9 9ZZ,Southshire,Harbour
"""
# Ofcom's drama numbers (020 7946 0xxx): fictional, and valid for phonenumbers.
COUNCIL = """\
list:
  title: Fictional Council
  country: GB
members:
  - {id: ada-north, name: Ada North, title: Councillor, party: Green, region: Northshire, district: North Ward, phone: "020 7946 0001", email: ada@example.org, position: {stance: supports}}
  - {id: ben-south, name: Ben South, title: Councillor, party: Blue, region: Northshire, district: South Ward, phone: "020 7946 0002", contact_form: https://example.org/ben, offices: [{name: Town hall, address: 1 High Street, phone: "020 7946 0009"}]}
  - {id: cleo-shire, name: Cleo Shire, title: Mayor, region: Northshire, phone: "020 7946 0003", email: cleo@example.org}
"""
LETTER = """\
---
title: Write to your councillor
subject: The harbour
---
Dear {{ member.name }}, please act.
"""
RTL_SITE = """\
title: حملة تجريبية
description: A fictional campaign for tests.
base_url: https://example.org/
language: ar
country: GB
lookups:
  postcodes.csv: {key_name: postcode, source: "wards of 2026, fictional table"}
"""


@pytest.fixture(scope="module")
def postcode_server(tmp_path_factory):
    from conftest import static_server
    from microsite.pipeline import BuildOptions, build

    root = make_project(tmp_path_factory.mktemp("postcodes") / "project", {
        "content/lookups/postcodes.csv": POSTCODES, "content/members/council.yml": COUNCIL,
        "content/actions/letter.md": LETTER}, site_yml=RTL_SITE)
    result = build(root, BuildOptions(out=root / "site"))
    assert not result.report.errors, result.report.errors
    with static_server(root / "site") as address:
        yield address


def test_a_generic_postcode_table_right_to_left(browser, postcode_server):
    context, page = open_page(browser, postcode_server + "/?postcodes=zz1-1ac", bypass_csp=True)
    expect(cards(page)).to_have_count(3)
    # The site is in Arabic: so are the script's words, with the plural form of 3 and Arabic's list pattern.
    expect(page.locator(".lookup-status")).to_have_text(
        "يمثّل ZZ11AC 3 أعضاء. هذا الرمز موزَّع بين North Ward وSouth Ward.")
    ada = cards(page).filter(has_text="Ada North")
    expect(ada.locator("a", has_text="راسل Ada North")).to_have_attribute("href", re.compile("^mailto:ada@example.org"))
    expect(ada.locator("a", has_text="اكتب في Gmail")).to_be_visible()
    expect(ada.locator("a", has_text="Write to your councillor")).to_have_attribute(
        "href", "/members/ada-north/#action-letter")
    ben = cards(page).filter(has_text="Ben South")
    expect(ben.locator("a", has_text="المكتب المحلي")).to_have_attribute("href", "tel:+442079460009")
    call = Language("ar").gettext("Call %(number)s") % {"number": "020 7946 0002"}  # the member page's words
    expect(ben.locator("a.button.primary")).to_have_text(call)
    expect(ben.locator("a", has_text="نموذج الاتصال")).to_have_attribute("href", "https://example.org/ben")
    # The form's own words follow the site's language too
    source = Language("ar").gettext("Source: %(source)s.") % {"source": "wards of 2026, fictional table"}
    expect(page.locator(".lookup-source")).to_have_text(source)
    assert page.evaluate("getComputedStyle(document.querySelector('.lookup-row')).direction") == "rtl"
    assert axe_violations(page) == []
    find(page, "ZZ9 9ZZ")  # a region with no member: its seat is vacant
    expect(page.locator(".lookup-vacant")).to_be_visible()
    assert page.url.endswith("/?postcodes=ZZ99ZZ")
    context.close()
