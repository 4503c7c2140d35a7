"""Member validation and the project's own YAML schema: values, messages and their file:line:col."""

import datetime as dt
from pathlib import Path

import pytest

from microsite.errors import Report
from microsite.importers import read_member_file
from microsite.members import check_unique_ids, slugify
from microsite.model import ListSettings, Office, Phone, Position, SiteConfig

FIXTURES = Path(__file__).parent / "fixtures" / "members"
CONFIG = SiteConfig(title="Test", description="", base_url="/", country="US")


def messages(report: Report) -> list[str]:
    return [str(problem) for problem in report.problems]


def read_yaml(tmp_path, text: str, report=None, config=CONFIG, name="x.yml"):
    report = report if report is not None else Report()
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_member_file(path, f"content/members/{name}", config, report), report


def one_member(tmp_path, fields: str, report=None, config=CONFIG):
    """A list holding one member whose YAML starts on line 3 with `- id: jane-doe` then `fields` (4 spaces in)."""
    text = "list: {country: US}\nmembers:\n  - id: jane-doe\n    name: Jane Doe\n" + fields
    member_list, report = read_yaml(tmp_path, text, report, config)
    return (member_list.members[0] if member_list and member_list.members else None), report


def test_project_yaml_fixture_reads_every_field():
    report = Report()
    members = read_member_file(FIXTURES / "commission.yml", "content/members/commission.yml", CONFIG, report)
    assert messages(report) == []
    assert (members.id, members.title, members.country) == ("commission", "Example Commission", "US")
    assert members.group_phrase == "members of the Example Commission"
    jane, john = members.members
    assert jane.phone == Phone("202-555-0142", "+12025550142", "(202) 555-0142")
    assert jane.region == "MS"  # state codes are upper-cased
    assert jane.social == (("twitter", "janedoe"), ("mastodon", "jane@example.social"))
    assert jane.offices == (
        Office(
            "Washington",
            "1 Example Building, Washington DC 20510",
            Phone("+1 202-555-0143", "+12025550143", "(202) 555-0143"),
        ),
    )
    assert jane.position == Position("supports", "https://example.org/statement", dt.date(2018, 11, 19))
    assert jane.verified == dt.date(2018, 11, 1)
    assert jane.honorific == "Senator"  # defaults to the title
    assert str(jane.where) == "content/members/commission.yml:7:9"
    assert john.name == "John Roe"  # built from first and last name
    assert (john.honorific, john.district, john.position.stance) == ("Congressman", "7", "opposes")


def test_invalid_phone_is_a_warning_at_its_value(tmp_path):
    member, report = one_member(tmp_path, '    phone: "12"\n')
    assert messages(report) == ["content/members/x.yml:5:12: warning: '12' is not a valid phone number in US"]
    assert member.phone == Phone("12")


def test_invalid_phone_is_an_error_in_strict_mode(tmp_path):
    member, report = one_member(tmp_path, "    phone: call the office\n", Report(strict=True))
    assert [str(p) for p in report.errors] == [
        "content/members/x.yml:5:12: error: cannot read phone number 'call the office': "
        "it does not look like a phone number"
    ]
    assert member.phone == Phone("call the office")


def test_phone_region_comes_from_site_yml_list_settings_when_the_list_has_no_country(tmp_path):
    config = SiteConfig(title="T", description="", base_url="/", country="US", list_settings=(("x.yml", ListSettings(country="GB")),))
    text = "members:\n  - {id: jane-doe, name: Jane Doe, phone: 020 7946 0958}\n"
    member_list, report = read_yaml(tmp_path, text, config=config)
    assert messages(report) == []
    assert member_list.country == "GB"
    assert member_list.members[0].phone.e164 == "+442079460958"


def test_phone_without_any_country_explains_itself(tmp_path):
    config = SiteConfig(title="T", description="", base_url="/")
    member_list, report = read_yaml(tmp_path, "members:\n  - {id: a, name: A, phone: 202-555-0142}\n", config=config)
    assert messages(report) == [
        "content/members/x.yml:2:29: warning: cannot read phone number '202-555-0142': "
        "start it with + and the country code, or set the list's country"
    ]


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "JavaScript:alert(1)", " java\tscript:alert(1)", "data:text/html,x", "vbscript:x"]
)
def test_script_urls_are_errors(tmp_path, url):
    member, report = one_member(tmp_path, f"    contact_form: \"{url}\"\n")
    (problem,) = report.problems
    assert problem.severity == "error" and str(problem.location) == "content/members/x.yml:5:19"
    assert "could run code" in problem.message
    assert member.contact_form == ""


