"""Read a lookup table (content/lookups/*.csv) into a Lookup: recognise its layout, normalise and validate its keys."""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

from .errors import Location, Report
from .model import Lookup, LookupSettings
from .sources import read_text

ZCCD_HEADER = ["state_fips", "state_abbr", "zcta", "cd"]  # us-zipcodes-congress
GENERIC_HEADERS = (["key", "region"], ["key", "region", "district"])
US_ZIP = re.compile(r"(\d{5})(?:-?\d{4})?")
AT_LARGE = {"0", "00", "al", "at large", "at-large"}
# An empty key_name or source is the builder's own, written in each page's language (render_lookups.key_name)
ZCCD_DEFAULTS = {"key_name": "", "normalise": "us-zip", "param": "zip", "source": ""}
MAX_ROW_ERRORS = 10  # a wholly wrong file would otherwise print a line per row
# A shard holds the keys of one or more neighbouring prefixes: at most SHARD_KEYS keys in at most SHARD_PLACES
# (region, district) places, which keeps the US table's largest shard at 1.7 KB gzipped in 176 files (a file per
# prefix made 894, and each output costs the build about a millisecond).
SHARD_KEYS = 256
SHARD_PLACES = 10
MAX_PREFIX = 8


def normalise_key(text: str, mode: str) -> str:
    """The key as the table stores it, "" when `text` cannot be one. Spaces, case and dashes do not matter; a ZIP+4
    ("99501-1234") is its first five digits; leading zeros stay (assets/lookup.js does the same in the browser)."""
    if mode == "us-zip":
        match = US_ZIP.fullmatch(re.sub(r"\s+", "", text))
        return match.group(1) if match else ""
    key = re.sub(r"[\s-]+", "", text).upper()
    return key if re.fullmatch(r"[A-Z0-9]{1,16}", key) else ""


def normalise_district(text: str) -> str:
    """"07" and "7" are one district; "0", "AL" and "at large" all mean the whole region (an at-large seat)."""
    text = " ".join(text.split()).lower()
    if text in AT_LARGE:
        return "0"
    return text.lstrip("0") if text.isdigit() else text


def tidy_district(text: str) -> str:
    """A district as the table writes it, tidied: numbers without leading zeros, "0" for at large."""
    matching = normalise_district(text)
    return matching if matching.isdigit() or matching == "0" else " ".join(text.split())


def region_key(text: str) -> str:
    """Regions compare without regard to case or surrounding spaces: "ak" is "AK"."""
    return " ".join(text.split()).casefold()


def _layout(header: list[str]) -> str:
    names = [name.strip().lower() for name in header]
    if names == ZCCD_HEADER:
        return "zccd"
    return "generic" if names in GENERIC_HEADERS else ""


def _settings_for(name: str, settings: LookupSettings, layout: str, stem: str) -> dict:
    defaults = ZCCD_DEFAULTS if layout == "zccd" else {"key_name": "", "normalise": "alphanumeric",
                                                        "param": stem, "source": f"{stem}.csv"}
    given = {"key_name": settings.key_name, "normalise": settings.normalise, "param": settings.param,
             "source": settings.source}
    return {key: given[key] or defaults[key] for key in defaults}


def _row(cells: list[str], layout: str, width: int, normalise: str, tidy: dict) -> tuple[str, str, str] | str:
    """(key, region, district) of one row, or what is wrong with it. `tidy`: districts and regions tidied so far."""
    if len(cells) != width:
        return f"expected {width} cells, found {len(cells)}"
    if layout == "zccd":
        _, region, raw_key, district = cells
        # A spreadsheet that saved the file may have dropped the leading zeros of New England's ZCTAs.
        key = raw_key.zfill(5) if raw_key.isdigit() and len(raw_key) <= 5 else normalise_key(raw_key, normalise)
    else:
        raw_key, region, district = cells[0], cells[1], cells[2] if width == 3 else ""
        key = normalise_key(raw_key, normalise)
    if not key:
        return f"'{raw_key[:40]}' is not a key ({normalise})"
    if (region, district) not in tidy:  # a table repeats a few hundred regions and districts thousands of times
        tidy[(region, district)] = (" ".join(region.split()), tidy_district(district))
    region, district = tidy[(region, district)]
    return (key, region, district) if region else "the region is empty"


