"""congress-legislators' side files: district offices, one committee as a list, and districts shown in words."""

from __future__ import annotations

import csv
import io
import json
from html import unescape

import pytest
import yaml

from conftest import CONGRESS_SIDE_FILES, IN_CI, SHARED_DATA, fictional_congress, make_project
from microsite.errors import Report
from microsite.i18n import Language
from microsite.importcmd import import_members
from microsite.importers import read_member_file
from microsite.model import ListSettings, Member, Office, Phone, SiteConfig
from microsite.pipeline import BuildOptions, build
from microsite.render_members import district_label, seat_code

CONFIG = SiteConfig(title="Test", description="", base_url="/")
COMMITTEE_SITE = """\
title: Test Campaign
description: A fictional campaign for tests.
base_url: https://example.org/
country: US
members:
  legislators-current.yaml: {committee: jxyz}
"""
THANK_THE_CHAIR = """\
---
title: Write to the commission
---
{% if member.committee_role == "Chair" %}Thank you for chairing the commission.{% else %}Dear colleague,{% endif %}
"""


def messages(report):
    return [str(problem) for problem in report.problems]


def test_district_offices_are_merged_after_the_washington_office(tmp_path):
    report = Report()
    path = fictional_congress(tmp_path, side_files=CONGRESS_SIDE_FILES)
    members = {m.id: m for m in read_member_file(path, "m/legislators-current.yaml", CONFIG, report).members}
    assert messages(report) == []
    washington, tupelo, jackson = members["d000001"].offices
    assert washington.name == "Washington office"
    assert tupelo == Office("Tupelo office", "Example Federal Building, 1 Example St., Suite 100, Tupelo, MS 38804",
                            Phone("662-555-0101", "+16625550101", "(662) 555-0101"), "Mon-Fri 9-5")
    assert (jackson.address, jackson.phone.e164, jackson.hours) == (
        "2 Example Ave., Room 3, Jackson, MS 39201", "+16015550102", "")
    houston, = members["p000004"].offices  # no Washington address in the term: the district office comes first
    assert (houston.name, houston.phone.e164) == ("Houston office", "+17135550103")


def test_import_committee_keeps_its_members_with_their_roles(tmp_path):
    path = fictional_congress(tmp_path / "data", side_files=CONGRESS_SIDE_FILES)
    out = tmp_path / "content/members/commission.yml"
    report = Report()
    assert import_members("congress-legislators", path, out, CONFIG, report, committee="jxyz").members == 3
    assert messages(report) == [
        f"{path.parent / 'committee-membership-current.yaml'}:15:3: warning: Former Member sits on JXYZ but is not "
        "in the legislators file, so is left out"
    ]
    document = yaml.safe_load(out.read_text())
    assert document["list"] == {"title": "Commission on Fictional Cooperation", "country": "US",
                                "group_phrase": "members of the Commission on Fictional Cooperation"}
    assert [(m["id"], m.get("committee_role"), m["committee_rank"]) for m in document["members"]] == [
        ("d000001", "Chair", 1), ("p000004", "Ranking Member", 1), ("r000002", None, 2)]
    # A campaigner's own group phrase survives the next import; the subcommittee's name is its parent's too.
    out.write_text(out.read_text().replace("group_phrase: members of the", "group_phrase: commissioners of the"))
    import_members("congress-legislators", path, out, CONFIG, Report(), committee="JXYZ")
    assert yaml.safe_load(out.read_text())["list"]["group_phrase"] == "commissioners of the Commission on Fictional Cooperation"
    sub = tmp_path / "sub.yml"
    assert import_members("congress-legislators", path, sub, CONFIG, Report(), committee="SSEX01").members == 1
    assert yaml.safe_load(sub.read_text())["list"]["title"] == "Senate Committee on Examples, Subcommittee on Samples"


def test_unknown_committee_is_an_error_with_a_suggestion(tmp_path):
    path = fictional_congress(tmp_path, side_files=CONGRESS_SIDE_FILES)
    report = Report()
    summary = import_members("congress-legislators", path, tmp_path / "x.yml", CONFIG, report, committee="JXZY")
    assert summary.members == 0
    assert messages(report) == [f"{tmp_path / 'committee-membership-current.yaml'}:1:1: error: no committee 'JXZY' "
                                "in committees-current.yaml and committee-membership-current.yaml "
                                "(did you mean 'JXYZ'?)"]
    assert not (tmp_path / "x.yml").exists()


@pytest.fixture(scope="module")
def committee_site(tmp_path_factory):
    """The fictional congress in content/members/ read as one committee through site.yml, built once."""
    root = make_project(tmp_path_factory.mktemp("committee"), {"content/actions/write.md": THANK_THE_CHAIR},
                        site_yml=COMMITTEE_SITE)
    fictional_congress(root / "content/members", side_files=CONGRESS_SIDE_FILES)
    result = build(root, BuildOptions(out=root / "site"))
    assert result.report.errors == []
    return root / "site"


