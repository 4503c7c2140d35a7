"""The broken-input corpus (tests/broken/): every case ends in its exact problems, never a traceback, and a
failed build leaves the previous site/ byte for byte as it was."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import as_text_problem, make_project
from microsite.cli import main

CORPUS = Path(__file__).parent / "broken"
EXPECTED = yaml.safe_load((CORPUS / "expected.yml").read_text(encoding="utf-8"))
OUTSIDE_TEXT = "---\ntitle: Private notes of Ada Example\n---\nada@example.org, +1 202 555 0101\n"


def _outside(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / "elsewhere" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _huge(size: int = 10 * 1024 * 1024) -> bytes:
    return b"---\ntitle: Huge\n---\n" + b"All work and no play. " * (size // 22)


GENERATED = {
    "huge-page": lambda root, tmp: (root / "content/pages/huge.md").write_bytes(_huge()),
    "huge-member-list": lambda root, tmp: (root / "content/members/huge.csv").write_bytes(
        b"id,name\n" + b"ada-example,Ada Example\n" * (10 * 1024 * 1024 // 24)),
    "symlink-page-outside": lambda root, tmp: (root / "content/pages/leak.md").symlink_to(
        _outside(tmp, "notes.md", OUTSIDE_TEXT)),
    "symlink-member-list-outside": lambda root, tmp: (root / "content/members/leak.csv").symlink_to(
        _outside(tmp, "contacts.csv", "id,name\nada-example,Ada Example\n")),
    "symlink-folder-outside": lambda root, tmp: (root / "content/statements").symlink_to(
        _outside(tmp, "statements/leak.md", OUTSIDE_TEXT).parent, target_is_directory=True),
    "symlink-inside-content": lambda root, tmp: (root / "content/pages/alias.md").symlink_to(
        _outside(root / "content", "drafts/shared.md", "---\ntitle: Shared\n---\nText.\n")),
}


def _tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (links not followed) with its bytes: a snapshot to compare against."""
    return {p.relative_to(folder).as_posix(): (os.readlink(p).encode() if p.is_symlink() else p.read_bytes())
            for p in sorted(folder.rglob("*")) if p.is_symlink() or p.is_file()}


def _build(root: Path, capsys, *extra: str) -> tuple[int, list[str]]:
    capsys.readouterr()
    status = main(["build", "--project", str(root), *extra])
    err = capsys.readouterr().err
    assert "Traceback" not in err and "internal error" not in err, err
    return status, [line for line in err.splitlines() if ": error: " in line or ": warning: " in line]


def _lay_over(case: str, root: Path, tmp_path: Path) -> None:
    if EXPECTED[case].get("generated"):
        (root / "content/members").mkdir(exist_ok=True)
        GENERATED[case](root, tmp_path)
    else:
        shutil.copytree(CORPUS / case, root, dirs_exist_ok=True, symlinks=True)


def test_every_case_folder_has_an_expectation_and_back():
    folders = {p.name for p in CORPUS.iterdir() if p.is_dir()}
    written = {name for name, case in EXPECTED.items() if not case.get("generated")}
    assert folders == written
    assert {name for name, case in EXPECTED.items() if case.get("generated")} == set(GENERATED)


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_broken_input_gives_its_problems_and_keeps_the_old_site(case, tmp_path, capsys):
    expected = EXPECTED[case]
    root = make_project(tmp_path / "project")
    assert _build(root, capsys) == (0, [])
    good_site = _tree(root / "site")
    _lay_over(case, root, tmp_path)
    outside_before = {p for p in tmp_path.iterdir() if p.name != "project"}

    status, problems = _build(root, capsys)

    assert (status, problems) == (expected["status"], expected["problems"])
    assert {p for p in tmp_path.iterdir() if p.name != "project"} == outside_before
    # Besides site/, the builder may only keep its own incremental-build memory (.cache/) and the lock file that
    # makes runs writing site/ take turns (.site.lock, see outlock).
    assert {p.name for p in root.iterdir()} <= {"assets", "content", "site", "templates", ".cache", ".site.lock"}
    if status:
        assert _tree(root / "site") == good_site


@pytest.mark.parametrize("case", sorted(c for c, e in EXPECTED.items() if e["status"] == 0 and e["problems"]))
def test_strict_turns_each_accepted_warning_into_an_error(case, tmp_path, capsys):
    root = make_project(tmp_path / "project")
    _lay_over(case, root, tmp_path)
    status, problems = _build(root, capsys, "--strict")
    assert status == 1
    assert problems == [line.replace(": warning: ", ": error: ") for line in EXPECTED[case]["problems"]]


@pytest.mark.parametrize("case", sorted(c for c, e in EXPECTED.items() if e["problems"]))
def test_on_github_each_problem_is_an_annotation_at_its_line(case, tmp_path, capsys):
    """With --format github every problem is a workflow command GitHub reads back as the same file, line and text."""
    root = make_project(tmp_path / "project")
    _lay_over(case, root, tmp_path)
    capsys.readouterr()
    status = main(["build", "--project", str(root), "--format", "github"])
    *problems, summary = capsys.readouterr().err.splitlines()
    assert status == EXPECTED[case]["status"]
    assert [as_text_problem(line) for line in problems] == EXPECTED[case]["problems"]
    assert summary.endswith(("error", "errors", "warning", "warnings")) and not summary.startswith("::")


@pytest.mark.parametrize("case, page, title", [("utf8-bom", "bom", "Saved by Notepad"),
                                               ("crlf-line-endings", "windows", "Saved on Windows")])
def test_accepted_encodings_reach_the_page_intact(case, page, title, tmp_path, capsys):
    """A BOM or CRLF is not a problem: the title and the contact list come through without stray characters."""
    root = make_project(tmp_path / "project")
    _lay_over(case, root, tmp_path)
    assert _build(root, capsys)[0] == 0
    html = (root / "site" / page / "index.html").read_text(encoding="utf-8")
    listed = (root / "site/members/ada-example/index.html").read_text(encoding="utf-8")
    assert f"<h1>{title}</h1>" in html
    assert "\ufeff" not in html + listed and "\r" not in html + listed
    assert "Ada Example" in listed
