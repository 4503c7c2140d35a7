"""Member pages, actions, vCards, directories and exports as a visitor and a campaigner see them."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from html import unescape
from urllib.parse import parse_qs, unquote, urlsplit

import phonenumbers
import pytest
import yaml

from conftest import ROOT, SHARED_DATA, make_project
from microsite.check import check_site
from microsite.pipeline import BuildOptions, build
from microsite.vcard import escape_text, fold

SITE = """\
title: Test Campaign
description: A fictional campaign for tests.
base_url: https://example.org/camp/
country: US
repository: https://github.com/example/camp
"""
MEMBERS = """\
list:
  title: Example Senate
  country: US
members:
  - id: jane-doe
    name: Jane Doe
    first_name: Jane
    last_name: Doe
    title: Senator
    chamber: senate
    party: Republican
    region: MS
    phone: 202-555-0142
    email: jane.doe@example.org
    contact_form: https://doe.example.org/contact
    website: https://doe.example.org/
    social: {twitter: "@janedoe", mastodon: jane@example.social, bluesky: janedoe.example.org}
    offices:
      - {name: Washington, address: "1 Example Building, Washington DC 20510", phone: 202-555-0143}
    position: {stance: supports, source: https://example.org/news/doe, date: 2018-11-19}
    verified: 2018-11-01
  - id: john-roe
    name: John Roe
    first_name: John
    last_name: Roe
    title: Representative
    chamber: house
    party: Democratic
    region: NH
    phone: call the district office
    email: john.roe@example.org
    position: {stance: opposes}
  - id: mary-major
    name: Mary Major
    last_name: Major
    title: Senator
    party: Democratic
    region: MS
"""
LETTER = """\
---
title: Email your senator
kind: email
subject: "About the vote, {{ member.title }} {{ member.last_name }}"
---
Dear {{ member.title }} {{ member.last_name }},

{% if member.position.stance == "supports" %}Thank you for standing with us & for your vote.
{%- else %}Please reconsider your position before the vote.{% endif %}
{% if member.chamber == "senate" %}The Senate votes first.{% endif %}

Sincerely,
A constituent
"""
CALL = """\
---
title: Call the office
kind: call
---
**Hello.** I am calling {{ member.name }} about the vote.
"""


def build_project(tmp_path, files=None, site=SITE, strict=False):
    content = {"content/members/senate.yml": MEMBERS, "content/actions/email.md": LETTER,
               "content/actions/call.md": CALL, **(files or {})}
    project = make_project(tmp_path / "project", content, site_yml=site)
    return project, build(project, BuildOptions(out=tmp_path / "site", strict=strict))


def page_text(result, path: str) -> str:
    return result.files[path].decode("utf-8")


def hrefs(html: str, prefix: str) -> list[str]:
    return [unescape(h) for h in re.findall(r'href="([^"]*)"', html) if unescape(h).startswith(prefix)]


def letter_on_page(html: str, anchor: str) -> str:
    match = re.search(rf'<div class="letter" id="{anchor}-letter">(.*?)</div>', html, re.S)
    return unescape(match.group(1))


@pytest.fixture
def built(tmp_path):
    project, result = build_project(tmp_path)
    assert result.report.errors == []
    return result


# -- member pages -------------------------------------------------------------------------------------------
def test_member_page_calls_in_e164_and_shows_the_national_number(built):
    html = page_text(built, "members/jane-doe/index.html")
    assert 'href="tel:+12025550142">Call (202) 555-0142</a>' in html
    assert 'href="tel:+12025550143">(202) 555-0143</a>' in html  # the office's own number


def test_unparseable_phone_is_shown_as_text_without_a_tel_link(built):
    html = page_text(built, "members/john-roe/index.html")
    assert "Phone: call the district office" in html
    assert "tel:" not in html


def test_mailto_carries_the_letter_written_for_the_member(built):
    html = page_text(built, "members/jane-doe/index.html")
    (mailto,) = hrefs(html, "mailto:jane.doe@example.org?")
    query = parse_qs(urlsplit(mailto).query)
    assert query["subject"] == ["About the vote, Senator Doe"]
    body = query["body"][0]
    assert body.startswith("Dear Senator Doe,\r\n\r\nThank you for standing with us & for your vote.\r\n")
    assert "The Senate votes first." in body
    assert "%20" in mailto and "+" not in mailto  # RFC 6068: spaces are %20, never '+'
    assert body.replace("\r\n", "\n") == letter_on_page(html, "action-email")
    assert len(mailto) < 2000


def test_gmail_and_outlook_links_carry_the_same_letter(built):
    html = page_text(built, "members/jane-doe/index.html")
    letter = letter_on_page(html, "action-email")
    (gmail,) = hrefs(html, "https://mail.google.com/")
    (outlook,) = hrefs(html, "https://outlook.office.com/")
    gmail_query, outlook_query = parse_qs(urlsplit(gmail).query), parse_qs(urlsplit(outlook).query)
    assert (gmail_query["to"], gmail_query["su"], gmail_query["body"]) == (
        ["jane.doe@example.org"], ["About the vote, Senator Doe"], [letter])
    assert (outlook_query["to"], outlook_query["subject"], outlook_query["body"]) == (
        ["jane.doe@example.org"], ["About the vote, Senator Doe"], [letter])


def test_script_branches_on_stance_and_chamber(built):
    opponent = letter_on_page(page_text(built, "members/john-roe/index.html"), "action-email")
    assert opponent.startswith("Dear Representative Roe,\n\nPlease reconsider your position")
    assert "Thank you" not in opponent.split("\n\n")[1]
    assert "The Senate votes first." not in opponent


def test_copy_button_is_hidden_until_the_script_shows_it(built):
    html = page_text(built, "members/jane-doe/index.html")
    assert '<button type="button" class="copy-letter" data-copy-target="action-email-letter" hidden>' in html


def test_call_script_is_beside_the_tel_link(built):
    html = page_text(built, "members/jane-doe/index.html")
    section = html[html.index('id="action-call"'):]
    section = section[:section.index("</section>")]
    assert 'href="tel:+12025550142"' in section
    assert "<strong>Hello.</strong> I am calling Jane Doe about the vote." in section


def test_long_letter_is_shortened_in_mailto_and_points_to_the_page(tmp_path):
    paragraph = "Every word of this letter matters to the campaign and to the people it serves. " * 8
    letter = "---\ntitle: Long letter\nsubject: A long letter\n---\nDear {{ member.last_name }},\n\n" + \
             "\n\n".join([paragraph] * 6)
    _, result = build_project(tmp_path, {"content/actions/email.md": letter})
    html = page_text(result, "members/jane-doe/index.html")
    (mailto,) = hrefs(html, "mailto:jane.doe@example.org?")
    assert len(mailto) <= 2000
    body = parse_qs(urlsplit(mailto).query)["body"][0]
    assert body.startswith("Dear Doe,")
    assert body.endswith("Read the whole letter: https://example.org/camp/members/jane-doe/#action-email")
    assert len(letter_on_page(html, "action-email")) > 3000  # the page keeps the whole letter
    assert "too long for some mail apps" in html


def test_contact_channels_social_links_and_stance_source(built):
    html = page_text(built, "members/jane-doe/index.html")
    assert 'href="https://doe.example.org/contact">Contact form</a>' in html
    assert 'href="https://x.com/janedoe"' in html
    assert 'href="https://example.social/@jane"' in html
    assert 'href="https://bsky.app/profile/janedoe.example.org"' in html
    assert '<a href="https://example.org/news/doe">source</a>' in html
    assert "19 November 2018" in html
    assert "Contact details checked on" in html and "1 November 2018" in html


def test_report_a_correction_opens_a_prefilled_issue(built):
    html = page_text(built, "members/jane-doe/index.html")
    (link,) = hrefs(html, "https://github.com/example/camp/issues/new?")
    query = parse_qs(urlsplit(link).query)
    assert query["template"] == ["correction.yml"]
    assert query["title"] == ["Correction: Jane Doe (jane-doe)"]
    assert (query["member_id"], query["member_name"]) == (["jane-doe"], ["Jane Doe"])
    assert query["page"] == ["https://example.org/camp/members/jane-doe/"]
    assert query["data"][0].startswith("content/members/senate.yml:5:")


def test_every_field_the_correction_link_fills_is_a_field_of_the_form(built):
    """GitHub fills the form field whose id is a query parameter's name, and silently drops any other parameter."""
    html = page_text(built, "members/jane-doe/index.html")
    (link,) = hrefs(html, "https://github.com/example/camp/issues/new?")
    query = parse_qs(urlsplit(link).query)
    form = yaml.safe_load((ROOT / ".github/ISSUE_TEMPLATE" / query["template"][0]).read_text(encoding="utf-8"))
    fields = {element["id"]: element["type"] for element in form["body"] if "id" in element}
    filled = set(query) - {"template", "title"}  # GitHub's own: which form, and the issue's title
    assert filled and all(fields.get(name) in ("input", "textarea") for name in filled), (filled, fields)


def test_member_page_lists_the_statements_signed(tmp_path):
    statement = ("---\nsignatories: [jane-doe]\ndate: 2018-11-19\ndateline: WASHINGTON\n"
                 "headline: Warns Against the Candidate\n---\n\nText.\n")
    _, result = build_project(tmp_path, {"content/statements/warning.md": statement})
    html = page_text(result, "members/jane-doe/index.html")
    assert 'href="/camp/statements/warning/">Doe Warns Against the Candidate</a>' in html
    assert "Statements signed" not in page_text(result, "members/john-roe/index.html")


# -- action errors ------------------------------------------------------------------------------------------
def test_syntax_error_in_an_action_is_reported_at_its_line(tmp_path):
    broken = "---\ntitle: Broken\nsubject: Hello\n---\nDear {{ member.last_name }},\n\n{% if member.party %}\n"
    _, result = build_project(tmp_path, {"content/actions/email.md": broken})
    (error,) = [str(p) for p in result.report.errors]
    assert error.startswith("content/actions/email.md:7:1: error: in the action's body: Unexpected end of template.")
    assert error.endswith("The innermost block that needs to be closed is 'if'.")
    assert result.stats is None and not (tmp_path / "site").exists()


def test_unknown_member_field_in_an_action_is_reported_once_at_its_line(tmp_path):
    broken = "---\ntitle: Typo\nsubject: Hello\n---\nDear {{ member.title }},\n\n{{ member.lastname }}\n"
    _, result = build_project(tmp_path, {"content/actions/email.md": broken})
    messages = [str(p) for p in result.report.errors]
    assert len(messages) == 1  # three members, one mistake
    assert messages[0].startswith("content/actions/email.md:7:1: error: in the action's body: ")
    assert "lastname" in messages[0]


def test_an_action_cannot_reach_python_internals(tmp_path):
    escape = "---\ntitle: Escape\nsubject: Hi\n---\n{{ member.__class__.__init__.__globals__ }}\n"
    _, result = build_project(tmp_path, {"content/actions/email.md": escape})
    assert len(result.report.errors) == 1
    assert str(result.report.errors[0]).startswith("content/actions/email.md:5:1: error: in the action's body:")


# -- hostile values -----------------------------------------------------------------------------------------
HOSTILE = """\
list: {title: Hostile, country: US}
members:
  - id: evil
    name: "<script>alert(1)</script> [x](javascript:alert(2)) **bold**"
    last_name: "<img src=x onerror=alert(3)>"
    title: Senator
    region: MS
    party: "\\"><svg onload=alert(4)>"
    email: evil@example.org
"""


def test_markup_in_member_values_is_rendered_inert(tmp_path):
    _, result = build_project(tmp_path, {"content/members/senate.yml": HOSTILE})
    assert result.report.errors == []
    for path in ("members/evil/index.html", "members/index.html", "lists/senate/index.html"):
        html = page_text(result, path)
        assert "<script>alert" not in html and "<img src=x" not in html and "<svg onload" not in html
        assert 'href="javascript:' not in html
    call = page_text(result, "members/evil/index.html")
    call = call[call.index('id="action-call"'):]
    assert "&lt;script&gt;alert(1)&lt;/script&gt; [x](javascript:alert(2)) **bold**" in call
    vcard = result.files["members/evil.vcf"].decode()
    assert "FN:<script>alert(1)</script> [x](javascript:alert(2)) **bold**\r\n" in vcard  # text, not markup


@pytest.mark.parametrize("field, value, message", [
    ("website", "javascript:alert(1)",
     "'website' must be an http:// or https:// URL; a javascript: URL could run code"),
    ("contact_form", "JaVaScRiPt:alert(1)", "'contact_form' must be an http:// or https:// URL"),
    ("email", '"jane@example.org\\r\\nBcc: all@example.org"', "email"),
])
def test_dangerous_contact_values_stop_the_build(tmp_path, field, value, message):
    members = f"list: {{title: X, country: US}}\nmembers:\n  - id: jane\n    name: Jane Doe\n    {field}: {value}\n"
    _, result = build_project(tmp_path, {"content/members/senate.yml": members})
    errors = [str(p) for p in result.report.errors]
    assert len(errors) == 1 and errors[0].startswith("content/members/senate.yml:5:") and message in errors[0]
    assert not (tmp_path / "site").exists()


# -- vCard ---------------------------------------------------------------------------------------------------
def unfold(card: str) -> list[str]:
    assert card.endswith("\r\n") and "\n" not in card.replace("\r\n", "")
    return card.replace("\r\n ", "").split("\r\n")[:-1]


def test_vcard_4_has_every_contact_channel(built):
    card = built.files["members/jane-doe.vcf"].decode("utf-8")
    lines = unfold(card)
    assert lines[:2] == ["BEGIN:VCARD", "VERSION:4.0"] and lines[-1] == "END:VCARD"
    for expected in ("FN:Jane Doe", "N:Doe;Jane;;;", "TITLE:Senator", "ORG:Example Senate",
                     "TEL;VALUE=uri;TYPE=work,voice:tel:+12025550142",
                     "TEL;VALUE=uri;TYPE=work,voice:tel:+12025550143", "EMAIL;TYPE=work:jane.doe@example.org",
                     "ADR;TYPE=work:;;1 Example Building\\, Washington DC 20510;;;;",
                     "URL;TYPE=work:https://doe.example.org/", "X-SOCIALPROFILE;TYPE=x:https://x.com/janedoe",
                     "UID:https://example.org/camp/members/jane-doe/", "REV:20181101T000000Z"):
        assert expected in lines
    assert all(len(line.encode()) <= 75 for line in card.split("\r\n"))


def test_member_page_links_its_vcard(built):
    html = page_text(built, "members/jane-doe/index.html")
    assert 'href="/camp/members/jane-doe.vcf" download="jane-doe.vcf"' in html


def test_vcard_text_escaping():
    assert escape_text("Doe, Jane; Jr.\\ the 2nd\nline two\r\nthree") == \
        "Doe\\, Jane\\; Jr.\\\\ the 2nd\\nline two\\nthree"


def test_vcard_folding_at_75_octets_never_splits_a_character():
    line = "NOTE:" + "é" * 100  # two octets each
    folded = fold(line)
    pieces = folded.split("\r\n")
    assert all(len(piece.encode("utf-8")) <= 75 for piece in pieces)
    assert all(piece.startswith(" ") for piece in pieces[1:])
    assert folded.replace("\r\n ", "") == line
    assert fold("X" * 75) == "X" * 75
    assert fold("X" * 76) == "X" * 75 + "\r\n X"


# -- directory --------------------------------------------------------------------------------------------------
def test_directory_groups_members_under_their_region_with_full_state_names(built):
    html = page_text(built, "members/index.html")
    mississippi = html.index('id="region-mississippi">Mississippi</th>')
    new_hampshire = html.index('id="region-new-hampshire">New Hampshire</th>')
    jane, mary, john = (html.index(f">{name}<") for name in ("Jane Doe", "Mary Major", "John Roe"))
    assert mississippi < jane < mary < new_hampshire < john
    assert '<a href="#region-mississippi">Mississippi</a>' in html  # find your representative, without script
    assert "1 support · 1 oppose · 1 unknown" in html


def test_directory_filter_form_is_hidden_without_script_and_lists_the_choices(built):
    html = page_text(built, "lists/senate/index.html")
    form = html[html.index('<form class="filters"'):html.index("</form>")]
    assert '<form class="filters" hidden' in form
    assert "<option>Democratic</option><option>Republican</option>" in form
    assert '<option value="supports">Supports</option>' in form


def test_home_page_shows_the_scoreboard(built):
    assert "1 support · 1 oppose · 1 unknown" in page_text(built, "index.html")


# -- exports ------------------------------------------------------------------------------------------------------
def test_exports_have_a_list_column_and_neutralise_formulas(tmp_path):
    members = ("list: {title: Formulas, country: US}\nmembers:\n  - id: jane\n    name: \"=HYPERLINK(\\\"x\\\")\"\n"
               "    title: \"@SUM(A1)\"\n    party: \"-2+3\"\n    phone: +1 202-555-0142\n    notes: plain\n")
    _, result = build_project(tmp_path, {"content/members/senate.yml": members})
    for name in ("members.csv", "lists/senate.csv"):
        rows = list(csv.DictReader(io.StringIO(result.files[name].decode("utf-8"))))
        assert rows[0]["list"] == "senate"
        assert (rows[0]["name"], rows[0]["title"], rows[0]["party"], rows[0]["phone"]) == (
            "'=HYPERLINK(\"x\")", "'@SUM(A1)", "'-2+3", "'+12025550142")
        assert not [cell for row in rows for cell in row.values() if cell.startswith(tuple("=+-@"))]
    data = json.loads(result.files["members.json"])
    assert (data[0]["list"], data[0]["name"]) == ("senate", '=HYPERLINK("x")')  # JSON is data, not a sheet


# -- check ---------------------------------------------------------------------------------------------------------
def test_check_warns_about_contact_data_verified_long_ago(tmp_path):
    project, _ = build_project(tmp_path)
    stale = MEMBERS.replace("verified: 2018-11-01", "verified: 2018-01-15")
    (project / "content" / "members" / "senate.yml").write_text(stale, encoding="utf-8")
    report = check_site(project)
    warnings = [str(p) for p in report.warnings if "verified" in p.message]
    assert warnings == ["content/members/senate.yml:5:9: warning: contact data of 'jane-doe' was last verified on "
                        "2018-01-15, more than 90 days before 2018-11-24"]
    assert check_site(project, strict=True).errors


# -- real data -------------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def congress(tmp_path_factory):
    if not SHARED_DATA.is_dir():
        pytest.skip(f"the congress-legislators data is not at {SHARED_DATA}")
    root = tmp_path_factory.mktemp("congress")
    files = {"content/pages/index.md": "---\ntitle: Home\n---\n\nWelcome.\n"}
    project = make_project(root / "project", files, site_yml=SITE)
    (project / "content" / "members").mkdir()
    for name in ("legislators-current.yaml", "legislators-social-media.yaml"):
        shutil.copy(SHARED_DATA / name, project / "content" / "members" / name)
    shutil.copy(ROOT / "tests" / "fixtures" / "members" / "commission.yml", project / "content" / "members")
    result = build(project, BuildOptions(out=root / "site"))
    assert result.report.errors == []
    return result


def test_every_current_legislator_gets_a_page_and_every_phone_a_valid_tel_link(congress):
    import yaml

    people = yaml.safe_load((SHARED_DATA / "legislators-current.yaml").read_text(encoding="utf-8"))
    assert len(people) > 500
    for person in people:
        html = page_text(congress, f"members/{person['id']['bioguide'].lower()}/index.html")
        phone = person["terms"][-1].get("phone")
        if phone:
            tel = hrefs(html, "tel:")
            assert tel, person["id"]["bioguide"]
            number = phonenumbers.parse(tel[0].removeprefix("tel:"))
            assert phonenumbers.is_valid_number(number) and tel[0] == "tel:" + phonenumbers.format_number(
                number, phonenumbers.PhoneNumberFormat.E164)
    directory = page_text(congress, "lists/legislators-current/index.html")
    assert directory.count('<tr data-party="') == len(people)


# -- Popolo --------------------------------------------------------------------------------------------------------
def test_popolo_file_builds_directory_and_member_pages(tmp_path):
    popolo = (ROOT / "tests" / "fixtures" / "members" / "parliament.json").read_text(encoding="utf-8")
    site = SITE + "members:\n  parliament.json: {country: GB}\n"
    project = make_project(tmp_path / "project", {"content/members/parliament.json": popolo}, site_yml=site)
    result = build(project, BuildOptions(out=tmp_path / "site"))
    assert result.report.errors == []
    directory = page_text(result, "lists/parliament/index.html")
    assert ">Jane Doe</a>" in directory and ">Richard Roe</a>" in directory
    assert "Old Member" not in directory  # a membership that has ended
    jane = page_text(result, "members/person-1/index.html")
    assert 'href="tel:+442079460958">Call 020 7946 0958</a>' in jane
    assert unquote(hrefs(jane, "mailto:")[0]) == "mailto:jane@example.org"
    assert 'id="region-northtown">Northtown</th>' in directory
