"""Let runs that write one output folder take turns: an exclusive lock on a file beside it, freed when its holder dies."""

from __future__ import annotations

import fcntl
import os
import secrets
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

# Lock files this process holds: closed in forked children (render workers), so that a worker still finishing its
# chunk after its parent was killed cannot keep the lock. The parent's own descriptor keeps it meanwhile.
_held: set[int] = set()


def _close_held_in_child() -> None:
    for descriptor in _held:
        try:
            os.close(descriptor)
        except OSError:
            pass
    _held.clear()


os.register_at_fork(after_in_child=_close_held_in_child)


def lock_path(out: Path) -> Path:
    """Beside the folder, not in it: the swap replaces the folder, and a lock must outlive every version of it."""
    return out.with_name(f".{out.name}.lock")


class OutputLock:
    """One output folder's turns. Each turn writes its holder's process id (for those waiting) and a token of its
    own into the lock file, so the next turn of the same holder can tell whether another run wrote in between.

    The file is never deleted: a run waiting on a deleted file's lock would write beside one that took a new file.
    fcntl.flock is released by the kernel when the holder exits, however it exits, so a killed run's lock is taken
    over by the next run instead of obeyed."""

    def __init__(self, out: Path):
        self.out = out  # its lock file is named when first needed: a folder refused first may have no name ("/")
        self._token = ""  # written by this holder's last turn

    @contextmanager
    def turn(self) -> Iterator[bool]:
        """Wait for the folder's turn (saying so once on stderr) and hold it; yields True when another run held it
        since this holder's last turn (or this is the first), so that what this holder remembers of the folder
        is no longer to be trusted."""
        path = lock_path(self.out)
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            _wait_for(descriptor)
            _held.add(descriptor)
            previous = _read(descriptor).split()
            others = previous[1:] != [self._token] or not self._token
            self._token = secrets.token_hex(8)
            _write(descriptor, f"{os.getpid()} {self._token}\n")
            yield others
        finally:
            _held.discard(descriptor)
            os.close(descriptor)  # releases the lock


def _wait_for(descriptor: int) -> None:
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return
    except BlockingIOError:
        pass
    holder = (_read(descriptor).split() or ["?"])[0]
    who = f"the build in process {holder}" if holder.isdigit() else "another build"
    print(f"waiting for {who}…", file=sys.stderr, flush=True)
    fcntl.flock(descriptor, fcntl.LOCK_EX)


def _read(descriptor: int) -> str:
    return os.pread(descriptor, 200, 0).decode("ascii", "replace")


def _write(descriptor: int, text: str) -> None:
    os.ftruncate(descriptor, 0)
    os.pwrite(descriptor, text.encode("ascii"), 0)
