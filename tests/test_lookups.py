"""Lookup tables: reading and normalising keys, joins with the member lists, shards, and the real US table."""

from __future__ import annotations

import gzip
import shutil
import json

import pytest

from conftest import CONGRESS_FILES, MINIMAL_SITE, make_project, shared_data
from microsite.errors import Report
from microsite.load import load_site
from microsite.lookup_join import joins_of, region_label
from microsite.i18n import Language
from microsite.lookups import normalise_key
from microsite.pipeline import BuildOptions, build
from microsite.render_lookups import key_name, seat_words

SENATE = """\
list: {title: Fictional Senate, country: US}
members:
  - {id: sen-a, name: Ann Able, title: Senator, region: AK, phone: 202-555-0101}
  - {id: sen-b, name: Bo Baker, title: Senator, region: AK, phone: 202-555-0102}
  - {id: sen-c, name: Cy Cole, title: Senator, region: VT}
"""
HOUSE = """\
list: {title: Fictional House, country: US}
members:
  - {id: rep-ak, name: Di Dunn, title: Representative, region: AK, district: "0", phone: 202-555-0103,
     offices: [{name: Washington office, phone: 202-555-0103}, {name: Anchorage, phone: 907-555-0104}]}
  - {id: rep-ma5, name: Ed East, title: Representative, region: MA, district: "05"}
  - {id: rep-gu, name: Flo Far, title: Delegate, region: GU, district: "0"}
"""
OTHERS = """\
list: {title: Fictional Delegations}
members:
  - {id: ruritania, name: Ruritania, title: Delegation, region: Ruritania}
"""
ZCCD = """\
state_fips,state_abbr,zcta,cd
02,AK,99501,0
25,MA,2138,5
25,MA,02138,7
50,VT,05401,0
"""


def us_project(tmp_path, zccd=ZCCD, site_yml=MINIMAL_SITE):
    return make_project(tmp_path / "p", {"content/members/senate.yml": SENATE, "content/members/house.yml": HOUSE,
                                         "content/members/others.yml": OTHERS, "content/lookups/zccd.csv": zccd},
                        site_yml=site_yml)


ENGLISH = Language("en")


def loaded(root):
    report = Report()
    site = load_site(root, report)
    return site, report


def who(join, key):
    return [(block.region, [m.id for m in block.members],
             [(seat_words(ENGLISH, d.district), [m.id for m in d.members]) for d in block.districts])
            for block in join.answer(key)]


@pytest.mark.parametrize("typed, mode, key", [
    ("99501", "us-zip", "99501"), (" 99501-1234 ", "us-zip", "99501"), ("995011234", "us-zip", "99501"),
    ("02138", "us-zip", "02138"), ("2138", "us-zip", ""), ("9950", "us-zip", ""), ("ABCDE", "us-zip", ""),
    ("sw1a 1aa", "alphanumeric", "SW1A1AA"), ("SW1A-1AA", "alphanumeric", "SW1A1AA"), ("E1", "alphanumeric", "E1"),
    ("SW1A 1AA!", "alphanumeric", ""), ("", "alphanumeric", ""),
])
def test_keys_are_normalised_as_visitors_type_them(typed, mode, key):
    assert normalise_key(typed, mode) == key


def test_a_zccd_table_needs_no_configuration_and_joins_right(tmp_path):
    site, report = loaded(us_project(tmp_path))
    assert report.problems == []
    (join,) = joins_of(site)
    assert (join.lookup.param, join.lookup.layout) == ("zip", "zccd")
    assert [key_name(join.lookup, Language(code)) for code in ("en", "es")] == ["ZIP code", "código postal (ZIP)"]
    assert join.list_ids == ("house", "senate")  # the delegations' regions are not in the table: not searched
    # Senators match the state; the at-large member matches cd 0.
    assert who(join, "99501") == [("Alaska", ["sen-a", "sen-b"], [("at large", ["rep-ak"])])]
    # A leading zero a spreadsheet dropped ("2138") is put back; "05" is district 5; district 7 has nobody.
    assert who(join, "02138") == [("Massachusetts", [], [("district 5", ["rep-ma5"]), ("district 7", [])])]
    assert who(join, "05401") == [("Vermont", ["sen-c"], [("at large", [])])]
    assert who(join, "12345") == []
    assert join.vacancies() == [("MA", "7"), ("VT", "0")]
    assert [m.id for m in join.unreachable()] == ["rep-gu"]


COMMISSION = """\
list: {title: Fictional Commission of 2018, country: US}
members:
  - {id: old-sen-a, name: Ann Able, title: Senator, region: AK, position: {stance: supports}}
"""
ZCCD_WIDE = ZCCD + "".join(f"{fips},{state},{zcta},0\n" for fips, state, zcta in
                           [("01", "AL", "35004"), ("04", "AZ", "85001"), ("05", "AR", "71601")])


