"""Problems printed for GitHub Actions: workflow commands that put each problem on its line of a pull request."""

import pytest

from conftest import unescape_workflow_command, write_files
from microsite.cli import main

# A file name with spaces (allowed as it is) and one with ',' and ':' (which GitHub needs escaped in a property),
# and a front-matter key whose warning message carries '%', ':' and ','.
AWKWARD = {
    "content/pages/my notes.md": "---\ntitle: Notes\n'50%: off, now': 1\n---\n",
    "content/pages/a,b:c.md": "---\ntitle: Odd\nsumary: y\n---\n",
}


def _stderr_lines(capsys, project, *args: str) -> tuple[int, list[str]]:
    capsys.readouterr()
    status = main([*args, "--project", str(project)])
    return status, capsys.readouterr().err.splitlines()


def test_awkward_paths_and_messages_are_escaped_as_github_requires(project, capsys):
    write_files(project, AWKWARD)
    status, lines = _stderr_lines(capsys, project, "build", "--format", "github")
    assert status == 0
    assert lines == [
        "::warning file=content/pages/a%2Cb%3Ac.md,line=3,col=1::unknown key 'sumary' in page front matter "
        "(did you mean 'summary'?)",
        "::warning file=content/pages/my notes.md,line=3,col=1::unknown key '50%25: off, now' in page front matter",
        "0 errors, 2 warnings",
    ]
    read_back = unescape_workflow_command(lines[1])
    assert read_back == ("warning", {"file": "content/pages/my notes.md", "line": "3", "col": "1"},
                         "unknown key '50%: off, now' in page front matter")


def test_strict_warnings_are_error_annotations(project, capsys):
    write_files(project, AWKWARD)
    status, lines = _stderr_lines(capsys, project, "build", "--strict", "--format", "github")
    assert status == 1
    assert lines[0].startswith("::error file=content/pages/a%2Cb%3Ac.md,line=3,col=1::unknown key 'sumary'")
    assert lines[1].startswith("::error file=content/pages/my notes.md,line=3,col=1::unknown key '50%25: off, now'")


def test_line_breaks_in_a_message_stay_inside_one_command(project, capsys):
    # A key written as "two\r\nlines" in YAML reaches the message as it is: one problem must stay one command.
    write_files(project, {"content/pages/typo.md": '---\ntitle: T\n"two\\r\\nlines": 1\n---\n'})
    status, lines = _stderr_lines(capsys, project, "build", "--format", "github")
    assert (status, lines) == (0, [
        "::warning file=content/pages/typo.md,line=3,col=1::unknown key 'two%0D%0Alines' in page front matter",
        "0 errors, 1 warning"])


def test_check_puts_a_broken_link_on_its_line(project, capsys):
    write_files(project, {"content/pages/a.md": "---\ntitle: A\n---\n\nSee [gone](/nowhere/), 100% gone.\n"})
    status, lines = _stderr_lines(capsys, project, "check", "--format", "github")
    assert status == 1
    assert lines == ["::error file=content/pages/a.md,line=5,col=12::broken link '/nowhere/' (first seen on /a/)",
                     "1 error, 0 warnings"]


def test_a_problem_with_no_file_names_its_option(project, capsys):
    status, lines = _stderr_lines(capsys, project, "build", "--base-url", "ftp://example.org/", "--format", "github")
    assert status == 1
    assert lines[0] == "::error::--base-url: base_url must be an absolute http(s) URL such as https://org.github.io/repo/"
    status, lines = _stderr_lines(capsys, project, "build", "--base-url", "ftp://example.org/", "--format", "text")
    assert lines[0] == "--base-url: error: base_url must be an absolute http(s) URL such as https://org.github.io/repo/"


def test_a_refused_output_folder_is_an_error_annotation(project, capsys):
    status, lines = _stderr_lines(capsys, project, "build", "--out", str(project / "content"), "--format", "github")
    assert status == 2
    assert lines == [f"::error::refusing to write the site into {project / 'content'}: it holds the project's own files"]


@pytest.mark.parametrize("environment, option, annotated", [
    ("true", [], True), ("true", ["--format", "text"], False), ("", [], False), ("", ["--format", "github"], True)])
def test_github_actions_environment_chooses_the_format_unless_told(project, capsys, monkeypatch, environment, option,
                                                                  annotated):
    monkeypatch.setenv("GITHUB_ACTIONS", environment)
    write_files(project, {"content/pages/typo.md": "---\ntitle: T\nsumary: s\n---\n"})
    _, lines = _stderr_lines(capsys, project, "build", *option)
    expected = ("::warning file=content/pages/typo.md,line=3,col=1::" if annotated
                else "content/pages/typo.md:3:1: warning: ")
    assert lines[0].startswith(expected)