def test_a_committee_list_shows_roles_districts_and_offices(committee_site):
    directory = (committee_site / "lists/legislators-current/index.html").read_text()
    assert "<h1>Commission on Fictional Cooperation</h1>" in directory
    assert '<td>Representative, TX-7<br><span class="committee-role">Ranking Member</span></td>' in directory
    assert "<td>Delegate</td>" in directory  # Richard Roe sits for the whole District of Columbia
    doe = (committee_site / "members/d000001/index.html").read_text()
    assert "Senator · Democrat · Mississippi · Chair, Commission on Fictional Cooperation" in doe
    assert "Thank you for chairing the commission." in doe
    assert '<a href="tel:+16625550101">(662) 555-0101</a>' in doe and "Open Mon-Fri 9-5" in doe
    assert "NOTE:Tupelo office: open Mon-Fri 9-5\r\n" in (committee_site / "members/d000001.vcf").read_bytes().decode()
    public = unescape((committee_site / "members/p000004/index.html").read_text())
    assert "Representative · Independent · Texas's 7th district · Ranking Member, Commission" in public
    assert "Dear colleague," in public
    card = (committee_site / "members/p000004.vcf").read_bytes().decode()
    assert "NOTE:Independent · Texas's 7th district · Ranking Member\r\n" in card
    assert "ADR;TYPE=work:;;3 Example Blvd.\\, Houston\\, TX 77001;;;;\r\n" in card
    assert "TEL;VALUE=uri;TYPE=work,voice:tel:+17135550103\r\n" in card
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO((committee_site / "members.csv").read_text()))}
    assert (rows["p000004"]["district_name"], rows["p000004"]["committee_role"]) == (
        "Texas's 7th district", "Ranking Member")
    assert json.loads((committee_site / "members.json").read_text())[0]["committee_rank"] == 1


@pytest.mark.parametrize("region, district, label, code", [
    ("AL", "4", "Alabama's 4th district", "AL-4"),
    ("NY", "12", "New York's 12th district", "NY-12"),
    ("CA", "22", "California's 22nd district", "CA-22"),
    ("AK", "0", "Alaska's at-large district", "AK-AL"),
    ("PR", "0", "Puerto Rico", ""),
    ("MS", "", "Mississippi", ""),
])
def test_us_districts_in_words_and_in_short(region, district, label, code):
    member = Member("x", "X", "l", None, region=region, district=district)
    assert (district_label(Language("en"), member), seat_code(member)) == (label, code)


def test_a_district_outside_the_us_is_shown_as_written():
    member = Member("x", "X", "l", None, region="Bayern", district="217", country="DE")
    assert (district_label(Language("en"), member), seat_code(member)) == ("Bayern, district 217", "217")


def shared_data():
    if not SHARED_DATA.is_dir():
        if IN_CI:
            pytest.fail(f"the congress-legislators data is missing at {SHARED_DATA}")
        pytest.skip(f"no congress-legislators data at {SHARED_DATA}")
    return SHARED_DATA


def test_the_helsinki_commission_from_the_real_data(tmp_path):
    folder = shared_data()
    out = tmp_path / "helsinki-commission.yml"
    report = Report()
    count = import_members("congress-legislators", folder / "legislators-current.yaml", out, CONFIG, report,
                           committee="JCSE").members
    assert report.errors == [], messages(report)
    document = yaml.safe_load(out.read_text())
    assert document["list"]["title"] == "Commission on Security and Cooperation in Europe"
    assert document["list"]["group_phrase"] == "members of the Commission on Security and Cooperation in Europe"
    members = {m["id"]: m for m in document["members"]}
    assert count == len(members) >= 9
    assert (members["w000437"]["name"], members["w000437"]["committee_role"]) == ("Roger F. Wicker", "Cochairman")
    assert members["s001181"]["committee_rank"] >= 1  # Jeanne Shaheen
    assert all(m["region"] and m.get("committee_rank") for m in members.values())


def test_site_yml_can_say_the_committee_and_its_group_phrase(tmp_path):
    path = fictional_congress(tmp_path, side_files=CONGRESS_SIDE_FILES)
    config = SiteConfig(title="T", description="", base_url="/",
                        list_settings=(("legislators-current.yaml",
                                        ListSettings(committee="JXYZ", group_phrase="commissioners of the JXYZ")),))
    report = Report()
    commission = read_member_file(path, "m/legislators-current.yaml", config, report)
    assert (commission.title, commission.group_phrase) == ("Commission on Fictional Cooperation",
                                                           "commissioners of the JXYZ")
    assert [(m.id, m.committee_role, m.committee_rank) for m in commission.members] == [
        ("d000001", "Chair", 1), ("p000004", "Ranking Member", 1), ("r000002", "", 2)]
