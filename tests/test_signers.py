"""Organisations signing a statement: the signers file, its page, text, JSON-LD and exports, and the sign-on form."""

from __future__ import annotations

import csv
import html as html_text
import io
import json
import re
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from conftest import MINIMAL_SITE, ROOT, make_project, write_files
from microsite.cli import main
from microsite.pipeline import BuildOptions, Builder, build
from microsite.signon import FORM_FIELDS
from test_visitor_pages import nu_checker_errors, visible_text

FIXTURES = ROOT / "tests" / "fixtures" / "signers"
EVENT = FIXTURES / "sign-on-event.json"
SIGNERS = "content/statements/coalition.signers.csv"
SITE = MINIMAL_SITE + "repository: https://github.com/example/interpol-campaign\n"


def statement(extra: str = "") -> str:
    return ("---\nsignatories: [doe]\ndate: 2018-11-19\ndateline: OSLO\nheadline: Urges Interpol Members to Vote No\n"
            f"{extra}---\n\nInterpol's members should vote no.\n")


def coalition(root: Path, site_yml: str = SITE, front_matter: str = "", signers: str | None = None) -> Path:
    """A project whose statement 'coalition' has the fictional organisations of the fixture (or `signers`)."""
    project = make_project(root, {"content/members/m.yml": "members:\n  - {id: doe, name: Jane Doe}\n",
                                  "content/statements/coalition.md": statement(front_matter)}, site_yml)
    if signers is None:
        shutil.copy(FIXTURES / "coalition.signers.csv", project / SIGNERS)
    else:
        write_files(project, {SIGNERS: signers})
    return project


def built(project: Path) -> Path:
    result = build(project, BuildOptions(out=project / "site"))
    assert not result.report.errors, "\n".join(map(str, result.report.errors))
    return project / "site"


def problems(project: Path) -> list[str]:
    return [str(p) for p in build(project, BuildOptions(out=project / "site")).report.problems]


def headings_and_items(html: str) -> list[str]:
    """The signers section as a visitor reads it: each group heading, then its organisations."""
    section = html.split('class="organisations"', 1)[1].split("</section>", 1)[0]
    parts = re.findall(r"<h[23][^>]*>.*?</h[23]>|<li>.*?</li>", section)
    return [html_text.unescape(visible_text(part)).strip() for part in parts]


# -- the page, its text, its JSON-LD and the exports ----------------------------------------------------------------
def test_statement_page_lists_the_organisations_grouped_by_country_with_a_sign_on_link(tmp_path):
    site = built(coalition(tmp_path / "p", front_matter="group_signers_by: country\n"))
    html = (site / "statements/coalition/index.html").read_text()
    assert headings_and_items(html) == [
        "5 organisations have signed",
        "Germany (2)", "Lindenhof Journalists' Union (Trade union)",
        "Open Borders Advocacy Office (Human rights group)", "Norway (2)", "Fjord Legal Aid (Legal aid)",
        "Harbourside Rights Network (Human rights group)",
        "Country not given (1)", "Çatalca Civic Forum (Civic group)",
    ]
    assert '<a href="https://obao.example.org/" rel="nofollow ugc">Open Borders Advocacy Office</a>' in html
    sign_on = re.search(r'<a class="button" href="([^"]+)">Sign on</a>', html).group(1).replace("&amp;", "&")
    parts = urlsplit(sign_on)
    assert parts.netloc + parts.path == "github.com/example/interpol-campaign/issues/new"
    assert parse_qs(parts.query) == {"template": ["sign-on.yml"], "statement": ["coalition"],
                                     "title": ["Sign on: Jane Doe Urges Interpol Members to Vote No"]}


