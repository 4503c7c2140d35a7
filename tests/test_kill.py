"""Atomicity under faults: a build killed at any moment, a full disk or a read-only output folder never leaves
site/ half old and half new, and the next build succeeds."""

from __future__ import annotations

import errno
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import EPOCH, ROOT, copy_demo, make_project, write_files
from microsite.cli import main

KILLS = 24
NEW_PAGE = "---\ntitle: Late news\ndate: 2018-11-20\n---\n\n" + "A fictional update from Ada Example. " * 400 + "\n"


def _tree(folder: Path) -> dict[str, bytes] | None:
    if not folder.exists():
        return None
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _start_build(project: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(ROOT / "build.py"), "build", "--project", str(project),
                             "--out", str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH})


def _build(project: Path, out: Path) -> None:
    process = _start_build(project, out)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 0, err.decode()


def _use_version(project: Path, version: str) -> None:
    """Version "b" adds a long page (and so a new link on many pages); version "a" is the demo as it is."""
    late = project / "content/pages/late-news.md"
    if version == "b":
        late.write_text(NEW_PAGE, encoding="utf-8")
    else:
        late.unlink(missing_ok=True)


@pytest.fixture(scope="module")
def versions(tmp_path_factory):
    """The demo in two versions, each built once into a folder of its own: the only states site/ may be in."""
    project = copy_demo(tmp_path_factory.mktemp("kill"))
    snapshots, durations = {}, []
    for version in ("b", "a"):
        _use_version(project, version)
        started = time.perf_counter()
        _build(project, project / f"reference-{version}")
        durations.append(time.perf_counter() - started)
        snapshots[version] = _tree(project / f"reference-{version}")
    assert snapshots["a"] != snapshots["b"]
    return project, snapshots, max(durations)


def _which(tree, snapshots) -> str | None:
    return next((version for version, snapshot in snapshots.items() if tree == snapshot), None)


def test_a_build_killed_at_random_moments_leaves_the_old_or_the_new_site(versions):
    project, snapshots, duration = versions
    site = project / "site"
    _build(project, site)
    state = _which(_tree(site), snapshots)
    assert state == "a"
    chance = random.Random(20181121)  # fixed: a failure can be replayed
    seen = set()
    for kill in range(KILLS):
        target = "b" if state == "a" else "a"
        _use_version(project, target)
        process = _start_build(project, site)
        # Most kills land late, where the staging and the swap happen; some land in loading and rendering.
        time.sleep(duration * (chance.uniform(0.6, 1.1) if kill % 3 else chance.uniform(0.05, 0.6)))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        state = _which(_tree(site), snapshots)
        assert state is not None, f"kill {kill}: site/ is neither the old nor the new site"
        seen.add((target, state))
    # The loop is only meaningful if some kills came before the swap and some after it.
    assert any(target != state for target, state in seen) and any(target == state for target, state in seen), seen
    for version in ("a", "b"):
        _use_version(project, version)
        _build(project, site)
        assert _tree(site) == snapshots[version]
    assert sorted(p.name for p in site.parent.iterdir() if p.name.startswith(".site")) == [".site.lock"]


def test_a_build_after_a_kill_mid_cache_write_still_succeeds(versions):
    """The build's memory of the last build (.cache/) may be cut short by a kill: it is then ignored, not trusted."""
    project, snapshots, _ = versions
    site = project / "site"
    _use_version(project, "a")
    _build(project, site)
    caches = [p for p in (project / ".cache").rglob("*") if p.is_file()] if (project / ".cache").is_dir() else []
    for cache in caches:
        cache.write_bytes(cache.read_bytes()[: cache.stat().st_size // 2])
    _use_version(project, "b")
    _build(project, site)
    assert _tree(site) == snapshots["b"]


def _one_line_failure(root: Path, out: Path, capsys) -> tuple[int, str]:
    capsys.readouterr()
    status = main(["build", "--project", str(root), "--out", str(out)])
    err = capsys.readouterr().err.strip()
    return status, err


def _assert_clear_failure(status: int, err: str, words: str) -> None:
    assert status in (1, 2), err
    assert len(err.splitlines()) == 1 and "Traceback" not in err and "internal error" not in err, err
    assert words in err.lower(), err


def test_disk_full_while_writing_gives_one_clear_line_and_keeps_the_old_site(tmp_path, monkeypatch, capsys):
    root = make_project(tmp_path / "project")
    out = root / "site"
    assert main(["build", "--project", str(root)]) == 0
    old = _tree(out)
    write_files(root, {"content/pages/late-news.md": NEW_PAGE})

    def disk_full(self, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))

    monkeypatch.setattr(Path, "write_bytes", disk_full)
    status, err = _one_line_failure(root, out, capsys)
    monkeypatch.undo()
    _assert_clear_failure(status, err, "no space left on device")
    assert _tree(out) == old
    assert main(["build", "--project", str(root)]) == 0
    assert "late-news/index.html" in _tree(out)


@pytest.fixture
def small_disk(tmp_path):
    """A 1 MB tmpfs of our own (root only): a real full disk and a real read-only file system."""
    mount = tmp_path / "disk"
    mount.mkdir()
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)], capture_output=True)
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {result.stderr.decode().strip()}")
    yield mount
    subprocess.run(["umount", str(mount)], check=True)


def _fill(disk: Path, leave: int) -> None:
    free = shutil.disk_usage(disk).free
    (disk / "filler").write_bytes(b"\0" * max(0, free - leave))


def test_real_full_disk_gives_one_clear_line_and_keeps_the_old_site(tmp_path, small_disk, capsys):
    root = make_project(tmp_path / "project")
    out = small_disk / "site"
    assert main(["build", "--project", str(root), "--out", str(out)]) == 0
    old = _tree(out)
    write_files(root, {"content/pages/late-news.md": NEW_PAGE * 3})
    _fill(small_disk, leave=16 * 1024)
    status, err = _one_line_failure(root, out, capsys)
    _assert_clear_failure(status, err, "no space left on device")
    assert _tree(out) == old
    (small_disk / "filler").unlink()
    assert main(["build", "--project", str(root), "--out", str(out)]) == 0
    assert "late-news/index.html" in _tree(out)


def test_read_only_output_folder_gives_one_clear_line_and_keeps_the_old_site(tmp_path, small_disk, capsys):
    root = make_project(tmp_path / "project")
    out = small_disk / "site"
    assert main(["build", "--project", str(root), "--out", str(out)]) == 0
    old = _tree(out)
    write_files(root, {"content/pages/late-news.md": NEW_PAGE})
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    try:
        status, err = _one_line_failure(root, out, capsys)
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(small_disk)], check=True)
    _assert_clear_failure(status, err, "read-only file system")
    assert _tree(out) == old


def test_unwritable_output_folder_without_root(tmp_path, capsys):
    """Where tmpfs cannot be mounted (CI runs as a user), a folder without write permission is the same fault."""
    if os.geteuid() == 0:
        pytest.skip("root ignores permissions; the tmpfs test covers this case")
    root = make_project(tmp_path / "project")
    parent = tmp_path / "published"
    out = parent / "site"
    assert main(["build", "--project", str(root), "--out", str(out)]) == 0
    old = _tree(out)
    write_files(root, {"content/pages/late-news.md": NEW_PAGE})
    parent.chmod(0o555)
    try:
        status, err = _one_line_failure(root, out, capsys)
    finally:
        parent.chmod(0o755)
    _assert_clear_failure(status, err, "permission denied")
    assert _tree(out) == old
