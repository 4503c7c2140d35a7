"""Reproducible builds: the same content gives byte-identical output whatever the hash seed, time zone or locale."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import EPOCH, ROOT, copy_demo


def _tree(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _build(project, out, **env):
    environment = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, **env}
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--project", str(project),
                             "--out", str(out)], capture_output=True, text=True, env=environment, timeout=120)
    assert result.returncode == 0, result.stderr
    return _tree(out)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    project = copy_demo(tmp_path_factory.mktemp("reproducible"))
    return project, _build(project, project / "reference", PYTHONHASHSEED="0", TZ="UTC", LC_ALL="C.UTF-8")


def _differences(expected, actual):
    return sorted(name for name in expected.keys() | actual.keys() if expected.get(name) != actual.get(name))


def test_two_builds_in_a_row_are_byte_identical_even_after_touching_every_file(demo):
    """A fresh clone gives every file a new mtime: nothing in the output may depend on it."""
    project, reference = demo
    assert len(reference) > 50
    for path in project.rglob("*"):
        if path.is_file() and "reference" not in path.parts:
            os.utime(path, (1_700_000_000, 1_700_000_000))
    assert _differences(reference, _build(project, project / "again", PYTHONHASHSEED="0", TZ="UTC")) == []


@pytest.mark.parametrize("seed", ["1", "4242", "random"])
def test_hash_seed_does_not_change_a_byte(demo, tmp_path, seed):
    project, reference = demo
    assert _differences(reference, _build(project, tmp_path / "site", PYTHONHASHSEED=seed, TZ="UTC")) == []


@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "America/Adak", "Asia/Dubai", "Europe/London"])
def test_time_zone_of_the_machine_does_not_change_a_byte(demo, tmp_path, zone):
    """UTC+14 and UTC-10 put the build's moment on another calendar day: the site must not notice."""
    project, reference = demo
    assert _differences(reference, _build(project, tmp_path / "site", PYTHONHASHSEED="0", TZ=zone)) == []


def test_locale_of_the_machine_does_not_change_a_byte(demo, tmp_path):
    project, reference = demo
    assert _differences(reference, _build(project, tmp_path / "site", LC_ALL="C", LANG="C", TZ="UTC")) == []


def test_a_rebuild_over_the_last_output_matches_a_clean_build(demo, tmp_path):
    """The second build of a folder reuses what the first remembered (.cache/): it must not change a byte."""
    project, reference = demo
    out = tmp_path / "site"
    first = _build(project, out, PYTHONHASHSEED="3", TZ="UTC")
    assert _differences(reference, first) == []
    assert _differences(reference, _build(project, out, PYTHONHASHSEED="5", TZ="Pacific/Kiritimati")) == []