def test_a_small_list_beside_a_chamber_is_not_searched_unless_alone(tmp_path):
    """A commission of 2018 beside today's chamber would answer Alaska with Ann Able twice."""
    commission = {"content/members/commission.yml": COMMISSION}
    root = make_project(tmp_path / "both", {"content/members/senate.yml": SENATE.replace(
        "region: VT}", "region: VT}\n  - {id: sen-d, name: Di Dell, title: Senator, region: AL}\n"
        "  - {id: sen-e, name: Ed Eck, title: Senator, region: AZ}"), **commission,
        "content/lookups/zccd.csv": ZCCD_WIDE})
    (join,) = joins_of(loaded(root)[0])
    assert join.list_ids == ("senate",)  # 4 of the table's 6 regions; the commission reaches 1
    assert who(join, "99501") == [("Alaska", ["sen-a", "sen-b"], [])]
    alone = make_project(tmp_path / "alone", {**commission, "content/lookups/zccd.csv": ZCCD_WIDE})
    (join,) = joins_of(loaded(alone)[0])
    assert join.list_ids == ("commission",) and who(join, "99501") == [("Alaska", ["old-sen-a"], [])]


def test_site_yml_chooses_the_lists_key_name_parameter_and_source(tmp_path):
    site_yml = MINIMAL_SITE + ("lookups:\n  zccd.csv: {lists: [senate], key_name: ZIP, param: code,"
                               " source: 'districts of the 119th Congress, table of 2024-11-12'}\n")
    site, report = loaded(us_project(tmp_path, site_yml=site_yml))
    assert report.problems == []
    (join,) = joins_of(site)
    assert join.list_ids == ("senate",)
    assert (join.lookup.key_name, join.lookup.param) == ("ZIP", "code")
    # No district seats among the lists searched: a district is no vacancy, the senators answer alone.
    assert who(join, "99501") == [("Alaska", ["sen-a", "sen-b"], [])]
    assert join.vacancies() == []


def test_mistakes_in_lookup_settings_and_tables_are_reported_where_they_are(tmp_path):
    site_yml = MINIMAL_SITE + ("lookups:\n  zccd.csv: {lists: [senat], normalise: zip, param: 'Z Z'}\n"
                               "  postcode.csv: {key_name: postcode}\n")
    root = us_project(tmp_path, zccd=ZCCD + "02,AK,ABCDE,0\n02,AK\n", site_yml=site_yml)
    (root / "content/lookups/notes.txt").write_text("hello\n")
    (root / "content/lookups/other.csv").write_text("zip,member\n1,2\n")
    _, report = loaded(root)
    assert sorted(map(str, report.problems)) == [
        "content/lookups/notes.txt:1:1: error: not a lookup table: lookup tables are .csv files",
        "content/lookups/other.csv:1:1: error: not a lookup table: the first line must be "
        "'state_fips,state_abbr,zcta,cd' (us-zipcodes-congress) or 'key,region' or 'key,region,district'",
        "content/lookups/zccd.csv:6:1: error: 'ABCDE' is not a key (us-zip)",
        "content/lookups/zccd.csv:7:1: error: expected 4 cells, found 2",
        "content/site.yml:1:1: error: lookups: there is no table content/lookups/postcode.csv "
        "(did you mean 'other.csv'?)",
        "content/site.yml:1:1: error: lookups: zccd.csv names unknown member list 'senat' (did you mean 'senate'?)",
        "content/site.yml:7:41: error: 'normalise' must be one of us-zip, alphanumeric (did you mean 'us-zip'?)",
        "content/site.yml:7:53: error: 'param' must be a short lower-case word such as 'postcode'",
    ]


def test_the_build_writes_shards_the_form_and_a_warm_build_writes_nothing(tmp_path):
    root = us_project(tmp_path)
    result = build(root, BuildOptions(out=root / "site"))
    assert result.report.errors == []
    # Three keys: prefixes of one digit, and the two prefixes are small enough to share one shard.
    assert [p.name for p in (root / "site/lookups/zccd").iterdir()] == ["0.json"]
    shard = json.loads((root / "site/lookups/zccd/0.json").read_text())
    assert (shard["p"], shard["keys"]) == ("", ["02138", "05401", "99501"])
    assert shard["answers"][2] == [{"g": "Alaska", "m": ["sen-a", "sen-b"], "d": [{"l": "at large", "m": ["rep-ak"]}]}]
    assert shard["cards"]["rep-ak"]["l"] == "+19075550104"  # the local office, not Washington's
    assert shard["cards"]["sen-a"]["t"] == "+12025550101"  # lookup.js writes it "(202) 555-0101"
    home = (root / "site/index.html").read_text()
    assert 'data-shard-url="/lookups/zccd/{prefix}.json" data-shards="0"' in home and 'name="zip"' in home
    assert "lookup-form" in (root / "site/lists/senate/index.html").read_text()
    assert "lookup-form" not in (root / "site/lists/others/index.html").read_text()
    again = build(root, BuildOptions(out=root / "site"))
    assert again.rendered == 0


