"""Popolo JSON: current members only, party and region from memberships, JSON values located by line and column."""

import datetime as dt
import json
from pathlib import Path

from microsite.errors import Report
from microsite.importers import read_member_file
from microsite.model import ListSettings, Phone, SiteConfig

FIXTURES = Path(__file__).parent / "fixtures" / "members"
CONFIG = SiteConfig(
    title="Test", description="", base_url="/", country="US", list_settings=(("parliament.json", ListSettings(country="GB")),)
)
TODAY = dt.date(2018, 11, 19)


def messages(report):
    return [str(problem) for problem in report.problems]


def read_fixture(today=TODAY):
    report = Report()
    path, rel = FIXTURES / "parliament.json", "content/members/parliament.json"
    member_list = read_member_file(path, rel, CONFIG, report, today=today)
    return member_list, report


def test_current_members_with_party_region_and_contacts():
    member_list, report = read_fixture()
    assert messages(report) == []
    assert (member_list.title, member_list.country) == ("Example House of Commons", "GB")
    jane, richard = member_list.members  # Old Member's seat ended in 2015; Mary Major's starts in 2030
    assert (jane.id, jane.name, jane.first_name, jane.last_name) == ("person-1", "Jane Doe", "Jane", "Doe")
    assert (jane.party, jane.region) == ("Red Party", "Northtown")
    assert jane.phone == Phone("+44 20 7946 0958", "+442079460958", "020 7946 0958")
    assert jane.email == "jane@example.org"
    assert jane.website == "https://jane.example.org/"  # the Wikipedia link is not their website
    assert jane.social == (("twitter", "janedoe"), ("facebook", "janedoeMP"))
    assert jane.photo == "https://example.org/jane.jpg"
    assert str(jane.where) == "content/members/parliament.json:4:13"
    # Party from a current party membership, region from the post; the national number is read in the list's country.
    assert (richard.party, richard.region) == ("Blue Party", "Member for Southtown")
    assert richard.phone.e164 == "+442079460000"


def test_without_a_date_every_membership_counts():
    member_list, _ = read_fixture(today=None)
    assert [m.id for m in member_list.members] == ["person-1", "person-2", "person-3", "person-4"]


def test_partial_end_dates_count_to_the_end_of_their_period(tmp_path):
    data = {
        "persons": [{"id": "a", "name": "Jane Doe"}],
        "organizations": [{"id": "house", "name": "House"}],
        "memberships": [{"person_id": "a", "organization_id": "house", "end_date": "2018"}],
    }
    path = tmp_path / "house.json"
    path.write_text(json.dumps(data))
    member_list = read_member_file(path, "house.json", CONFIG, Report(), today=TODAY)
    assert [m.id for m in member_list.members] == ["a"]


def test_dangling_membership_references_are_errors_naming_the_membership(tmp_path):
    path = tmp_path / "house.json"
    path.write_text(
        '{"persons": [{"id": "a", "name": "Jane Doe"}],\n'
        ' "organizations": [{"id": "house", "name": "House"}],\n'
        ' "memberships": [\n'
        '   {"person_id": "a", "organization_id": "house"},\n'
        '   {"person_id": "zz", "organization_id": "house", "on_behalf_of_id": "party/none"}\n'
        " ]}\n"
    )
    report = Report()
    member_list = read_member_file(path, "content/members/house.json", CONFIG, report)
    assert messages(report) == [
        "content/members/house.json:5:18: error: memberships[1]: person_id 'zz' matches no entry in \"persons\"",
        "content/members/house.json:5:71: error: memberships[1]: on_behalf_of_id 'party/none' matches no entry in "
        "\"organizations\"",
    ]
    assert [m.id for m in member_list.members] == ["a"]


def test_a_date_that_is_not_an_iso_date_is_an_error_not_a_silently_dropped_seat(tmp_path):
    path = tmp_path / "house.json"
    path.write_text(
        '{"persons": [{"id": "a", "name": "Jane Doe"}],\n'
        ' "organizations": [{"id": "house", "name": "House", "classification": "legislature"}],\n'
        ' "events": [{"id": "t1", "classification": "legislative period", "start_date": "1 May 2017"}],\n'
        ' "memberships": [{"person_id": "a", "organization_id": "house", "legislative_period_id": "t1",\n'
        '                  "start_date": "2018-13", "end_date": "2022"}]}\n'
    )
    report = Report()
    read_member_file(path, "content/members/house.json", CONFIG, report, today=TODAY)
    assert messages(report) == [
        "content/members/house.json:5:33: error: memberships[0]: 'start_date' must be a date such as 2018-05-01 "
        "(or 2018-05, or 2018), not '2018-13'",
        "content/members/house.json:3:80: error: events 't1': 'start_date' must be a date such as 2018-05-01 "
        "(or 2018-05, or 2018), not '1 May 2017'",
    ]


