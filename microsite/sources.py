"""Read content files as text, safely, and split a Markdown file's YAML front matter from its body."""

from __future__ import annotations

import codecs
import functools
import os
import re
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


def _position(data: bytes, offset: int) -> tuple[int, int]:
    """The 1-based line and column of a byte offset in UTF-8-ish text (a bad byte counts as one column)."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    return data.count(b"\n", 0, offset) + 1, len(data[line_start:offset].decode("utf-8", "replace")) + 1


def _normalise(text: str) -> str:
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def decode_text(data: bytes, rel: str, report: Report) -> str | None:
    """UTF-8 text with a BOM dropped and CRLF turned into LF; None (with an error at the bad byte) otherwise."""
    if b"\x00" in data:
        report.error(Location(rel), "this is a binary file, not text; move it to assets/")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        report.error(Location(rel, *_position(data, exc.start)), "the file is not valid UTF-8 text; save it as UTF-8")
        return None
    return _normalise(text)


def decode_spreadsheet(data: bytes, rel: str, report: Report) -> str | None:
    """Text as spreadsheets save it: UTF-8 (see decode_text), UTF-16 with a byte order mark (Excel's "Unicode
    text"), or Windows-1252 (Excel's "CSV" on Windows), which is read with a warning quoting the first word it
    changes, since no byte says which of the legacy encodings a file is in."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return _normalise(data.decode("utf-16"))
        except UnicodeDecodeError:
            report.error(Location(rel), "the file starts as UTF-16 text but is not; save it as 'CSV UTF-8'")
            return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if b"\x00" not in data:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                pass  # not Windows-1252 either: decode_text reports the first bad byte
            else:
                _warn_legacy_encoding(data, exc.start, rel, report)
                return _normalise(text)
    return decode_text(data, rel, report)


def _warn_legacy_encoding(data: bytes, offset: int, rel: str, report: Report) -> None:
    # The word around the first non-UTF-8 byte: a name the campaigner can check ("José" or "JosÃ©").
    word = re.search(rb'[^\s,;"]*$', data[:offset]).group() + re.match(rb'[^\s,;"]*', data[offset:]).group()
    word = word.decode("cp1252", "replace")
    report.warning(Location(rel, *_position(data, offset)),
                   f"the file is not UTF-8, so it is read as Windows-1252 (what Excel saves as 'CSV' on Windows), "
                   f"which gives '{word}' here; if that is wrong, save the file as 'CSV UTF-8'")


def read_text(path: Path, rel: str, report: Report, root: Path | None = None, decode=decode_text) -> str | None:
    """The file's text, as `decode` (decode_text or decode_spreadsheet) gives it; None (with an error reported)
    when unusable or, given the content folder as `root`, when it lies outside it or is too large."""
    if root is not None and refuse_unreadable(path, rel, report, root):
        return None
    try:
        data = path.read_bytes()
    except OSError as exc:
        report.error(Location(rel), f"cannot read file: {exc.strerror or exc}")
        return None
    return decode(data, rel, report)


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
