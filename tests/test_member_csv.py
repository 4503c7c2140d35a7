"""CSV contact lists: fields, and problems named by line, column number and column name."""

import datetime as dt
from pathlib import Path

from microsite.errors import Report
from microsite.importers import read_member_file
from microsite.model import ListSettings, Office, Phone, Position, SiteConfig

FIXTURES = Path(__file__).parent / "fixtures" / "members"
CONFIG = SiteConfig(title="Test", description="", base_url="/", list_settings=(("delegates.csv", ListSettings(country="US")),))


def read_csv_text(tmp_path, data, report=None, name="x.csv", country="US"):
    report = report if report is not None else Report()
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    config = SiteConfig(title="Test", description="", base_url="/", list_settings=((name, ListSettings(country=country)),))
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
        "content/members/x.csv:1:1: error: missing required column 'name' (or 'first_name' and 'last_name')",
    ]


def test_without_an_id_column_ids_are_made_from_names_but_an_empty_id_cell_is_an_error(tmp_path):
    member_list, report = read_csv_text(tmp_path, "name,phone\nJesús García,202-555-0142\n")
    assert messages(report) == [] and [m.id for m in member_list.members] == ["jesus-garcia"]
    member_list, report = read_csv_text(tmp_path, "id,name\n,Jane Doe\n")
    assert member_list.members == ()
    assert messages(report) == [
        "content/members/x.csv:2:1: error: member has no 'id' (a short name such as 'jane-doe' that statements "
        "refer to)"
    ]


def test_first_and_last_name_columns_stand_in_for_name(tmp_path):
    member_list, report = read_csv_text(tmp_path, "ID, First_Name ,last_name\njane-doe,Jane,Doe\n")
    assert messages(report) == []
    assert member_list.members[0].name == "Jane Doe"


def test_duplicated_and_unknown_columns(tmp_path):
    member_list, report = read_csv_text(tmp_path, "id,name,emial,name\njane-doe,Jane Doe,x,y\n")
    assert member_list is None
    assert messages(report) == [
        "content/members/x.csv:1:3: warning: unknown column 'emial' (did you mean 'email'?); its cells are ignored. "
        "To read it, map it in site.yml (members: {x.csv: {columns: {emial: FIELD}}}) or with import --map "
        "'emial=FIELD', FIELD being one of: id, name, first_name, last_name, title, honorific, chamber, party, "
        "region, district, country, phone, email, contact_form, website, photo, verified, notes, twitter, facebook, "
        "instagram, youtube, mastodon, bluesky, position, position_source, position_date, office_name, "
        "office_address, office_phone",
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


def test_windows_1252_is_read_with_a_warning_quoting_the_first_word_it_decodes(tmp_path):
    data = "id;name;party\r\njose-garcia;José García;Partido Región\r\n".encode("cp1252")
    member_list, report = read_csv_text(tmp_path, data)
    assert messages(report) == [
        "content/members/x.csv:2:16: warning: the file is not UTF-8, so it is read as Windows-1252 (what Excel saves "
        "as 'CSV' on Windows), which gives 'José' here; if that is wrong, save the file as 'CSV UTF-8'"
    ]
    assert [(m.name, m.party) for m in member_list.members] == [("José García", "Partido Región")]
    _, report = read_csv_text(tmp_path, data, Report(strict=True))
    assert report.errors  # CI can insist on UTF-8


def test_bytes_that_are_neither_utf8_nor_windows_1252_are_located(tmp_path):
    member_list, report = read_csv_text(tmp_path, b"id,name\njane-doe,Jos\x81 Doe\n")
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


def test_a_spreadsheets_own_headers_and_aliases_need_no_renaming(tmp_path):
    text = ("First Name,Last Name,Group,Area,Phone Number,E-mail,Twitter,Picture\n"
            "Jane,Doe,Red Party,Northtown,+1 202-555-0142,jane@example.org,https://twitter.com/janedoe,"
            "https://example.org/jane.jpg\n")
    member_list, report = read_csv_text(tmp_path, text, country="")  # a constituency, not a US state
    assert messages(report) == []
    [jane] = member_list.members
    assert (jane.id, jane.name, jane.party, jane.region) == ("jane-doe", "Jane Doe", "Red Party", "Northtown")
    assert (jane.phone.e164, jane.email, jane.social, jane.photo) == (
        "+12025550142", "jane@example.org", (("twitter", "janedoe"),), "https://example.org/jane.jpg")


def test_a_second_column_for_one_field_is_ignored_with_a_warning(tmp_path):
    member_list, report = read_csv_text(tmp_path, "name,State,Constituency\nJane Doe,NY,Northtown\n")
    assert messages(report) == [
        "content/members/x.csv:1:3: warning: column 'Constituency' holds 'region' too, which column 2 ('State') "
        "gives; its cells are ignored"
    ]
    assert member_list.members[0].region == "NY"


def test_semicolons_byte_order_mark_and_crlf(tmp_path):
    text = "\ufeffName;Fraktion;Wahlkreis;Telefon\r\nErika Mustermann;Grüne;Berlin-Mitte;+1 202 555 0142\r\n"
    config = SiteConfig(title="Test", description="", base_url="/",
                        list_settings=(("mdb.csv", ListSettings(columns=(
                            ("Fraktion", "party"), ("wahlkreis", "region"), ("Telefon", "phone")))),))
    path = tmp_path / "mdb.csv"
    path.write_bytes(text.encode("utf-8"))
    report = Report()
    member_list = read_member_file(path, "content/members/mdb.csv", config, report)
    assert messages(report) == []
    [erika] = member_list.members
    assert (erika.id, erika.party, erika.region, erika.phone.e164) == (
        "erika-mustermann", "Grüne", "Berlin-Mitte", "+12025550142")


def test_tab_separated_utf16_as_excel_saves_unicode_text(tmp_path):
    text = "name\tparty\tregion\r\nJane Doe\tRed Party, the\tNY\r\n"
    member_list, report = read_csv_text(tmp_path, text.encode("utf-16"))  # with its byte order mark
    assert messages(report) == []
    assert [(m.name, m.party, m.region) for m in member_list.members] == [("Jane Doe", "Red Party, the", "NY")]


def test_site_yml_maps_a_files_columns_and_names_a_bad_field(tmp_path):
    from conftest import MINIMAL_SITE, make_project
    from microsite.load import load_config

    site = MINIMAL_SITE + "members:\n  mdb.csv:\n    columns: {Wahlkreis: constituency, Fraktion: partei}\n"
    project = make_project(tmp_path / "p", site_yml=site)
    report = Report()
    config = load_config(project / "content", report)
    assert config.list_settings == (("mdb.csv", ListSettings(columns=(("Wahlkreis", "region"),))),)  # an alias too
    assert messages(report) == [
        "content/site.yml:8:50: error: cannot map column 'Fraktion' to 'partei' (did you mean 'party'?): map it to "
        "one of id, name, first_name, last_name, title, honorific, chamber, party, region, district, country, phone, "
        "email, contact_form, website, photo, verified, notes, twitter, facebook, instagram, youtube, mastodon, "
        "bluesky, position, position_source, position_date, office_name, office_address, office_phone"
    ]