def test_member_values_in_json_are_located(tmp_path):
    path = tmp_path / "house.json"
    path.write_text('{"persons": [\n  {"id": "a", "name": "Jane Doe",\n   "email": "jane at example.org"}\n]}\n')
    report = Report()
    read_member_file(path, "content/members/house.json", CONFIG, report)
    assert messages(report) == ["content/members/house.json:3:13: error: 'jane at example.org' is not an email address"]


def test_invalid_json_and_non_popolo_json(tmp_path):
    path = tmp_path / "house.json"
    path.write_text('{"persons": [\n  {"id": "a",}\n]}\n')
    report = Report()
    assert read_member_file(path, "house.json", CONFIG, report) is None
    assert messages(report) == [
        "house.json:2:14: error: invalid JSON: Expecting property name enclosed in double quotes"
    ]
    path.write_text('{"people": []}')
    report = Report()
    assert read_member_file(path, "house.json", CONFIG, report) is None
    assert messages(report) == ['house.json:1:1: error: not a Popolo file: expected a top-level "persons" list']


def test_repeated_person_ids_are_errors(tmp_path):
    path = tmp_path / "house.json"
    path.write_text('{"persons": [\n  {"id": "a", "name": "Jane Doe"},\n  {"id": "a", "name": "John Roe"}\n]}\n')
    report = Report()
    member_list = read_member_file(path, "house.json", CONFIG, report)
    assert messages(report) == ["house.json:3:10: error: persons[1] repeats the id 'a' of persons[0]"]
    assert [m.name for m in member_list.members] == ["Jane Doe"]


def read_assembly(tmp_path, today, change=None):
    """The EveryPolitician-shaped fixture (three legislative periods), optionally changed, read on `today`."""
    data = json.loads((FIXTURES / "assembly-popolo.json").read_text(encoding="utf-8"))
    if change:
        change(data)
    path = tmp_path / "assembly.json"
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    report = Report()
    return read_member_file(path, "content/members/assembly.json", CONFIG, report, today=today), report


def test_only_the_current_legislative_period_sits(tmp_path):
    member_list, report = read_assembly(tmp_path, TODAY)
    assert messages(report) == []
    assert member_list.title == "Example Assembly"  # the chamber, not the committee some members sit on
    # John Smith of the first period and Richard Roe of the second are gone; the namesake elected in the third stays
    # with his own contacts; Mary Major left in January and Ann Other took her seat; the committee adviser never sat.
    jane, john, ann = member_list.members
    assert [(m.name, m.party, m.region) for m in member_list.members] == [
        ("Jane Doe", "Red Party", "Northtown"), ("John Smith", "Blue Party", "Southtown"),
        ("Ann Other", "Blue Party", "Eastville"),  # the post's area
    ]
    assert john.id == "0a1b2c3d-0003" and john.email == "john.smith@example.org"
    assert (jane.email, jane.photo, jane.phone.e164) == (
        "jane@example.org", "https://example.org/jane.jpg", "+12025550142")
    # A profile URL and a bare '@handle' in one file both give the handle; contact_details win over links.
    assert (jane.social, john.social) == ((("twitter", "JaneDoeMP"),), (("twitter", "johnsmith_mp"),))


def test_an_earlier_day_gives_that_periods_members(tmp_path):
    member_list, _ = read_assembly(tmp_path, dt.date(2016, 1, 1))
    assert [(m.name, m.party) for m in member_list.members] == [
        ("Jane Doe", "Blue Party"), ("Richard Roe", "Red Party")]


def test_when_every_period_has_ended_the_latest_stands_in_with_one_warning(tmp_path):
    def close_third(data):
        data["events"][3]["end_date"] = "2019-05-01"

    member_list, report = read_assembly(tmp_path, dt.date(2026, 11, 30), close_third)
    assert [m.name for m in member_list.members] == ["Jane Doe", "John Smith", "Ann Other"]
    [warning] = messages(report)
    assert warning.startswith("content/members/assembly.json:")
    assert warning.endswith(
        "warning: no legislative period in this file includes the build's date 2026-11-30; listing the members of "
        "'Third Assembly' (2017-06-13 to 2019-05-01), the most recent one (get a newer export for the current members)"
    )


def test_a_build_lists_the_period_of_its_own_date(tmp_path, monkeypatch):
    from conftest import make_project
    from microsite.pipeline import BuildOptions, build

    fixture = (FIXTURES / "assembly-popolo.json").read_text(encoding="utf-8")
    project = make_project(tmp_path / "p", {"content/members/assembly.json": fixture})
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1451606400")  # 2016-01-01: the second period sits
    result = build(project, BuildOptions())
    assert [str(p) for p in result.report.problems] == []
    page = (project / "site/lists/assembly/index.html").read_text(encoding="utf-8")
    assert "Example Assembly" in page and "Richard Roe" in page and "Ann Other" not in page