def test_grouping_by_type_comes_from_site_yml_and_the_statement_can_ask_for_one_list(tmp_path):
    by_type = MINIMAL_SITE + "group_signers_by: type\n"
    html = (built(coalition(tmp_path / "a", by_type)) / "statements/coalition/index.html").read_text()
    assert headings_and_items(html)[:4] == ["5 organisations have signed", "Civic group (1)",
                                            "Çatalca Civic Forum", "Human rights group (2)"]
    html = (built(coalition(tmp_path / "b", by_type, "group_signers_by: none\n"))
            / "statements/coalition/index.html").read_text()
    assert headings_and_items(html) == [
        "5 organisations have signed", "Çatalca Civic Forum (Civic group)", "Fjord Legal Aid (Legal aid, Norway)",
        "Harbourside Rights Network (Human rights group, Norway)",
        "Lindenhof Journalists' Union (Trade union, Germany)",
        "Open Borders Advocacy Office (Human rights group, Germany)"]
    assert "Sign on" not in html  # no repository and no sign_on: nowhere to send a request


def test_text_json_ld_and_exports_carry_the_organisations(tmp_path):
    site = built(coalition(tmp_path / "p", front_matter="group_signers_by: country\n"))
    text = (site / "statements/coalition.txt").read_text()
    assert "5 organisations have signed:" in text and "- Fjord Legal Aid (Legal aid)" in text
    assert text.index("Germany") < text.index("Norway") < text.index("Country not given")
    html = (site / "statements/coalition/index.html").read_text()
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert ld["contributor"][0] == {"@type": "Organization", "name": "Harbourside Rights Network",
                                    "url": "https://harbourside.example.org/",
                                    "address": {"@type": "PostalAddress", "addressCountry": "Norway"}}
    assert len(ld["contributor"]) == 5
    rows = list(csv.DictReader(io.StringIO((site / "statements/coalition.signers.csv").read_text())))
    assert [r["name"] for r in rows][:2] == ["Harbourside Rights Network", "Fjord Legal Aid"]  # the order they signed
    assert list(rows[0]) == ["name", "country", "type", "url", "id"]
    exported = json.loads((site / "statements/coalition.signers.json").read_text())
    assert exported[2] == {"name": "Open Borders Advocacy Office", "country": "Germany", "type": "Human rights group",
                           "url": "https://obao.example.org/", "id": ""}
    assert 'href="/statements/coalition.signers.csv"' in html


def test_a_statement_without_a_signers_file_takes_no_signatures(tmp_path):
    project = coalition(tmp_path / "p")
    (project / SIGNERS).unlink()
    site = built(project)
    assert "organisations" not in (site / "statements/coalition/index.html").read_text()
    assert not (site / "statements/coalition.signers.csv").exists()


def test_an_empty_signers_file_opens_the_statement_for_signing(tmp_path):
    html = (built(coalition(tmp_path / "p", signers="name,country,type,url\n"))
            / "statements/coalition/index.html").read_text()
    assert "No organisation has signed yet" in html and ">Sign on</a>" in html


def test_sign_on_goes_to_an_address_or_page_from_site_yml_or_the_statement(tmp_path):
    site_yml = SITE + "sign_on: coalition@example.org\n"
    html = (built(coalition(tmp_path / "a", site_yml)) / "statements/coalition/index.html").read_text()
    assert 'href="mailto:coalition@example.org?subject=Sign%20on%3A%20Jane%20Doe%20Urges' in html
    html = (built(coalition(tmp_path / "b", site_yml, "sign_on: https://example.org/join\n"))
            / "statements/coalition/index.html").read_text()
    assert '<a class="button" href="https://example.org/join">Sign on</a>' in html


def test_a_misspelt_grouping_is_an_error_with_a_suggestion(tmp_path):
    assert problems(coalition(tmp_path / "p", front_matter="group_signers_by: contry\n")) == [
        "content/statements/coalition.md:6:19: error: 'group_signers_by' must be one of country, type, none "
        "(did you mean 'country'?)"]


@pytest.mark.parametrize("value", ["javascript:alert(1)", "http://example.org/join", "nobody"])
def test_a_sign_on_that_is_not_https_or_an_email_is_refused(tmp_path, value):
    assert problems(coalition(tmp_path / "p", SITE + f"sign_on: '{value}'\n")) == [
        f"content/site.yml:7:10: error: 'sign_on' must be an https:// URL or an email address, not '{value}'"]