def _rows(lines: list[list[str]], layout: str, normalise: str, rel: str, report: Report) -> list[tuple[str, str, str]]:
    width = 4 if layout == "zccd" else len(lines[0])
    rows, errors, tidy = set(), 0, {}
    for number, cells in enumerate(lines[1:], 2):
        if not any(cells):
            continue
        row = _row(cells, layout, width, normalise, tidy)
        if isinstance(row, tuple):
            rows.add(row)
            continue
        errors += 1
        if errors <= MAX_ROW_ERRORS:
            report.error(Location(rel, number), row)
    if errors > MAX_ROW_ERRORS:
        report.error(Location(rel), f"{errors - MAX_ROW_ERRORS} more rows have problems like the ones above")
    return sorted(rows)


def _entries(rows: list[tuple[str, str, str]]) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    """(key, its (region, district) places) per key, in key order; the rows come sorted."""
    entries: dict[str, list] = {}
    for key, region, district in rows:
        entries.setdefault(key, []).append((region, district))
    # The keys of one district share one tuple, which the cache's pickle then stores once: warm builds load it.
    shared: dict[tuple, tuple] = {}
    return tuple((key, shared.setdefault(tuple(places), tuple(places))) for key, places in entries.items())


def _prefix_groups(entries: tuple, length: int) -> list[tuple[int, int]]:
    """(start, end) of the entries of each prefix: they are in key order, so a prefix's keys are side by side."""
    groups, start = [], 0
    for index in range(1, len(entries) + 1):
        if index == len(entries) or entries[index][0][:length] != entries[start][0][:length]:
            groups.append((start, index))
            start = index
    return groups


def _shards(entries: tuple, length: int) -> tuple[tuple[str, int, int], ...]:
    """(name, start, end) of each shard: neighbouring prefixes put together while the shard stays small. A shard is
    named by its first prefix, and lookup.js finds a key's shard as the last name not after the key's prefix."""
    shards: list[list] = []
    places: set = set()
    for start, end in _prefix_groups(entries, length):
        added = {place for _, key_places in entries[start:end] for place in key_places}
        if shards and end - shards[-1][1] <= SHARD_KEYS and len(places | added) <= SHARD_PLACES:
            shards[-1][2] = end
            places |= added
        else:
            shards.append([entries[start][0][:length], start, end])
            places = added
    return tuple(tuple(shard) for shard in shards)


def prefix_length(keys) -> int:
    """The shortest key prefix that puts at most SHARD_KEYS keys in any shard."""
    for length in range(1, MAX_PREFIX):
        if max(Counter(key[:length] for key in keys).values(), default=0) <= SHARD_KEYS:
            return length
    return MAX_PREFIX


def read_lookup(path: Path, rel: str, settings: LookupSettings, report: Report,
                root: Path | None = None) -> Lookup | None:
    """The table in `path`; None (with every problem in `report`) when it is not a table the build can use."""
    text = read_text(path, rel, report, root)
    if text is None:
        return None
    try:
        lines = list(csv.reader(text.splitlines(), strict=True))
    except csv.Error as exc:
        report.error(Location(rel), f"the table's quoting is broken: {exc}")
        return None
    layout = _layout(lines[0]) if lines else ""
    if not layout:
        report.error(Location(rel, 1), "not a lookup table: the first line must be 'state_fips,state_abbr,zcta,cd' "
                                       "(us-zipcodes-congress) or 'key,region' or 'key,region,district'")
        return None
    chosen = _settings_for(path.name, settings, layout, path.stem)
    rows = _rows(lines, layout, chosen["normalise"], rel, report)
    if not rows:
        report.error(Location(rel), "the lookup table has no rows")
        return None
    entries = _entries(rows)
    length = prefix_length([key for key, _ in entries])
    return Lookup(name=path.stem, source=rel, layout=layout, key_name=chosen["key_name"],
                  normalise=chosen["normalise"], param=chosen["param"], description=chosen["source"],
                  lists=settings.lists, entries=entries, prefix_length=length, shards=_shards(entries, length),
                  regions=tuple(sorted({region for _, region, _ in rows})))
