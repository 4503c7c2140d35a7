"""Read content files as text, safely, and split a Markdown file's YAML front matter from its body."""

from __future__ import annotations

import functools
import os
import stat
from pathlib import Path

from .errors import Location, Report
from .yamlsource import Mapping, parse_yaml

MAX_FILE_BYTES = 8 * 1024 * 1024  # far beyond any campaign text; stops a stray dump from stalling every build


def refuse_unreadable(path: Path, rel: str, report: Report, root: Path) -> bool:
    """True (with an error reported) for a file a build must not read: one outside `root` or over MAX_FILE_BYTES."""
    try:
        info = os.lstat(path)
        linked = stat.S_ISLNK(info.st_mode)
        # The real path catches a linked folder (content/pages -> /etc), not only a linked file.
        real = os.path.realpath(path) if linked else os.path.join(_real_folder(path.parent), path.name)
        if not Path(real).is_relative_to(_real_folder(root)):
            report.error(Location(rel), "this is a link to a file outside content/; copy the file in instead")
            return True
        size = os.stat(real).st_size if linked else info.st_size
    except OSError as exc:
        report.error(Location(rel), f"cannot read file: {exc.strerror or exc}")
        return True
    if size > MAX_FILE_BYTES:
        report.error(Location(rel), f"file is {size / 1024 / 1024:.1f} MB; content files may be at most "
                                    f"{MAX_FILE_BYTES // 1024 // 1024} MB")
        return True
    return False


@functools.lru_cache(maxsize=256)
def _real_folder(folder: Path) -> str:
    # Thousands of pages share a handful of folders: resolving each folder once, not each file, counts at scale.
    return os.path.realpath(folder)


def forget_real_folders() -> None:
    """Resolve folders afresh: a long-running `serve` calls this before each load, as a folder may become a link."""
    _real_folder.cache_clear()


def decode_text(data: bytes, rel: str, report: Report) -> str | None:
    """UTF-8 text with a BOM dropped and CRLF turned into LF; None (with an error at the bad byte) otherwise."""
    if b"\x00" in data:
        report.error(Location(rel), "this is a binary file, not text; move it to assets/")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        col = len(data[line_start : exc.start].decode("utf-8", "replace")) + 1
        line = data.count(b"\n", 0, exc.start) + 1
        report.error(Location(rel, line, col), "the file is not valid UTF-8 text; save it as UTF-8")
        return None
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def read_text(path: Path, rel: str, report: Report, root: Path | None = None) -> str | None:
    """The file's decoded text (see decode_text); None (with an error reported) when unusable or, given the
    content folder as `root`, when it lies outside it or is too large."""
    if root is not None and refuse_unreadable(path, rel, report, root):
        return None
    try:
        data = path.read_bytes()
    except OSError as exc:
        report.error(Location(rel), f"cannot read file: {exc.strerror or exc}")
        return None
    return decode_text(data, rel, report)


def read_parsed(path: Path, rel: str, report: Report, parse, root: Path | None = None) -> tuple[object, bool]:
    """(value, True) for a readable file that `parse(text, rel)` accepts; (None, False) after reporting why not."""
    text = read_text(path, rel, report, root)
    if text is None:
        return None, False
    value, problems = parse(text, rel)
    report.extend(problems)
    return (None, False) if problems else (value, True)


def split_front_matter(text: str, rel: str, report: Report) -> tuple[Mapping | None, str, int]:
    """(front matter, body, line number of the body's first line). Front matter sits between two '---' lines."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        report.error(Location(rel), "missing front matter: start the file with a '---' line, then title: …, then '---'")
        return None, text, 1
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            yaml_text = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1 :])
            data, problems = parse_yaml(yaml_text, rel, line_offset=1)
            report.extend(problems)
            if problems:
                return None, body, index + 2
            if data is None:
                data = Mapping()
                data.where, data.key_locations, data.value_locations = Location(rel, 2), {}, {}
            if not isinstance(data, Mapping):
                report.error(Location(rel, 2), "front matter must be 'key: value' lines")
                return None, body, index + 2
            return data, body, index + 2
    report.error(Location(rel), "front matter is not closed: did you forget the second '---' line after it?")
    return None, "", len(lines)