# -- what the signers file refuses ---------------------------------------------------------------------------------
def test_a_duplicate_is_an_error_naming_both_lines_unless_ids_tell_them_apart(tmp_path):
    signers = ("name,country,type,url\nAmnesty International,,,\nFjord Legal Aid,,,\n"
               "amnesty  international.,,,\nAmnésty-International,,,\n")
    assert problems(coalition(tmp_path / "a", signers=signers)) == [
        "content/statements/coalition.signers.csv:4:1: error: 'amnesty  international.' has already signed, on "
        "line 2 ('Amnesty International'); if they are two organisations, add an 'id' column to tell them apart",
        "content/statements/coalition.signers.csv:5:1: error: 'Amnésty-International' has already signed, on "
        "line 2 ('Amnesty International'); if they are two organisations, add an 'id' column to tell them apart"]
    with_ids = "name,id\nHope Foundation,hope-no\nHope Foundation,hope-de\nhope foundation,hope-no\n"
    assert problems(coalition(tmp_path / "b", signers=with_ids)) == [
        "content/statements/coalition.signers.csv:4:1: error: 'hope foundation' has already signed, on line 2 "
        "('Hope Foundation'); if they are two organisations, give each a different 'id'"]


def test_hostile_cells_are_refused_or_made_harmless(tmp_path):
    signers = ('name,country,type,url,contact\n"<script>alert(1)</script>",,,,a@example.org\n'
               '"=HYPERLINK(""https://evil.example.org"",""Click"")",,,,\n'
               "Quiet Org,,,JaVa\tScRiPt:alert(1),\n")
    project = coalition(tmp_path / "p", signers=signers)
    assert problems(project) == [
        "content/statements/coalition.signers.csv:1:5: warning: unknown column 'contact'; its cells are ignored",
        "content/statements/coalition.signers.csv:4:4: error: 'url' must be an http:// or https:// URL; "
        "a javascript: URL could run code"]
    write_files(project, {SIGNERS: signers.replace("JaVa\tScRiPt:alert(1)", "")})
    site = built(project)
    html = (site / "statements/coalition/index.html").read_text()
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    exported = (site / "statements/coalition.signers.csv").read_text()
    assert "'=HYPERLINK(" in exported and "\n=HYPERLINK" not in exported and "a@example.org" not in exported


def test_a_signers_file_without_its_statement_or_a_name_column_is_an_error(tmp_path):
    project = coalition(tmp_path / "p")
    write_files(project, {"content/statements/coalitoin.signers.csv": "name\nX\n"})
    assert problems(project) == ["content/statements/coalitoin.signers.csv:1:1: error: there is no statement "
                                 "'coalitoin.md' beside this signers file; name it after its statement's file"]
    write_files(project, {"content/statements/coalitoin.signers.csv": "", SIGNERS: "org,country\nX,NO\n"})
    (project / "content/statements/coalitoin.signers.csv").unlink()
    assert problems(project) == [
        "content/statements/coalition.signers.csv:1:1: warning: unknown column 'org'; its cells are ignored",
        "content/statements/coalition.signers.csv:1:1: error: missing required column 'name' (the header could "
        "be 'name,country,type,url')"]


# -- rebuilds --------------------------------------------------------------------------------------------------------
def test_editing_the_signers_file_rerenders_the_statement_and_its_exports_only(tmp_path):
    project = coalition(tmp_path / "p")
    builder = Builder(project, BuildOptions(out=project / "site"))
    assert not builder.build().report.errors
    with open(project / SIGNERS, "a", encoding="utf-8") as stream:
        stream.write("Tidewater Press Freedom Circle,Portugal,Press freedom group,\n")
    result = Builder(project, BuildOptions(out=project / "site")).build()  # as the next `build` command would
    assert not result.report.errors
    assert result.rendered == 4  # the page, its text, the CSV and the JSON: no member page, no index
    html = (project / "site/statements/coalition/index.html").read_text()
    assert "6 organisations have signed" in html and "Tidewater Press Freedom Circle" in html
    assert "Tidewater" in (project / "site/statements/coalition.signers.json").read_text()


