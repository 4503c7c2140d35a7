"""The import command: foreign formats to project YAML, and re-import that keeps what campaigners added."""

import datetime as dt
import shutil
from pathlib import Path

import yaml

from conftest import fictional_congress
from microsite.errors import Report
from microsite.importcmd import import_members
from microsite.importers import read_member_file
from microsite.model import SiteConfig

FIXTURES = Path(__file__).parent / "fixtures" / "members"
CONFIG = SiteConfig(title="Test", description="", base_url="/", country="US")


def messages(report):
    return [str(problem) for problem in report.problems]


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_csv_import_writes_project_yaml_that_reads_back(tmp_path):
    out = tmp_path / "content/members/delegates.yml"
    report = Report()
    assert import_members("csv", FIXTURES / "delegates.csv", out, CONFIG, report).members == 3
    assert messages(report) == []
    data = load(out)
    assert data["list"] == {"title": "Delegates"}
    jane = data["members"][0]
    assert list(jane) == [
        "id", "name", "first_name", "last_name", "title", "party", "region", "phone", "email", "social", "offices",
        "position", "notes",
    ]
    assert jane["phone"] == "+1 202-555-0142"
    assert jane["position"] == {"stance": "supports", "source": "https://example.org/s", "date": dt.date(2018, 11, 19)}
    report = Report()
    again = read_member_file(out, "content/members/delegates.yml", CONFIG, report)
    assert messages(report) == []
    assert [m.id for m in again.members] == ["jane-doe", "john-roe", "mary-major"]
    assert again.members[0].phone.e164 == "+12025550142"
    assert list(tmp_path.glob("content/members/.*")) == []  # no temporary file left behind


def test_import_is_deterministic(tmp_path):
    first, second = tmp_path / "a.yml", tmp_path / "b.yml"
    import_members("popolo", FIXTURES / "parliament.json", first, CONFIG, Report(), today=dt.date(2018, 11, 19))
    import_members("popolo", FIXTURES / "parliament.json", second, CONFIG, Report(), today=dt.date(2018, 11, 19))
    assert first.read_bytes() == second.read_bytes()


def test_reimport_refreshes_contacts_and_keeps_campaign_fields(tmp_path):
    source = tmp_path / "delegates.csv"
    shutil.copy(FIXTURES / "delegates.csv", source)
    out = tmp_path / "delegates.yml"
    import_members("csv", source, out, CONFIG, Report())

    data = load(out)
    john = data["members"][1]
    john["position"] = {"stance": "supports", "source": "https://example.org/roe", "date": "2018-11-20"}
    john["notes"] = "Promised to call back.\nAsk for Sam."
    john["verified"] = "2018-11-21"
    john["email"] = "john@example.org"  # the CSV has none: a campaigner found it
    john["caseworker"] = "Sam"  # a field the project does not know
    out.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))

    csv = source.read_text().replace("+1 202-555-0100", "+1 202-555-0199").replace(
        "mary-major,Mary Major,Mary,Major", "ann-other,Ann Other,Ann,Other"
    )
    source.write_text(csv)
    mary_line = out.read_text().splitlines().index("- id: mary-major") + 1
    report = Report()
    summary = import_members("csv", source, out, CONFIG, report)
    assert (summary.members, str(summary)) == (4, "1 added, 1 removed (kept: has a stance), 1 phone number changed")
    assert messages(report) == [
        f"{out}:{mary_line}:7: warning: member 'mary-major' is no longer in delegates.csv; "
        "kept because it has a stance (delete it if they left)"
    ]
    members = {m["id"]: m for m in load(out)["members"]}
    assert list(members) == ["jane-doe", "john-roe", "mary-major", "ann-other"]
    john = members["john-roe"]
    assert john["phone"] == "+1 202-555-0199"  # refreshed from the source
    assert john["position"] == {
        "stance": "supports", "source": "https://example.org/roe", "date": dt.date(2018, 11, 20)
    }
    assert john["notes"] == "Promised to call back.\nAsk for Sam."
    assert john["verified"] == dt.date(2018, 11, 21)
    assert (john["email"], john["caseworker"]) == ("john@example.org", "Sam")
    assert list(john)[-1] == "caseworker"
    # Jane's CSV row has a position too, but the one in the YAML file is the campaign's and wins.
    assert members["jane-doe"]["position"]["stance"] == "supports"


def test_congress_import_keeps_unicode_and_uses_bioguide_ids(tmp_path):
    out = tmp_path / "congress.yml"
    report = Report()
    source = fictional_congress(tmp_path / "data")
    assert import_members("congress-legislators", source, out, CONFIG, report).members == 4
    assert messages(report) == []
    text = out.read_text(encoding="utf-8")
    assert "name: María Mayor" in text
    members = load(out)["members"]
    assert [m["id"] for m in members] == ["d000001", "r000002", "m000003", "p000004"]
    assert members[0]["social"] == {"twitter": "SenJaneDoe", "facebook": "senjanedoe"}
    assert members[1]["title"] == "Delegate" and "honorific" not in members[1]