@pytest.mark.parametrize("url", ["ftp://example.org/", "hhttps://example.org/", "www.example.org"])
def test_other_non_web_urls_are_left_out_with_a_warning(tmp_path, url):
    member, report = one_member(tmp_path, f"    contact_form: '{url}'\n")
    assert messages(report) == [f"content/members/x.yml:5:19: warning: 'contact_form' is not an http:// or "
                                f"https:// URL, so it is left out: '{url}'"]
    assert member.contact_form == ""


def test_javascript_url_is_refused_in_position_source_and_photo(tmp_path):
    member, report = one_member(
        tmp_path, "    photo: javascript:alert(1)\n    position: {stance: supports, source: 'javascript:x'}\n"
    )
    assert [(str(p.location), p.severity) for p in report.problems] == [
        ("content/members/x.yml:5:12", "error"), ("content/members/x.yml:6:42", "error")]
    assert all("could run code" in p.message for p in report.problems)


def test_line_break_in_email_is_an_error(tmp_path):
    member, report = one_member(tmp_path, '    email: "jane@example.org\\r\\nBcc: all@example.org"\n')
    assert messages(report) == ["content/members/x.yml:5:12: error: 'email' contains a line break"]
    assert member.email == ""


@pytest.mark.parametrize("email", ["jane.example.org", "jane@example", "jane doe@example.org", "a@b@example.org"])
def test_implausible_email_is_an_error(tmp_path, email):
    member, report = one_member(tmp_path, f"    email: '{email}'\n")
    assert messages(report) == [f"content/members/x.yml:5:12: error: '{email}' is not an email address"]


def test_stance_typo_suggests_the_stance(tmp_path):
    member, report = one_member(tmp_path, "    position:\n      stance: suports\n")
    assert messages(report) == [
        "content/members/x.yml:6:15: error: unknown stance 'suports' (did you mean 'supports'?); "
        "use one of supports, opposes, undecided, unknown"
    ]
    assert member.position.stance == "unknown"


def test_impossible_dates_are_errors(tmp_path):
    fields = "    verified: 2018-02-30\n    position: {stance: opposes, date: 19 Nov 2018}\n"
    member, report = one_member(tmp_path, fields)
    assert messages(report) == [
        "content/members/x.yml:6:39: error: 'position.date' must be a date written YYYY-MM-DD, not '19 Nov 2018'",
        "content/members/x.yml:5:15: error: impossible date '2018-02-30' in 'verified' (day is out of range for month)",
    ]
    assert member.verified is None and member.position == Position("opposes")


def test_unknown_keys_warn_at_the_key_with_a_suggestion(tmp_path):
    member, report = one_member(tmp_path, "    emial: jane@example.org\n    social: {twiter: janedoe}\n")
    assert messages(report) == [
        "content/members/x.yml:5:5: warning: unknown field 'emial' (did you mean 'email'?)",
        "content/members/x.yml:6:14: warning: unknown field 'social.twiter' (did you mean 'twitter'?)",
    ]
    assert member.social == (("twiter", "janedoe"),)


def test_us_region_must_be_a_state_code(tmp_path):
    member, report = one_member(tmp_path, "    region: Mississippi\n")
    assert messages(report) == ["content/members/x.yml:5:13: error: region 'Mississippi' is not a US state code"]


def test_missing_or_malformed_ids_and_names(tmp_path):
    text = "members:\n  - name: No Id\n  - id: Jane Doe\n    name: Jane Doe\n  - id: nameless\n"
    member_list, report = read_yaml(tmp_path, text)
    assert member_list.members == ()
    assert messages(report) == [
        "content/members/x.yml:2:5: error: member has no 'id' "
        "(a short name such as 'jane-doe' that statements refer to)",
        "content/members/x.yml:3:9: error: member id 'Jane Doe' may use only a-z, 0-9 and '-' (try 'jane-doe')",
        "content/members/x.yml:5:5: error: member has no 'name' (or 'first_name' and 'last_name')",
    ]


