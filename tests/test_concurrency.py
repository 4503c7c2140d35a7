"""Many runs on one project at once: builds, serve, check and import started together never leave a half site, a
bad cache or a half list; a waiting run names the run it waits for; a killed run's lock is taken over."""

from __future__ import annotations

import errno
import os
import re
import select
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import EPOCH, ROOT, copy_demo, free_port, make_project
from microsite import write
from microsite.cli import main
from microsite.outlock import OutputLock
from microsite.pipeline import BuildOptions, build
from microsite.write import replacing

ROUNDS = 3
SAVES = 8
DELEGATES = ROOT / "tests" / "fixtures" / "members" / "delegates.csv"
WAITING = re.compile(r"waiting for the build in process (\d+)…")


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _start(project: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(ROOT / "build.py"), *args, "--project", str(project)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH})


def _finish(process: subprocess.Popen) -> tuple[str, str]:
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, f"{process.args[2]} exited {process.returncode}: {err}"
    return out, err


def _build(project: Path) -> tuple[str, str]:
    return _finish(_start(project, "build"))


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """The fixture list imported once, alone: what imports running together must write too."""
    out = tmp_path_factory.mktemp("import") / "delegates.yml"
    _finish(_start(make_project(out.parent / "project"), "import", "csv", str(DELEGATES), "-o", str(out)))
    return out.read_bytes()


def test_runs_started_together_leave_the_complete_site_and_a_next_build_with_nothing_to_do(
        tmp_path, demo_build, imported):
    """Three builds, a check and two imports at once, on a project with no site/ and no .cache/ yet."""
    _, reference = demo_build
    for round_ in range(ROUNDS):
        project = copy_demo(tmp_path / f"round-{round_}")
        listing = project / "lists" / "delegates.yml"
        runs = [_start(project, "build") for _ in range(3)] + [_start(project, "check")] + [
            _start(project, "import", "csv", str(DELEGATES), "-o", str(listing)) for _ in range(2)]
        builds = {str(run.pid) for run in runs[:3]}
        for run in runs:
            _, err = _finish(run)
            assert set(WAITING.findall(err)) <= builds, err  # the holder it names is one of the builds
        assert _tree(project / "site") == _tree(reference), f"round {round_}"
        assert listing.read_bytes() == imported
        out, err = _build(project)
        assert "(0 written, " in out and not err, f"round {round_}: {out}{err}"
        assert sorted(p.name for p in project.iterdir() if p.name.startswith(".site")) == [".site.lock"]


@pytest.fixture
def served(tmp_path):
    project = copy_demo(tmp_path / "project")
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as stream:
        process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", "--port", str(port),
                                    "--project", str(project)], stdout=stream, stderr=subprocess.STDOUT,
                                   env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH})
    url = f"http://127.0.0.1:{port}/"
    _fetch_when(lambda text: True, url)
    yield project, url, log
    process.terminate()
    process.wait(timeout=30)


def _fetch_when(wanted, url: str, timeout: float = 60) -> str:
    """The page at `url` once wanted(text) holds (serve rebuilds a second after a save), else the last one."""
    deadline, text = time.monotonic() + timeout, ""
    while time.monotonic() < deadline:
        try:
            text = urllib.request.urlopen(url, timeout=5).read().decode()
            if wanted(text):
                break
        except OSError:
            pass
        time.sleep(0.1)
    return text


def test_builds_beside_serve_take_turns_with_its_rebuilds(served, demo_build, tmp_path):
    """Builds one after another in a second terminal while the campaigner saves, and serve rebuilds, every second."""
    project, url, log = served
    stop, failures, count = threading.Event(), [], [0]

    def build_again_and_again():
        while not stop.is_set():
            process = _start(project, "build")
            _, err = process.communicate(timeout=120)
            count[0] += 1
            if process.returncode != 0:
                failures.append(err)

    builder = threading.Thread(target=build_again_and_again)
    builder.start()
    try:
        for save in range(SAVES):
            (project / "content/pages/late.md").write_text(f"---\ntitle: Late\n---\n\nVersion {save}.\n")
            time.sleep(1.2)
    finally:
        stop.set()
        builder.join()
    page = _fetch_when(lambda text: f"Version {SAVES - 1}." in text, url + "late/")
    assert f"Version {SAVES - 1}." in page and "build-errors" not in page, page
    assert not failures and count[0] >= 2, failures
    assert "error" not in log.read_text().lower(), log.read_text()
    assert set(_tree(project / "site")) == set(_tree(demo_build[1])) | {"late/index.html", "late/card.png"}
    clean = build(project, BuildOptions(out=tmp_path / "clean"))
    assert _tree(project / "site") == _tree(tmp_path / "clean") == dict(clean.files)


def _line(stream, timeout: float = 60) -> str:
    ready, _, _ = select.select([stream], [], [], timeout)
    return stream.readline().strip() if ready else ""


def test_a_waiting_run_names_the_holder_and_goes_on_when_it_is_done(tmp_path):
    project = make_project(tmp_path / "project")
    with OutputLock(project / "site").turn():
        waiting = _start(project, "build")
        assert _line(waiting.stderr) == f"waiting for the build in process {os.getpid()}…"
        time.sleep(0.5)
        assert waiting.poll() is None and not (project / "site").exists()
    _finish(waiting)
    assert (project / "site/index.html").is_file()


def _council(count: int) -> str:
    return "list:\n  title: Fictional council\nmembers:\n" + "".join(
        f"  - id: m{i}\n    name: Member {i} Example\n    email: m{i}@example.org\n    phone: \"+1 212 555 {i:04d}\"\n"
        for i in range(count))


def test_a_build_killed_while_holding_the_lock_does_not_hold_up_the_next(tmp_path):
    """Killed while its workers render into the staging folder: the next build neither waits nor fails."""
    project = make_project(tmp_path / "project", {"content/members/council.yml": _council(400)})
    killed = _start(project, "build")
    staging = project / ".site.staging"
    deadline = time.monotonic() + 60
    while not staging.exists() and killed.poll() is None and time.monotonic() < deadline:
        time.sleep(0.002)
    killed.send_signal(signal.SIGKILL)
    killed.wait(timeout=30)
    assert not (project / "site").exists(), "the build finished before it was killed"
    assert (project / ".site.lock").read_text().split()[0] == str(killed.pid)  # the lock it left
    _, err = _build(project)
    assert "waiting" not in err
    assert (project / "site/members/m399/index.html").is_file() and not staging.exists()


class _DiskFullHalfWay:
    """A stream that takes half of what it is given, then finds the disk full."""

    def __init__(self, stream):
        self.stream = stream

    def write(self, data: bytes) -> int:
        self.stream.write(data[: len(data) // 2])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_an_import_cut_short_while_writing_leaves_the_old_list(tmp_path, monkeypatch, capsys):
    project = make_project(tmp_path / "project")
    listing = project / "content/members/delegates.yml"
    arguments = ["import", "csv", str(DELEGATES), "-o", str(listing), "--project", str(project)]
    assert main(arguments) == 0
    old = listing.read_text().replace("Jane Doe", "Jane Example")  # as a campaigner edited it
    listing.write_text(old)

    @contextmanager
    def cut_short(path):
        with replacing(path) as stream:
            yield _DiskFullHalfWay(stream)

    monkeypatch.setattr(write, "replacing", cut_short)
    capsys.readouterr()
    assert main(arguments) == 2
    assert capsys.readouterr().err == (f"error: cannot write {listing}: No space left on device; "
                                       f"the old file is left as it was\n")
    assert listing.read_text() == old
    assert sorted(p.name for p in listing.parent.iterdir()) == ["delegates.yml"]
