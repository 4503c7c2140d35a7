"""Write files atomically: the rendered site (staged whole, then swapped in) and the content files commands edit."""

from __future__ import annotations

import functools
import os
import shutil
import tempfile
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Iterator

# Every site this builder writes has it, from the moment its staging folder is made (see _new_staging): a
# non-empty folder without it is not ours, and one that has it is ours to replace even if a crash left it incomplete.
MARKER = ".nojekyll"


class OutputFolderError(Exception):
    """The output folder is one the builder must not replace."""


@dataclass(frozen=True)
class WriteStats:
    written: int  # files whose bytes changed or are new
    unchanged: int
    removed: int


def check_output_folder(out: Path, project: Path) -> None:
    """Refuse folders whose replacement would destroy the project (its root, sources, or anything above them) or
    something the builder did not write (a folder of other files, a file)."""
    out, project = out.resolve(), project.resolve()
    protected = [project] + [project / name for name in ("content", "templates", "assets", "tests", ".git")]
    for folder in protected:
        if out == folder or folder.is_relative_to(out) or out.is_relative_to(folder) and folder != project:
            raise OutputFolderError(f"refusing to write the site into {out}: it holds the project's own files")
    if out.exists() and not out.is_dir():  # the swap would put the site in its place: a user's file, even /dev/null
        raise OutputFolderError(f"refusing to replace {out}: it is a file, not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists():
        raise OutputFolderError(f"refusing to replace {out}: it is not empty and was not written by this builder")


@contextmanager
def replacing(path: Path, mode: int | None = None, over_existing: bool = True) -> Iterator[BinaryIO]:
    """A stream to a new file beside `path` that takes its place only once complete: a run killed or failing half
    way leaves the old file whole (and at worst a hidden temporary file beside it, never half a file).

    `mode`: the new file's permissions (default: the old file's, else 0o644). `over_existing=False`: a file that
    another run put at `path` meanwhile is kept, and this one dropped."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if mode is None:
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as stream:
            yield stream
        os.chmod(temporary, mode)
        if over_existing:
            os.replace(temporary, path)
        else:
            try:
                os.link(temporary, path)  # fails, unlike a rename, when the name is taken
            except FileExistsError:
                pass
    finally:
        Path(temporary).unlink(missing_ok=True)


@functools.cache  # find_library runs `ldconfig -p` in a new process: ~15 ms that every serve rebuild paid
def _libc() -> ctypes.CDLL | None:
    import ctypes.util  # here: 7 ms of every command's start-up, and a first build (no site to swap) needs none

    libc_name = ctypes.util.find_library("c")
    return ctypes.CDLL(libc_name, use_errno=True) if libc_name else None


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two directories (Linux renameat2 RENAME_EXCHANGE); False where the system cannot."""
    libc = _libc()
    if libc is None or not hasattr(libc, "renameat2"):
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


def _create(target: Path, make) -> None:
    """make(target), making target's folder first when it is missing."""
    try:
        make(target)
    except FileNotFoundError:  # asked only on failure: a check before every file costs a call each, at scale
        target.parent.mkdir(parents=True, exist_ok=True)
        make(target)


def _link(staging: Path, out: Path, relative: str) -> None:
    # unchanged: same inode, same mtime, no bytes written
    try:
        _create(staging / relative, lambda target: os.link(out / relative, target))
    except FileExistsError:  # the marker, in the staging folder since it was made: now the site's own file
        (staging / relative).unlink()
        _create(staging / relative, lambda target: os.link(out / relative, target))


def _new_staging(staging: Path) -> None:
    """An empty staging folder but for the marker: whatever becomes of it, it is known as the builder's."""
    staging.mkdir()
    (staging / MARKER).write_bytes(b"")


def _write_new(path: str, data: bytes) -> os.stat_result:
    """Write `data` to `path`, whose folder exists; the file's stat once written (cache.stamp_of takes its stamp).

    Through the descriptor rather than a file object, which costs three system calls more (fstat, ioctl, lseek),
    and stat'ed before it is closed rather than by name again: per file, 4 calls instead of 7."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o666)
    try:
        rest = memoryview(data)
        while rest:  # a regular file takes all at once; the loop is for the rare short write
            rest = rest[os.write(descriptor, rest):]
        return os.fstat(descriptor)
    finally:
        os.close(descriptor)


@dataclass
class Stage:
    """Where rendered files go as they are rendered, on every core: an empty staging folder (see open_staging), or
    serve's copy of the site (see Buffer), whose files may be hard links to those the site serves.

    Made before the workers fork: each then keeps its own note of the folders it has made, so that a folder costs
    one mkdir (a cold build of 1,000 pages makes ~1,600) instead of a failed open, a mkdir and the open again."""

    folder: Path
    out: Path
    copy: bool = False
    # False when there is no site yet (a cold build): no file of it can have the same bytes, so none is looked for
    compare: bool = True
    _made: set[str] = field(default_factory=set)

    def put(self, relative: str, data: bytes) -> os.stat_result | None:
        """Stage one file: the new file's stat, or None when the site has these bytes already (then a staging
        folder links the site's file, and the copy is left for `finish_copy`, which links it if it differs)."""
        if self.compare and _same_bytes(self.out / relative, data):
            if not self.copy:
                _link(self.folder, self.out, relative)
            return None
        path = os.path.join(self.folder, relative)
        if self.copy:  # it may be a hard link to the file the site serves: never write through it
            with suppress(FileNotFoundError):
                os.unlink(path)
        self._make_folder(os.path.dirname(relative))
        return _write_new(path, data)

    def _make_folder(self, relative: str) -> None:
        if relative and relative not in self._made:
            os.makedirs(os.path.join(self.folder, relative), exist_ok=True)  # the other worker may have made it
            self._made.add(relative)


def _stage(staging: Path, out: Path, files: dict[str, bytes], kept: set[str]) -> None:
    for relative in sorted(kept):
        _link(staging, out, relative)
    stage = Stage(staging, out)
    for relative in sorted(files):
        stage.put(relative, files[relative])


def _existing_files(out: Path) -> set[str]:
    if not out.is_dir():
        return set()
    return {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}


@dataclass
class Buffer:
    """The site's previous version, kept beside it by `serve` so that a rebuild stages only what changed.

    After a swap the staging folder holds the old site; instead of deleting it, the next build brings just the
    files in which the two differ up to date and swaps again. The swap stays atomic; the cost follows the edit.
    """

    ready: bool = False  # the staging folder holds a complete earlier site, differing only in `differs`
    differs: set[str] = field(default_factory=set)
    files: set[str] = field(default_factory=set)  # the site's files as last written

    def fill(self, out: Path) -> None:
        """Make the staging folder a copy of `out` (hard links: no bytes copied), ahead of the first rebuild."""
        if self.ready or not out.is_dir():
            return
        staging, _ = _siblings(out)
        recover(out)
        staging.mkdir()
        self.files = _existing_files(out)
        _stage(staging, out, {}, self.files)
        self.ready, self.differs = True, set()

    def discard(self, out: Path) -> None:
        self.ready = False
        staging, _ = _siblings(out)
        if staging.exists():
            shutil.rmtree(staging)

    def usable(self, out: Path) -> bool:
        return self.ready and out.is_dir() and _siblings(out)[0].is_dir()

    def open(self, out: Path) -> Path:
        """The copy, for a Stage while the site renders: not ready until `settle` says what was written."""
        self.ready = False
        return _siblings(out)[0]

    def settle(self, written: set[str]) -> None:
        """The render wrote `written` into the copy, which is again the site but for what `differs` names."""
        self.ready = True
        self.differs |= written


def _remove_empty_folders(folder: Path, root: Path) -> None:
    while folder != root and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def _sync(copy: Path, out: Path, wanted: set[str], paths: set[str]) -> None:
    """Make the copy of each of `paths` what the new site needs: the site's current file, or nothing."""
    for relative in sorted(paths):
        target = copy / relative
        if relative in wanted:
            target.unlink(missing_ok=True)
            _link(copy, out, relative)
        elif target.exists():
            target.unlink()
            _remove_empty_folders(target.parent, copy)


def _swap_in(staging: Path, out: Path, old: Path) -> bool:
    """Put the staged site in place of `out`; True when the old site is now in `staging`."""
    if not out.exists():
        os.rename(staging, out)
        return False
    if not _exchange(staging, out):
        os.rename(out, old)
        os.rename(staging, out)
        os.rename(old, staging)
    return True


def write_site(out: Path, files: dict[str, bytes], project: Path, kept: set[str] = frozenset()) -> WriteStats:
    """Replace `out` by exactly `files` (relative path → bytes) plus the `kept` files it already has, unchanged.

    Until the swap the old site stays whole; when nothing changed, nothing is touched at all.
    """
    check_output_folder(out, project)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging, old = _siblings(out)
    recover(out)
    before = _existing_files(out)
    wanted = files.keys() | kept
    changed = {r for r, data in files.items() if not _same_bytes(out / r, data)}
    removed = before - wanted
    if not changed and not removed and before == wanted:
        return WriteStats(0, len(wanted), 0)
    _new_staging(staging)
    _stage(staging, out, files, kept)
    if _swap_in(staging, out, old):
        shutil.rmtree(staging)  # now holds the old site
    return WriteStats(len(changed), len(wanted) - len(changed), len(removed))


def open_staging(out: Path, project: Path) -> Path | None:
    """An empty staging folder for a Stage while the site renders; None if `out` is refused (write_site says)."""
    try:
        check_output_folder(out, project)
    except OutputFolderError:
        return None
    out.parent.mkdir(parents=True, exist_ok=True)
    recover(out)
    staging, _ = _siblings(out)
    _new_staging(staging)
    return staging


def finish_staging(out: Path, changed: set[str], wanted: set[str], kept: set[str],
                   buffer: Buffer | None = None) -> WriteStats:
    """write_site for a staging folder that a Stage filled with every rendered file (`changed`: new bytes).

    With a `buffer`, the old site swapped out becomes its copy (see Buffer) instead of being deleted."""
    staging, old = _siblings(out)
    before = _existing_files(out)
    removed = before - wanted
    if not changed and not removed and before == wanted:
        shutil.rmtree(staging)  # every wanted file is in the site already, with these bytes
        return WriteStats(0, len(wanted), 0)
    for relative in sorted(kept):
        _link(staging, out, relative)
    if _swap_in(staging, out, old):
        if buffer is None:
            shutil.rmtree(staging)  # now holds the old site
        else:
            buffer.ready, buffer.differs, buffer.files = True, changed | removed, set(wanted)
    return WriteStats(len(changed), len(wanted) - len(changed), len(removed))


def finish_copy(out: Path, buffer: Buffer, written: set[str], wanted: set[str]) -> WriteStats:
    """Swap in the buffer's copy, into which a Stage wrote `written`, once the rest of it matches the site."""
    removed = buffer.files - wanted
    if not written and not removed and buffer.files == wanted:
        return WriteStats(0, len(wanted), 0)
    copy, old = _siblings(out)
    buffer.ready = False  # until the swap, the copy is neither the old site nor the new one
    _sync(copy, out, wanted, (buffer.differs | removed) - written)
    _swap_in(copy, out, old)
    buffer.ready, buffer.differs, buffer.files = True, written | removed, set(wanted)
    return WriteStats(len(written), len(wanted) - len(written), len(removed))


def write_text_atomically(out: Path, text: str) -> None:
    """Write beside OUT, then rename over it: an interrupted command never leaves half a file."""
    with replacing(out) as stream:
        stream.write(text.encode("utf-8"))