def test_text_fields_refuse_mappings_and_booleans(tmp_path):
    member, report = one_member(tmp_path, "    party: {name: Red}\n    notes: true\n")
    assert messages(report) == [
        "content/members/x.yml:5:12: error: 'party' must be text, not a mapping (put it in quotes)",
        "content/members/x.yml:6:12: error: 'notes' must be text, not true/false (put it in quotes)",
    ]


def test_list_header_is_validated(tmp_path):
    text = "list:\n  titel: X\n  country: USA\n  signatory_format: '{name} MP ({partie})'\nmembers: []\n"
    member_list, report = read_yaml(tmp_path, text)
    assert messages(report) == [
        "content/members/x.yml:2:3: warning: unknown list field 'titel' (did you mean 'title'?)",
        "content/members/x.yml:3:12: error: 'country' must be a two-letter ISO country code such as US or GB, "
        "not 'USA'",
        "content/members/x.yml:4:21: error: unknown placeholder {partie} (did you mean 'party'?)",
    ]
    assert member_list.title == "X"  # 'titel' is not read, so the title comes from the file name


def test_duplicate_ids_across_lists_name_both_places(tmp_path):
    (tmp_path / "a.yml").write_text("members:\n  - id: jane-doe\n    name: Jane Doe\n")
    (tmp_path / "b.yml").write_text("members:\n  - {id: john-roe, name: John Roe}\n  - {id: jane-doe, name: J. Doe}\n")
    report = Report()
    lists = [read_member_file(tmp_path / n, f"content/members/{n}", CONFIG, report) for n in ("a.yml", "b.yml")]
    check_unique_ids(lists, report)
    assert messages(report) == [
        "content/members/b.yml:3:10: error: duplicate member id 'jane-doe' (first defined at content/members/a.yml:2:9)"
    ]


def test_yaml_syntax_errors_and_wrong_shapes(tmp_path):
    _, report = read_yaml(tmp_path, "members:\n  - id: a\n   name: x\n")
    assert len(report.errors) == 1 and str(report.errors[0]).startswith("content/members/x.yml:3:")
    _, report = read_yaml(tmp_path, "title: not a list\n")
    assert messages(report) == [
        "content/members/x.yml:1:1: error: not a member list: expected a top-level 'members:' list (the project's "
        "schema) or a list of people with 'id: {bioguide: …}' (congress-legislators)"
    ]
    _, report = read_yaml(tmp_path, "members:\n  - id: a\n    name: A\n    name: B\n")
    assert messages(report) == [
        "content/members/x.yml:4:5: error: invalid YAML: duplicate key 'name' (first at line 3)"
    ]


def test_unknown_extension_names_the_supported_ones(tmp_path):
    path = tmp_path / "senate.xlsx"
    path.write_bytes(b"")
    report = Report()
    assert read_member_file(path, "content/members/senate.xlsx", CONFIG, report) is None
    assert messages(report) == [
        "content/members/senate.xlsx:1:1: error: cannot read 'senate.xlsx' as a member list: "
        "it must end in one of .yml, .yaml, .csv, .json"
    ]


def test_congress_side_files_are_skipped_quietly(tmp_path):
    report = Report()
    for name in ("legislators-social-media.yaml", "legislators-district-offices.yaml"):
        (tmp_path / name).write_text("- id: {bioguide: X000001}\n")
        assert read_member_file(tmp_path / name, name, CONFIG, report) is None
    assert report.problems == []


def test_slugify_folds_accents():
    assert slugify("Jesús G. \"Chuy\" García") == "jesus-g-chuy-garcia"
    assert slugify("Person/12") == "person-12"


def test_state_codes_are_required_only_in_lists_whose_country_is_us(tmp_path):
    # A delegation stands for a whole country: its region is the country, not a state.
    text = "list: {title: Interpol}\nmembers:\n  - {id: usa, name: United States, country: US, region: United States}\n"
    member_list, report = read_yaml(tmp_path, text)
    assert messages(report) == []
    assert member_list.members[0].region == "United States"
