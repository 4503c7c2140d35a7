"""Write the rendered site to the output folder atomically: stage it whole, then swap it in."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

MARKER = ".nojekyll"  # every site this builder writes has it; a non-empty folder without it is not ours


class OutputFolderError(Exception):
    """The output folder is one the builder must not replace."""


@dataclass(frozen=True)
class WriteStats:
    written: int  # files whose bytes changed or are new
    unchanged: int
    removed: int


def check_output_folder(out: Path, project: Path) -> None:
    """Refuse folders whose replacement would destroy the project: its root, sources, or anything above them."""
    out, project = out.resolve(), project.resolve()
    protected = [project] + [project / name for name in ("content", "templates", "assets", "tests", ".git")]
    for folder in protected:
        if out == folder or folder.is_relative_to(out) or out.is_relative_to(folder) and folder != project:
            raise OutputFolderError(f"refusing to write the site into {out}: it holds the project's own files")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists():
        raise OutputFolderError(f"refusing to replace {out}: it is not empty and was not written by this builder")


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two directories (Linux renameat2 RENAME_EXCHANGE); False where the system cannot."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    if not hasattr(libc, "renameat2"):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = libc.renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return result == 0


def _siblings(out: Path) -> tuple[Path, Path]:
    return out.with_name(f".{out.name}.staging"), out.with_name(f".{out.name}.old")


def recover(out: Path) -> None:
    """Undo what a killed run left behind: a half-staged tree, or the old site moved aside mid-swap."""
    staging, old = _siblings(out)
    if old.exists() and not out.exists():
        os.rename(old, out)
    for leftover in (staging, old):
        if leftover.exists():
            shutil.rmtree(leftover)


def _same_bytes(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def _stage(staging: Path, out: Path, files: dict[str, bytes]) -> tuple[int, int]:
    written = unchanged = 0
    made_dirs: set[Path] = set()
    for relative in sorted(files):
        data, target, current = files[relative], staging / relative, out / relative
        if target.parent not in made_dirs:
            target.parent.mkdir(parents=True, exist_ok=True)
            made_dirs.add(target.parent)
        if _same_bytes(current, data):
            os.link(current, target)  # unchanged: same inode, same mtime, no bytes written
            unchanged += 1
        else:
            target.write_bytes(data)
            written += 1
    return written, unchanged


def _existing_files(out: Path) -> set[str]:
    if not out.is_dir():
        return set()
    return {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}


def write_site(out: Path, files: dict[str, bytes], project: Path) -> WriteStats:
    """Replace `out` by exactly `files` (relative path → bytes); until the swap the old site stays whole."""
    check_output_folder(out, project)
    out.parent.mkdir(parents=True, exist_ok=True)
    recover(out)
    before = _existing_files(out)
    if before == set(files) and all(_same_bytes(out / r, d) for r, d in files.items()):
        return WriteStats(0, len(files), 0)
    staging, old = _siblings(out)
    staging.mkdir()
    written, unchanged = _stage(staging, out, files)
    if not out.exists():
        os.rename(staging, out)
    elif _exchange(staging, out):
        shutil.rmtree(staging)  # now holds the old site
    else:
        os.rename(out, old)
        os.rename(staging, out)
        shutil.rmtree(old)
    return WriteStats(written, unchanged, len(before - set(files)))
