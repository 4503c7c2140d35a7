"""Shared fixtures: throwaway projects in tmp_path, the demo built once, a static server and a real Chromium."""

from __future__ import annotations

import os
import shutil
import socket
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from demo_site import static_server  # noqa: E402  (one static server for the tests and the benchmarks)
SHARED_DATA = ROOT.parent / "shared" / "data" / "congress-legislators"
IN_CI = os.environ.get("CI", "").lower() == "true"
CHROMIUM = "/usr/bin/chromium"
CHROME_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--no-first-run", "--disable-dev-shm-usage", "--disable-quic", "--disable-sync"]
EPOCH = "1543017600"  # 2018-11-24: after the vote, so the demo's text is in the past tense

MINIMAL_SITE = """\
title: Test Campaign
description: A fictional campaign for tests.
base_url: https://example.org/
language: en
country: US
"""


def write_files(root: Path, files: dict[str, str | bytes]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))


# Side files of the fictional congress fixture: committed name → the dataset's own name.
CONGRESS_SIDE_FILES = {
    "fictional-social-media.yaml": "legislators-social-media.yaml",
    "fictional-district-offices.yaml": "legislators-district-offices.yaml",
    "fictional-committees.yaml": "committees-current.yaml",
    "fictional-committee-membership.yaml": "committee-membership-current.yaml",
}


def fictional_congress(folder: Path, side_files=("fictional-social-media.yaml",)) -> Path:
    """The fictional congress-legislators fixture laid out under the dataset's own file names; returns the main file.

    The fixture is committed under other names so that nothing in the repository looks like a copy of the real data.
    `side_files` picks which of CONGRESS_SIDE_FILES go beside it (all of them: `side_files=CONGRESS_SIDE_FILES`).
    """
    fixtures = ROOT / "tests" / "fixtures" / "members" / "congress"
    folder.mkdir(parents=True, exist_ok=True)
    for name in side_files:
        shutil.copy(fixtures / name, folder / CONGRESS_SIDE_FILES[name])
    return Path(shutil.copy(fixtures / "fictional-current.yaml", folder / "legislators-current.yaml"))


def make_project(root: Path, files: dict[str, str | bytes] | None = None, site_yml: str = MINIMAL_SITE) -> Path:
    """A project with the real templates and assets and the given content files (paths relative to root)."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "templates", root / "templates")
    shutil.copytree(ROOT / "assets", root / "assets")
    write_files(root, {"content/site.yml": site_yml, "content/pages/index.md": "---\ntitle: Home\n---\n\nWelcome.\n"})
    write_files(root, files or {})
    return root


def unescape_workflow_command(line: str) -> tuple[str, dict[str, str], str]:
    """(command, properties, message) of a GitHub workflow command, read back as the Actions runner reads it."""
    assert line.startswith("::"), line
    head, message = line[2:].split("::", 1)
    command, _, listed = head.partition(" ")
    properties = dict(pair.split("=", 1) for pair in listed.split(",")) if listed else {}

    def data(text: str) -> str:
        return text.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")

    def value(text: str) -> str:
        return data(text.replace("%3A", ":").replace("%2C", ","))

    return command, {key: value(text) for key, text in properties.items()}, data(message)


def as_text_problem(line: str) -> str:
    """A workflow command turned back into the `path:line:col: severity: message` line it stands for."""
    command, properties, message = unescape_workflow_command(line)
    return f"{properties['file']}:{properties['line']}:{properties['col']}: {command}: {message}"


def copy_demo(root: Path) -> Path:
    """The whole demo project (content, templates, assets) in a folder of its own."""
    for name in ("content", "templates", "assets"):
        shutil.copytree(ROOT / name, root / name)
    return root


@pytest.fixture
def project(tmp_path) -> Path:
    return make_project(tmp_path / "project")


@pytest.fixture(autouse=True)
def _fixed_clock(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


@pytest.fixture(autouse=True)
def _text_problems(monkeypatch):
    """Run on GitHub Actions, the builder prints workflow commands; the tests expect text unless they ask otherwise."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


def built(root: Path) -> tuple[Path, Path]:
    """The project built as published, at the tests' fixed date: (project folder, output folder)."""
    from microsite.pipeline import BuildOptions, build

    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    result = build(root, BuildOptions(out=root / "site"))
    assert not result.report.errors, "\n".join(map(str, result.report.errors))
    return root, root / "site"


@pytest.fixture(scope="session")
def demo_build(tmp_path_factory):
    """The demo built once, as published: (project folder, output folder)."""
    return built(copy_demo(tmp_path_factory.mktemp("demo")))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def demo_server(demo_build):
    """The built demo served over HTTP on 127.0.0.1, as GitHub Pages would serve it."""
    with static_server(demo_build[1]) as address:
        yield address


SHARED = ROOT.parent / "shared" / "data"
CONGRESS_FILES = {"congress-legislators/legislators-current.yaml": "content/members/legislators-current.yaml",
                  "congress-legislators/legislators-district-offices.yaml":
                      "content/members/legislators-district-offices.yaml",
                  "us-zipcodes-congress/zccd.csv": "content/lookups/zccd.csv"}


def shared_data() -> Path:
    """../shared/data, read at test time and never copied into the repository; a skip without it, except in CI."""
    if not SHARED.is_dir():
        if IN_CI:
            pytest.fail(f"the shared data is missing at {SHARED}")
        pytest.skip(f"no shared data at {SHARED}")
    return SHARED


def congress_lookup_project(root: Path) -> Path:
    """The demo plus the real legislators-current.yaml, legislators-district-offices.yaml and zccd.csv, with no other
    change (issue 12's "done when")."""
    data = shared_data()
    copy_demo(root)
    for source, target in CONGRESS_FILES.items():
        (root / target).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(data / source, root / target)
    return root


@pytest.fixture(scope="session")
def congress_build(tmp_path_factory):
    """The demo with the whole Congress and the ZIP code table, built once: (project folder, output folder)."""
    return built(congress_lookup_project(tmp_path_factory.mktemp("congress")))


@pytest.fixture(scope="session")
def congress_server(congress_build):
    with static_server(congress_build[1]) as address:
        yield address


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright; skipped on a developer machine without it, a failure in CI."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        if IN_CI:
            pytest.fail(f"playwright is not installed: {exc}")
        pytest.skip("playwright is not installed")
    manager = sync_playwright().start()
    try:
        instance = manager.chromium.launch(executable_path=CHROMIUM, args=CHROME_ARGS)
    except Exception as exc:  # noqa: BLE001 - any launch failure means no browser
        manager.stop()
        if IN_CI:
            pytest.fail(f"Chromium could not start in CI: {exc}")
        pytest.skip(f"Chromium could not start: {exc}")
    yield instance
    instance.close()
    manager.stop()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    tab = context.new_page()
    yield tab
    context.close()
