"""The command line as a campaigner meets it: exit statuses, messages, --help, scaffolding."""

import subprocess
import sys

import pytest

from conftest import ROOT, write_files


def run(project, *args):
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args, "--project", str(project)],
                          capture_output=True, text=True, timeout=120)


def test_plain_build_succeeds(project):
    result = run(project)
    assert result.returncode == 0, result.stderr
    assert "Built" in result.stdout and (project / "site/index.html").is_file()


def test_content_errors_exit_1_with_positions_and_no_traceback(project):
    write_files(project, {"content/pages/a.md": "---\ntitle: A\ndate: tomorrow\n---\n",
                          "content/pages/b.md": "---\ntitle: B\n  bad: indent\n---\n"})
    result = run(project, "build")
    assert result.returncode == 1
    assert "content/pages/a.md:3:7: error: 'date': 'tomorrow' is not a date such as 2018-11-19 or 2018-11-19T10:00 (+04:00 or Z optional)" in result.stderr
    assert "content/pages/b.md:3:" in result.stderr and "invalid YAML" in result.stderr
    assert "Traceback" not in result.stderr
    assert "2 errors" in result.stderr


@pytest.mark.parametrize("args", [["build", "--nope"], ["serve", "--port", "x"], ["frobnicate"], ["new"]])
def test_usage_errors_exit_2(project, args):
    assert run(project, *args).returncode == 2


@pytest.mark.parametrize("command", [[], ["build"], ["serve"], ["check"], ["new", "page"], ["new", "statement"],
                                     ["import"], ["sign-on"]])
def test_help_on_every_command(command):
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), *command, "--help"], capture_output=True,
                            text=True)
    assert result.returncode == 0 and "usage: build.py" in result.stdout
    if not command:  # the exit statuses README's Commands section lists, every one of them
        assert " ".join(result.stdout.split()).endswith("2 usage errors, 3 an internal error (a bug in the builder).")


# A bug planted in the builder (content cannot cause one: a broken template is a content error, see
# tests/broken/template-*), then the command line as build.py runs it.
PLANTED_BUG = """
import sys
import microsite.commands
def broken_build(*args, **kwargs):
    raise ZeroDivisionError("a planted bug")
microsite.commands.build = broken_build
from microsite.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_internal_error_is_one_line_unless_debug(project):
    def run_buggy(*args):
        return subprocess.run([sys.executable, "-c", PLANTED_BUG, *args, "--project", str(project)],
                              capture_output=True, text=True, timeout=120, cwd=ROOT)

    quiet = run_buggy("build")
    assert quiet.returncode == 3 and "Traceback" not in quiet.stderr and "--debug" in quiet.stderr
    assert "a planted bug" in quiet.stderr and len(quiet.stderr.strip().splitlines()) == 1
    loud = run_buggy("build", "--debug")
    assert "Traceback" in loud.stderr


def test_new_page_creates_a_draft_that_builds(project):
    result = run(project, "new", "page", "Why It Matters")
    assert result.returncode == 0, result.stderr
    path = project / "content/pages/why-it-matters.md"
    assert 'title: "Why It Matters"' in path.read_text()
    assert run(project, "build", "--drafts").returncode == 0
    assert (project / "site/why-it-matters/index.html").is_file()
    again = run(project, "new", "page", "Why It Matters")
    assert again.returncode == 1 and "already exists" in again.stderr


def test_out_and_base_url_options(project, tmp_path):
    out = tmp_path / "public"
    result = run(project, "build", "--out", str(out), "--base-url", "https://org.github.io/repo/")
    assert result.returncode == 0, result.stderr
    assert 'href="/repo/' in (out / "index.html").read_text()


def test_protected_output_folder_is_a_usage_error(project):
    result = run(project, "build", "--out", str(project / "content"))
    assert result.returncode == 2 and "refusing" in result.stderr


def test_an_output_that_is_a_file_is_refused_and_left_as_it_was(project, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("Call list for Tuesday\n")
    result = run(project, "build", "--out", str(notes))
    assert result.returncode == 2
    assert f"error: refusing to replace {notes}: it is a file, not a folder" in result.stderr
    assert notes.read_text() == "Call list for Tuesday\n"
