"""Read a statement's signers file (the organisations that join it) into Signers, refusing duplicates and script URLs.

Columns: `name` (required), `country`, `type`, `url`, and `id` for organisations that really share a name. Other
columns are allowed, warned about and ignored. Two rows are the same organisation when their names match once case,
accents, punctuation and spaces are set aside ("Amnesty International" = "amnesty  international.") and their ids
(often both empty) are equal.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from .errors import Location, Report, did_you_mean
from .fields import checked_url
from .importers.csv_list import csv_rows, row_fits
from .model import Signer, SignerList
from .sources import read_text

COLUMNS = ("name", "country", "type", "url", "id")
HEADER = "name,country,type,url"  # what a new signers file starts with
_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,99}")


def name_key(name: str) -> str:
    """The name as duplicates are compared: its letters and digits, without case or accents."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in decomposed if unicodedata.category(c)[0] in "LN")


def read_signers(path: Path, content: Path, report: Report) -> SignerList | None:
    """The signers file at `path` (under the `content` folder); None when it cannot be read at all."""
    rel = path.relative_to(content.parent).as_posix()
    text = read_text(path, rel, report, content)
    return None if text is None else parse_signers(text, rel, report)


def parse_signers(text: str, rel: str, report: Report) -> SignerList | None:
    """Every usable row of a signers file's text; each problem is reported at its row and column."""
    rows = csv_rows(text, rel, report)
    if rows is None:
        return None
    if not rows:
        report.error(Location(rel), f"the signers file is empty; it needs a header row such as '{HEADER}'")
        return None
    header_line, header = rows[0]
    names, unique = _header(header, header_line, rel, report)
    if "name" not in names:
        report.error(Location(rel, header_line), f"missing required column 'name' (the header could be '{HEADER}')")
    if not unique or "name" not in names:
        return None
    signers = [_signer(cells, line, names, rel, report) for line, cells in rows[1:]
               if row_fits(cells, header, line, rel, report)]
    signers = [signer for signer in signers if signer is not None]
    _report_duplicates(signers, "id" in names, report)
    return SignerList(rel, tuple(signers))


def _header(header: list[str], line: int, rel: str, report: Report) -> tuple[list[str], bool]:
    """(each column's name, lower case and trimmed; False when a column appears twice, which makes rows
    ambiguous). A column not in COLUMNS is warned about, and its cells are ignored."""
    names = [cell.strip().lower() for cell in header]
    twice = False
    for index, name in enumerate(names):
        where = Location(rel, line, index + 1)
        if name in names[:index]:
            report.error(where, f"column '{name}' appears twice (first as column {names.index(name) + 1})")
            twice = True
        elif name not in COLUMNS:
            label = f"column '{name}'" if name else f"column {index + 1} has no name and"
            report.warning(where, f"unknown {label}{did_you_mean(name, COLUMNS)}; its cells are ignored")
    return names, not twice


def _signer(cells: list[str], line: int, names: list[str], rel: str, report: Report) -> Signer | None:
    found = {name: (cell.strip(), Location(rel, line, index + 1))
             for index, (name, cell) in enumerate(zip(names, cells)) if name in COLUMNS}
    for column, (value, where) in found.items():
        if "\n" in value:
            report.error(where, f"'{column}' must be on one line")
            return None
    name, where = found["name"]
    if not name_key(name):
        report.error(where, "'name' must give the organisation's name" if not name else
                     f"'name' has no letter or digit: '{name[:60]}'")
        return None
    signer_id, id_where = found.get("id", ("", where))
    if signer_id and not _ID.fullmatch(signer_id):
        report.error(id_where, f"'id' may only use a-z, 0-9 and '-', not '{signer_id[:60]}'")
        return None
    url = checked_url("url", *found.get("url", ("", where)), report)
    return Signer(name=name, where=Location(rel, line), country=found.get("country", ("",))[0],
                  type=found.get("type", ("",))[0], url=url, id=signer_id)


def _report_duplicates(signers: list[Signer], has_ids: bool, report: Report) -> None:
    first: dict[tuple[str, str], Signer] = {}
    for signer in signers:
        earlier = first.setdefault((name_key(signer.name), signer.id), signer)
        if earlier is not signer:
            how = "give each a different 'id'" if has_ids else "add an 'id' column to tell them apart"
            report.error(signer.where, f"'{signer.name}' has already signed, on line {earlier.where.line} "
                                       f"('{earlier.name}'); if they are two organisations, {how}")