# -- the sign-on command -------------------------------------------------------------------------------------------
def event_with(tmp_path: Path, **answers: str) -> Path:
    """The recorded issue event, with some of the form's answers replaced (by label)."""
    event = json.loads(EVENT.read_text())
    for label, answer in answers.items():
        label = label.replace("_", " ")
        event["issue"]["body"] = re.sub(rf"(### {label}\n\n)[^\n]*", lambda m: m.group(1) + answer,
                                        event["issue"]["body"])
    path = tmp_path / "event.json"
    path.write_text(json.dumps(event))
    return path


def sign_on(project: Path, event: Path, *statement: str) -> int:
    return main(["sign-on", *statement, "--from-issue", str(event), "--project", str(project)])


def test_sign_on_adds_the_forms_organisation_as_a_new_row(tmp_path, capsys):
    project = coalition(tmp_path / "p")
    before = (project / SIGNERS).read_text()
    assert sign_on(project, EVENT) == 0
    assert (project / SIGNERS).read_text() == (
        before + "Tidewater Press Freedom Circle,Portugal,Press freedom group,https://tidewater.example.org/\n")
    added = "Added 'Tidewater Press Freedom Circle' to content/statements/coalition.signers.csv"
    assert added in capsys.readouterr().out
    assert "Tidewater Press Freedom Circle" in (built(project) / "statements/coalition/index.html").read_text()


def test_sign_on_keeps_the_files_columns_separator_and_line_endings_and_fills_what_was_left_empty(tmp_path):
    project = coalition(tmp_path / "p", signers="url;id;name\r\nhttps://a.example.org/;;Alpha Org")
    event = event_with(tmp_path, Country="_No response_", Website="_No response_")
    assert sign_on(project, event, "coalition") == 0
    assert (project / SIGNERS).read_bytes() == (b"url;id;name\r\nhttps://a.example.org/;;Alpha Org\r\n"
                                                b";;Tidewater Press Freedom Circle\r\n")


@pytest.mark.parametrize("answers, message", [
    ({"Organisation_name": "harbourside  rights network."},
     "content/statements/coalition.signers.csv:7:1: error: 'harbourside  rights network.' has already signed, on "
     "line 2 ('Harbourside Rights Network')"),
    ({"Organisation_name": "<script>alert(1)</script>"},
     "event.json:1:1: error: the form's 'Organisation name' answer contains '<' or '>': markup is not accepted"),
    ({"Organisation_name": '=HYPERLINK("https://evil.example.org","Click")'},
     "event.json:1:1: error: the form's 'Organisation name' answer starts with '=', which spreadsheets run as a "
     "formula"),
    ({"Website": "javascript:alert(document.cookie)"},
     "content/statements/coalition.signers.csv:7:4: error: 'url' must be an http:// or https:// URL; a javascript: "
     "URL could run code"),
    ({"Organisation_name": "Harbour\u2028Watch"},  # a Unicode line separator: the name would break across lines
     "event.json:1:1: error: the form's 'Organisation name' answer must be one line of text"),
    ({"Country": "Nor\udc85way"},  # a lone surrogate, which JSON allows and UTF-8 cannot store
     "event.json:1:1: error: the form's 'Country' answer must be one line of text"),
    ({"Organisation_name": "_No response_"},
     "event.json:1:1: error: the form's 'Organisation name' field is empty or missing: was the sign-on form used?"),
    ({"Statement": "other-statement"},
     "event.json:1:1: error: there is no statement 'other-statement' (a statement's slug or file name) in "
     "content/statements/"),
])
def test_sign_on_refuses_a_duplicate_or_hostile_answer_and_writes_nothing(tmp_path, capsys, answers, message):
    project = coalition(tmp_path / "p")
    before = (project / SIGNERS).read_bytes()
    event = event_with(tmp_path, **answers)
    assert sign_on(project, event) == 1
    errors = capsys.readouterr().err.replace(str(tmp_path) + "/", "")
    assert errors.startswith(message)
    assert (project / SIGNERS).read_bytes() == before
    assert sorted(p.name for p in (project / "content/statements").iterdir()) == ["coalition.md",
                                                                                 "coalition.signers.csv"]


