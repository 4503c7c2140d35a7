"""Read a contact-list file's text, reporting bytes that are not UTF-8 at their line and column."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from ..errors import Location, Report


@dataclass(frozen=True)
class ReadOptions:
    """What a caller may tell every reader, so all readers share one signature."""

    # Popolo memberships are current when they span this date; None keeps every membership (no date filter).
    # Readers never look at the clock: the build and the import command pass the date they run for.
    today: Optional[dt.date] = None
    # `import` only: a CSV row with no id gets the slug of its name instead of an error.
    make_ids: bool = False


def read_text(path: Path, rel: str, report: Report) -> Optional[str]:
    """The file's text (a UTF-8 byte-order mark is dropped), or None after reporting why it cannot be read."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        report.error(Location(rel), f"cannot read the file: {exc.strerror or exc}")
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        report.error(_byte_location(data, exc.start, rel), "the file is not valid UTF-8; save it as UTF-8")
        return None


def _byte_location(data: bytes, offset: int, rel: str) -> Location:
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", "replace")) + 1
    return Location(rel, data.count(b"\n", 0, offset) + 1, column)
