"""Read a CSV contact list (a header row of project field names) into raw member records with row and column positions.

Columns: the project's member fields (`id`, `name`, `first_name`, `last_name`, `title`, `honorific`, `chamber`,
`party`, `region`, `district`, `country`, `phone`, `email`, `contact_form`, `website`, `photo`, `verified`, `notes`),
one column per social network (`twitter`, `facebook`, `instagram`, `youtube`, `mastodon`, `bluesky`),
`position` (the stance), `position_source`, `position_date`, and one optional office: `office_name`,
`office_address`, `office_phone`. Header names are matched without regard to case or surrounding spaces; an empty
cell is an absent value. The list's title is the file name, its country the site.yml `list_countries` entry.
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
from ..sources import read_text
from .source import ReadOptions

_SCALARS = (
    "id", "name", "first_name", "last_name", "title", "honorific", "chamber", "party", "region", "district",
    "country", "phone", "email", "contact_form", "website", "photo", "verified", "notes",
)
_SOCIAL = ("twitter", "facebook", "instagram", "youtube", "mastodon", "bluesky")
# column name -> the project field path its cells fill
COLUMNS = {
    **{name: name for name in _SCALARS},
    **{network: f"social.{network}" for network in _SOCIAL},
    "position": "position.stance",
    "position_source": "position.source",
    "position_date": "position.date",
    "office_name": "offices.0.name",
    "office_address": "offices.0.address",
    "office_phone": "offices.0.phone",
}


def read_csv(
    path: Path, rel: str, config: SiteConfig, report: Report, options: ReadOptions = ReadOptions()
) -> Optional[MemberList]:
    text = read_text(path, rel, report)
    rows = None if text is None else _rows(text, rel, report)
    if not rows:
        if rows == []:
            report.error(Location(rel), "the CSV file is empty; it needs a header row such as 'id,name,phone'")
        return None
    header_line, header = rows[0]
    columns = _columns(header, header_line, rel, report, options.make_ids)
    if columns is None:
        return None
    records = [_record(cells, line, columns, header, rel, report) for line, cells in rows[1:]]
    return build_member_list(
        path, rel, None, [r for r in records if r is not None], config, report, make_ids=options.make_ids
    )


def _rows(text: str, rel: str, report: Report) -> Optional[list[tuple[int, list[str]]]]:
    """Non-blank rows with the line each starts on (a quoted cell may span lines); None after broken quoting."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
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


def _columns(header: list[str], line: int, rel: str, report: Report, make_ids: bool) -> Optional[list]:
    """The field path of each column (None for an ignored one); None when a required column is missing."""
    names = [cell.strip().lower() for cell in header]
    paths: list[Optional[str]] = []
    fatal = False
    for index, name in enumerate(names):
        where = Location(rel, line, index + 1)
        if name in names[:index]:
            report.error(where, f"column '{name}' appears twice (first as column {names.index(name) + 1})")
            fatal = True
        elif name not in COLUMNS:
            label = f"column '{name}'" if name else f"column {index + 1} has no name and"
            report.warning(where, f"unknown {label}{did_you_mean(name, COLUMNS)}; its cells are ignored")
        paths.append(COLUMNS.get(name))
    if "id" not in names and not make_ids:
        report.error(Location(rel, line), "missing required column 'id'")
        fatal = True
    if "name" not in names and not {"first_name", "last_name"} <= set(names):
        report.error(Location(rel, line), "missing required column 'name' (or 'first_name' and 'last_name')")
        fatal = True
    return None if fatal else paths


def _record(cells, line: int, columns: list, header: list, rel: str, report: Report) -> Optional[RawRecord]:
    if len(cells) != len(header):
        report.error(
            Location(rel, line),
            f"the row on line {line} has {len(cells)} cells but the header has {len(header)} columns",
        )
        return None
    record = RawRecord({}, Location(rel, line))
    for index, (path, cell) in enumerate(zip(columns, cells)):
        if path and cell.strip():
            record.put(path, cell.strip(), Location(rel, line, index + 1), column=header[index].strip())
    return record