def test_sign_on_refuses_a_statement_that_takes_no_signatures_or_another_statements_form(tmp_path, capsys):
    project = coalition(tmp_path / "p")
    assert sign_on(project, EVENT, "nothing") == 1
    assert capsys.readouterr().err.startswith("content/statements:1:1: error: there is no statement 'nothing'")
    write_files(project, {"content/statements/other.md": statement()})
    assert sign_on(project, EVENT, "other") == 1
    assert "the form is for statement 'coalition', not 'other'" in capsys.readouterr().err
    assert sign_on(project, EVENT, "coalition.md") == 0
    capsys.readouterr()
    write_files(project, {SIGNERS: ""})
    assert sign_on(project, EVENT) == 1
    assert "coalition.signers.csv:1:1: error: the signers file has no header row" in capsys.readouterr().err
    (project / SIGNERS).unlink()
    assert sign_on(project, EVENT) == 1
    assert "error: the statement takes no signatures: to open it, create this file" in capsys.readouterr().err
    assert not (project / SIGNERS).exists()


def test_the_issue_form_has_the_fields_the_command_reads():
    form = yaml.safe_load((ROOT / ".github/ISSUE_TEMPLATE/sign-on.yml").read_text())
    assert form["labels"] == ["sign-on"]
    fields = {item["attributes"]["label"]: item["id"] for item in form["body"] if "id" in item}
    assert {label: fields.get(label) for label in FORM_FIELDS} == FORM_FIELDS
    required = {item["id"] for item in form["body"] if item.get("validations", {}).get("required")}
    assert required == {"statement", "name"}


def test_the_sign_on_workflow_asks_for_little_and_never_puts_the_issue_into_a_script():
    text = (ROOT / ".github/workflows/sign-on.yml").read_text()
    workflow = yaml.safe_load(text)
    assert workflow[True] == {"issues": {"types": ["opened"]}}  # YAML 1.1 reads the key `on` as true
    assert workflow["permissions"] == {"contents": "write", "pull-requests": "write"}
    job = workflow["jobs"]["sign-on"]
    assert "permissions" not in job and "sign-on" in job["if"]
    scripts = "\n".join(step.get("run", "") for step in job["steps"])
    assert "${{" not in scripts and "GITHUB_EVENT_PATH" in scripts and "gh pr create" in scripts
    # check.yml does not run on a pull request opened with the workflow's token: its checks run before it is opened
    check = yaml.safe_load((ROOT / ".github/workflows/check.yml").read_text())["jobs"]["check"]["steps"]
    checks = [step["run"] for step in check if "build.py" in step.get("run", "")]
    opened = scripts.index("gh pr create")
    assert checks and all(-1 < scripts.find(command) < opened for command in checks)


# -- in a browser -------------------------------------------------------------------------------------------------
@pytest.mark.browser
def test_signers_page_is_accessible_and_valid_and_complete_without_javascript(tmp_path, browser):
    from test_visitor_browser import axe_violations, serve_from_folder

    signers = (FIXTURES / "coalition.signers.csv").read_text() + '"<b>Bold</b> & Co",Norway,,\n'
    site = built(coalition(tmp_path / "p", front_matter="group_signers_by: country\n", signers=signers))
    assert nu_checker_errors(site / "statements/coalition/index.html") == ""
    context = browser.new_context(bypass_csp=True, java_script_enabled=False)
    page = context.new_page()
    origin = serve_from_folder(page, site)
    assert page.goto(origin + "/statements/coalition/").ok
    section = page.locator("section.organisations")
    assert section.locator("h2").inner_text() == "6 organisations have signed"
    assert section.locator("li").count() == 6 and "<b>Bold</b> & Co" in section.inner_text()
    context.close()
    context = browser.new_context(bypass_csp=True)  # axe runs as a script
    page = context.new_page()
    serve_from_folder(page, site)
    assert page.goto(origin + "/statements/coalition/").ok
    found = {"light": axe_violations(page)}
    page.emulate_media(color_scheme="dark")
    found["dark"] = axe_violations(page, ["color-contrast"])
    context.close()
    assert found == {"light": [], "dark": []}
