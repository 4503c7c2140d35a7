"""Read a CSV contact list, as any spreadsheet exports it, into raw member records with row and column positions.

Columns: the project's member fields (`id`, `name`, `first_name`, `last_name`, `title`, `honorific`, `chamber`,
`party`, `region`, `district`, `country`, `phone`, `email`, `contact_form`, `website`, `photo`, `verified`, `notes`),
one column per social network (`twitter`, `facebook`, `instagram`, `youtube`, `mastodon`, `bluesky`),
`position` (the stance), `position_source`, `position_date`, and one optional office: `office_name`,
`office_address`, `office_phone`. Header names are compared without case, spaces, underscores or dashes, common
aliases are recognised (columns.ALIASES), and a map in site.yml or from `import --map` names the rest. Commas,
semicolons or tabs separate the cells, whichever the header line uses most; the text may be UTF-8, UTF-16 with a
byte order mark, or Windows-1252 (with a warning). An empty cell is an absent value. The list's title is the file
name, its country the one site.yml's `members:` gives its file.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Optional

from ..errors import Location, Report, did_you_mean
from ..members import build_member_list
from ..rawrecord import RawRecord
from ..model import MemberList, SiteConfig
from ..sources import decode_spreadsheet, read_text
from .columns import COLUMNS, column_for, squeeze
from .source import ReadOptions

_DELIMITERS = (",", ";", "\t")  # comma first: it wins a tie


def read_csv(
    path: Path, rel: str, config: SiteConfig, report: Report, options: ReadOptions = ReadOptions()
) -> Optional[MemberList]:
    text = read_text(path, rel, report, decode=decode_spreadsheet)
    rows = None if text is None else csv_rows(text, rel, report)
    if not rows:
        if rows == []:
            report.error(Location(rel), "the CSV file is empty; it needs a header row such as 'id,name,phone'")
        return None
    header_line, header = rows[0]
    columns = _columns(header, header_line, _explicit_map(path, config, options), rel, report)
    if columns is None:
        return None
    records = [_record(cells, line, columns, header, rel, report) for line, cells in rows[1:]]
    # A spreadsheet without an id column gets ids made from the names; an empty cell in one is still an error.
    make_ids = options.make_ids or "id" not in columns
    return build_member_list(
        path, rel, None, [r for r in records if r is not None], config, report, make_ids=make_ids
    )


def header_delimiter(text: str) -> str:
    """The separator the header line uses most: Excel writes ';' where the decimal mark is a comma, and tabs in
    "Unicode text"."""
    header = text.lstrip("\n").split("\n", 1)[0]
    return max(_DELIMITERS, key=header.count)


def csv_rows(text: str, rel: str, report: Report) -> Optional[list[tuple[int, list[str]]]]:
    """Non-blank rows with the line each starts on (a quoted cell may span lines); None after broken quoting."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True, delimiter=header_delimiter(text))
    rows = []
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return rows
        except csv.Error as exc:
            report.error(Location(rel, start), f"broken quoting in the row starting on line {start}: {exc}")
            return None
        if any(cell.strip() for cell in cells):
            rows.append((start, cells))


def row_fits(cells: list[str], header: list[str], line: int, rel: str, report: Report) -> bool:
    """True when the row has a cell for each column; else an error at its line."""
    if len(cells) != len(header):
        report.error(Location(rel, line),
                     f"the row on line {line} has {len(cells)} cells but the header has {len(header)} columns")
        return False
    return True


def _explicit_map(path: Path, config: SiteConfig, options: ReadOptions) -> dict[str, str]:
    """squeezed header -> column name: the file's `columns` in site.yml, then `import --map`, which wins."""
    pairs = (*config.settings_of_list(path.name, path.stem).columns, *options.columns)
    return {squeeze(header): column for header, column in pairs}


def _columns(header: list[str], line: int, explicit: dict, rel: str, report: Report) -> Optional[list]:
    """The field path of each column (None for an ignored one); None when a required column is missing."""
    names = [cell.strip() for cell in header]
    keys = [squeeze(name) for name in names]
    found: dict[str, int] = {}  # column name -> the index of the header cell that gives it
    paths: list[Optional[str]] = []
    fatal = False
    for index, name in enumerate(names):
        where = Location(rel, line, index + 1)
        column = explicit.get(keys[index]) or column_for(name)
        if name and keys[index] in keys[:index]:
            report.error(where, f"column '{name}' appears twice (first as column {keys.index(keys[index]) + 1})")
            fatal, column = True, None
        elif column in found:
            first = found[column]
            report.warning(where, f"column '{name}' holds '{column}' too, which column {first + 1} "
                                  f"('{names[first]}') gives; its cells are ignored")
            column = None
        elif column is None:
            report.warning(where, _unknown_column(name, index, rel))
        else:
            found[column] = index
        paths.append(COLUMNS.get(column))
    if "name" not in found and not {"first_name", "last_name"} <= set(found):
        report.error(Location(rel, line), "missing required column 'name' (or 'first_name' and 'last_name')")
        fatal = True
    return None if fatal else paths


def _unknown_column(name: str, index: int, rel: str) -> str:
    if not name:
        return f"column {index + 1} has no name; its cells are ignored"
    file_name = rel.rsplit("/", 1)[-1]
    return (f"unknown column '{name}'{did_you_mean(squeeze(name), COLUMNS)}; its cells are ignored. To read it, "
            f"map it in site.yml (members: {{{file_name}: {{columns: {{{name}: FIELD}}}}}}) or with "
            f"import --map '{name}=FIELD', FIELD being one of: {', '.join(COLUMNS)}")


def _record(cells, line: int, columns: list, header: list, rel: str, report: Report) -> Optional[RawRecord]:
    if not row_fits(cells, header, line, rel, report):
        return None
    record = RawRecord({}, Location(rel, line))
    for index, (path, cell) in enumerate(zip(columns, cells)):
        if path and cell.strip():
            record.put(path, cell.strip(), Location(rel, line, index + 1), column=header[index].strip())
    return record
