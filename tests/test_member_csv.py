"""CSV contact lists: fields, and problems named by line, column number and column name."""

import datetime as dt
from pathlib import Path

from microsite.errors import Report
from microsite.importers import read_member_file
from microsite.model import Office, Phone, Position, SiteConfig

FIXTURES = Path(__file__).parent / "fixtures" / "members"
CONFIG = SiteConfig(title="Test", description="", base_url="/", list_countries=(("delegates.csv", "US"),))


def read_csv_text(tmp_path, data, report=None, name="x.csv"):
    report = report if report is not None else Report()
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    config = SiteConfig(title="Test", description="", base_url="/", list_countries=((name, "US"),))
    return read_member_file(path, f"content/members/{name}", config, report), report


def messages(report):
    return [str(problem) for problem in report.problems]


def test_csv_fixture_reads_every_column():
    report = Report()
    members = read_member_file(FIXTURES / "delegates.csv", "content/members/delegates.csv", CONFIG, report)
    assert messages(report) == []
    assert (members.id, members.title, members.country) == ("delegates", "Delegates", "US")
    jane, john, mary = members.members
    assert jane.social == (("twitter", "janedoe"),)
    assert jane.position == Position("supports", "https://example.org/s", dt.date(2018, 11, 19))
    assert jane.offices == (
        Office(
            "Washington",
            "1 Example Building\nWashington DC 20510",
            Phone("202-555-0143", "+12025550143", "(202) 555-0143"),
        ),
    )
    assert jane.notes == "Quoted, with a comma"
    assert john.phone.e164 == "+12025550100" and john.email == ""
    # A quoted cell spanning two lines and a blank line: Mary's row starts on line 6 of the file.
    assert (mary.region, mary.position.stance) == ("NY", "undecided")
    assert str(mary.where) == "content/members/delegates.csv:6:1"


def test_cell_errors_name_line_column_and_column_name(tmp_path):
    text = "id,name,phone,email\njane-doe,Jane Doe,,jane@example.org\njohn-roe,John Roe,12,john at example.org\n"
    _, report = read_csv_text(tmp_path, text)
    assert messages(report) == [
        "content/members/x.csv:3:3: warning: '12' is not a valid phone number in US (column 'phone')",
        "content/members/x.csv:3:4: error: 'john at example.org' is not an email address (column 'email')",
    ]


def test_phone_warning_becomes_an_error_in_strict_mode(tmp_path):
    _, report = read_csv_text(tmp_path, "id,name,phone\njane-doe,Jane Doe,12\n", Report(strict=True))
    assert messages(report) == [
        "content/members/x.csv:2:3: error: '12' is not a valid phone number in US (column 'phone')"
    ]


def test_javascript_url_and_line_break_in_email(tmp_path):
    text = 'id,name,website,email\njane-doe,Jane Doe,javascript:alert(1),"jane@example.org\nBcc: x@example.org"\n'
    member_list, report = read_csv_text(tmp_path, text)
    assert messages(report) == [
        "content/members/x.csv:2:4: error: 'email' contains a line break (column 'email')",
        "content/members/x.csv:2:3: error: 'website' must be an http:// or https:// URL; a javascript: URL could run "
        "code (column 'website')",
    ]
    assert member_list.members[0].website == ""


def test_missing_required_columns(tmp_path):
    member_list, report = read_csv_text(tmp_path, "email,phone\njane@example.org,\n")
    assert member_list is None
    assert messages(report) == [
        "content/members/x.csv:1:1: error: missing required column 'id'",
        "content/members/x.csv:1:1: error: missing required column 'name' (or 'first_name' and 'last_name')",
    ]


def test_first_and_last_name_columns_stand_in_for_name(tmp_path):
    member_list, report = read_csv_text(tmp_path, "ID, First_Name ,last_name\njane-doe,Jane,Doe\n")
    assert messages(report) == []
    assert member_list.members[0].name == "Jane Doe"


def test_duplicated_and_unknown_columns(tmp_path):
    member_list, report = read_csv_text(tmp_path, "id,name,emial,name\njane-doe,Jane Doe,x,y\n")
    assert member_list is None
    assert messages(report) == [
        "content/members/x.csv:1:3: warning: unknown column 'emial' (did you mean 'email'?); its cells are ignored",
        "content/members/x.csv:1:4: error: column 'name' appears twice (first as column 2)",
    ]


def test_row_with_wrong_number_of_cells_is_named(tmp_path):
    member_list, report = read_csv_text(tmp_path, "id,name\njane-doe,Jane Doe,extra\njohn-roe,John Roe\n")
    assert messages(report) == [
        "content/members/x.csv:2:1: error: the row on line 2 has 3 cells but the header has 2 columns"
    ]
    assert [m.id for m in member_list.members] == ["john-roe"]


def test_broken_quoting_names_the_row(tmp_path):
    member_list, report = read_csv_text(tmp_path, 'id,name\njane-doe,"Jane" Doe\n')
    assert member_list is None
    assert messages(report) == [
        "content/members/x.csv:2:1: error: broken quoting in the row starting on line 2: ',' expected after '\"'"
    ]
    _, report = read_csv_text(tmp_path, 'id,name\njane-doe,Jane Doe\njohn-roe,"John Roe\n')
    assert messages(report) == [
        "content/members/x.csv:3:1: error: broken quoting in the row starting on line 3: unexpected end of data"
    ]


def test_invalid_utf8_is_located(tmp_path):
    member_list, report = read_csv_text(tmp_path, b"id,name\njane-doe,Jos\xe9 Doe\n")
    assert member_list is None
    assert messages(report) == ["content/members/x.csv:2:13: error: the file is not valid UTF-8 text; save it as UTF-8"]


def test_byte_order_mark_and_crlf_are_accepted(tmp_path):
    member_list, report = read_csv_text(tmp_path, "\ufeffid,name\r\njane-doe,Jane Doe\r\n")
    assert messages(report) == []
    assert member_list.members[0].id == "jane-doe"


def test_empty_csv_is_an_error(tmp_path):
    member_list, report = read_csv_text(tmp_path, "")
    assert messages(report) == [
        "content/members/x.csv:1:1: error: the CSV file is empty; it needs a header row such as 'id,name,phone'"
    ]