def test_the_real_us_table_every_state_has_its_senators_and_every_district_its_representative_or_a_vacancy(tmp_path):
    data = shared_data()
    root = make_project(tmp_path / "p")
    for source, target in CONGRESS_FILES.items():
        (root / target).parent.mkdir(parents=True, exist_ok=True)
        (root / target).write_bytes((data / source).read_bytes())
    site, report = loaded(root)
    assert report.errors == []
    (join,) = joins_of(site)
    assert len(join.places) == 33_774
    states = {}
    for key, places in join.places.items():
        for region, district in places:
            states.setdefault(region, set()).add(district)
    assert len(states) == 52
    vacant = set(join.vacancies())
    for region, districts in states.items():
        key = next(k for k, places in join.places.items() if places[0][0] == region)
        block = next(b for b in join.answer(key) if b.region == region_label(region))
        assert len(block.members) == (0 if region in ("DC", "PR") else 2), region  # no senators: delegates only
        for district in districts:
            seated = join.seated.get((region.lower(), district), [])
            assert len(seated) == 1 or (region, district) in vacant, (region, district)
    assert sorted(vacant) == [("CA", "14"), ("FL", "20"), ("GA", "13"), ("TX", "23")]
    assert sorted(m.region for m in join.unreachable()) == ["AS", "GU", "MP", "VI"]
    assert sum(len(places) > 1 for places in join.places.values()) == 7_299


def test_the_us_shards_stay_small(congress_build):
    _, site = congress_build
    shards = list((site / "lookups/zccd").iterdir())
    assert len(shards) < 200  # neighbouring prefixes share a shard: a file each would be 894
    assert max(len(gzip.compress(p.read_bytes(), 9, mtime=0)) for p in shards) <= 2_000
    assert sum(p.stat().st_size for p in shards) <= 1_500_000


def test_check_counts_vacant_seats_empty_regions_and_members_no_key_reaches(tmp_path):
    from microsite.check import check_site

    root = us_project(tmp_path, zccd=ZCCD + "".join(f"60,Q{letter},600{n:02},1\n" for n, letter in enumerate("ABCDEFG")))
    messages = [str(p) for p in check_site(root).problems]
    assert messages == [
        "content/lookups/zccd.csv:1:1: warning: 7 regions of the table have no member in house, senate: "
        "QA, QB, QC, QD, QE and 2 more",
        "content/lookups/zccd.csv:1:1: warning: 2 districts of the table have no member in house, senate "
        "(a vacant seat, or a table older than the districts): MA district 7, VT at large",
        "content/lookups/zccd.csv:1:1: warning: 1 member of house, senate is reached by no ZIP code: "
        "rep-gu (GU at large)",
    ]


def test_check_counts_one_empty_region_in_the_singular(tmp_path):
    from microsite.check import check_site

    root = us_project(tmp_path, zccd=ZCCD + "60,QA,60001,1\n")
    assert ("content/lookups/zccd.csv:1:1: warning: 1 region of the table has no member in house, senate: QA"
            in [str(p) for p in check_site(root).problems])


def test_check_says_why_a_table_whose_regions_no_member_has_shows_no_form(tmp_path):
    from microsite.check import check_site

    root = us_project(tmp_path, zccd="state_fips,state_abbr,zcta,cd\n60,QA,60001,1\n60,QB,60002,1\n")
    assert [str(p) for p in check_site(root).problems] == [
        "content/lookups/zccd.csv:1:1: warning: no member list has a member in a region of this table, so no page "
        "asks for a ZIP code: write the regions as the members' 'region' is written (such as QA, QB), or name its "
        "lists in site.yml (lookups: {zccd.csv: {lists: [...]}})",
    ]


def test_editing_the_table_a_member_or_site_yml_rebuilds_as_a_clean_build_would(tmp_path):
    from microsite.pipeline import Builder
    from microsite.write import Buffer
    from test_incremental import outcome

    root = us_project(tmp_path)
    served = Builder(root, BuildOptions(out=tmp_path / "served"), persistent=False, buffer=Buffer())
    assert served.build().stats is not None
    edits = [("content/lookups/zccd.csv", ZCCD + "50,VT,05402,0\n"),
             ("content/members/house.yml", HOUSE.replace("907-555-0104", "907-555-0105")),
             ("content/site.yml", MINIMAL_SITE + "lookups: {zccd.csv: {key_name: ZIP, source: a table}}\n")]
    for name, text in edits:
        (root / name).write_text(text)
        expected = outcome(build(root, BuildOptions(out=tmp_path / "clean")), tmp_path / "clean")
        assert outcome(served.build(), tmp_path / "served") == expected, name
        shutil.rmtree(tmp_path / "clean")
    assert "+19075550105" in (tmp_path / "served/lookups/zccd/0.json").read_text()
    served.buffer.discard(tmp_path / "served")


def test_pages_with_the_lookup_form_are_valid_html_with_no_inline_script(congress_build, tmp_path):
    from test_visitor_pages import nu_checker_errors

    _, site = congress_build
    for page in ("index.html", "members/index.html", "lists/legislators-current/index.html"):
        html = (site / page).read_text()
        assert "data-lookup" in html and "<script>" not in html, page
        (tmp_path / page.replace("/", "-")).write_text(html)
    assert nu_checker_errors(tmp_path) == ""