def test_csv_import_without_ids_uses_slugs_of_names(tmp_path):
    source = tmp_path / "list.csv"
    source.write_text("name,phone\nJesús García,202-555-0142\n")
    out = tmp_path / "list.yml"
    report = Report()
    assert import_members("csv", source, out, CONFIG, report).members == 1
    assert load(out)["members"][0]["id"] == "jesus-garcia"


def test_unknown_format_and_unreadable_existing_file(tmp_path):
    report = Report()
    assert import_members("xlsx", FIXTURES / "delegates.csv", tmp_path / "x.yml", CONFIG, report).members == 0
    assert "unknown import format 'xlsx'" in messages(report)[0]
    out = tmp_path / "x.yml"
    out.write_text("just: [a, note\n")
    report = Report()
    assert import_members("csv", FIXTURES / "delegates.csv", out, CONFIG, report).members == 0
    assert report.errors and out.read_text() == "just: [a, note\n"  # never clobber a file we could not read


def test_an_output_not_named_yml_is_refused_before_anything_is_written(tmp_path):
    report = Report()
    out = tmp_path / "delegates.csv"
    assert import_members("csv", FIXTURES / "delegates.csv", out, CONFIG, report).members == 0
    assert messages(report) == [f"{out}:1:1: error: import writes the project's YAML: name the output NAME.yml (a "
                                ".csv or .json name would be read back in that format)"]
    assert not out.exists()


def test_reimport_summary_counts_changes_and_drops_only_members_nobody_wrote_about(tmp_path):
    source, out = tmp_path / "council.csv", tmp_path / "council.yml"
    rows = {"ann": "Red,202-555-0101", "bob": "Red,202-555-0102", "cat": "Blue,202-555-0103",
            "dan": "Blue,202-555-0104"}

    def write_source():
        source.write_text("id,name,party,phone\n" + "".join(f"{k},{k.title()} Example,{v}\n" for k, v in rows.items()))

    write_source()
    assert str(import_members("csv", source, out, CONFIG, Report())) == "4 added"
    assert str(import_members("csv", source, out, CONFIG, Report())) == "no changes"
    data = load(out)
    data["members"][3]["notes"] = "Promised a meeting."
    out.write_text(yaml.safe_dump(data, sort_keys=False))
    rows.update(ann="Blue,202-555-0111", bob="Red,202-555-0112", eve="Red,202-555-0105")
    del rows["cat"], rows["dan"]
    write_source()
    report = Report()
    summary = import_members("csv", source, out, CONFIG, report)
    assert str(summary) == "1 added, 2 removed (1 kept: has notes), 1 party changed, 2 phone numbers changed"
    assert [m["id"] for m in load(out)["members"]] == ["ann", "bob", "dan", "eve"]  # Cat had nothing to keep
    assert summary.dropped == ["cat"]
    assert [problem.message for problem in report.problems] == [
        "member 'dan' is no longer in council.csv; kept because it has notes (delete it if they left)"
    ]
    assert str(import_members("csv", source, out, CONFIG, Report())) == "1 removed (kept: has notes)"  # Dan, still


def test_import_command_maps_columns_and_prints_what_changed(tmp_path, capsys):
    from conftest import MINIMAL_SITE, make_project
    from microsite.cli import main

    site = MINIMAL_SITE + "members:\n  mdb.csv: {columns: {Fraktion: party}}\n"
    project = make_project(tmp_path / "p", site_yml=site)
    source, out = tmp_path / "mdb.csv", project / "content/members/mdb.yml"
    source.write_bytes("\ufeffName;Fraktion;Wahlkreis;Telefon\r\nErika Mustermann;Grüne;Mitte;+1 202 555 0142\r\n"
                       .encode("utf-8"))
    argv = ["import", "csv", str(source), "-o", str(out), "--project", str(project)]
    assert main([*argv, "--map", "Wahlkreis=region,Telefon"]) == 1
    assert "--map: error: 'Telefon' is not COLUMN=FIELD (for example Wahlkreis=region)" in capsys.readouterr().err
    assert not out.exists()
    assert main([*argv, "--map", "Wahlkreis=region, Telefon=phone"]) == 0
    assert capsys.readouterr().out == f"Wrote 1 member to {out}: 1 added\n"
    [erika] = load(out)["members"]
    assert (erika["id"], erika["party"], erika["region"], erika["phone"]) == (
        "erika-mustermann", "Grüne", "Mitte", "+1 202-555-0142")
    source.write_text("Name;Fraktion\nMax Muster;Grüne\n", encoding="utf-8")
    assert main(argv) == 0
    assert capsys.readouterr().out == (f"Wrote 1 member to {out}: 1 added, 1 removed\n"
                                       "Removed, as mdb.csv no longer has them: erika-mustermann\n")
