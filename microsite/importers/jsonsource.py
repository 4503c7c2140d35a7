"""Parse JSON into yamlsource Mappings and Sequences, so JSON values know their line and column as YAML ones do."""

from __future__ import annotations

import bisect
import json
import re
from json.decoder import JSONArray, JSONObject
from json.scanner import py_make_scanner
from typing import NamedTuple

from ..errors import Location, Problem
from ..yamlsource import Mapping, Sequence


class _Located(NamedTuple):
    value: object
    offset: int


def parse_json(text: str, path: str):
    """Parse a JSON document; returns (value, problems) like yamlsource.parse_yaml."""
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def locate(offset: int) -> Location:
        line = bisect.bisect_right(line_starts, offset)
        return Location(path, line, offset - line_starts[line - 1] + 1)

    try:
        return _decoder(locate).decode(text), []
    except json.JSONDecodeError as exc:
        return None, [Problem(Location(path, exc.lineno, exc.colno), f"invalid JSON: {exc.msg}")]
    except RecursionError:
        return None, [Problem(Location(path), "invalid JSON: nested too deeply")]


def _decoder(locate) -> json.JSONDecoder:
    """A decoder whose every value passes through `scan`, which notes where the value started.

    The pure-Python scanner is used because the C one cannot be hooked; Popolo files are small enough for it.
    """
    decoder = json.JSONDecoder(object_pairs_hook=lambda pairs: _mapping(pairs, locate))
    decoder.parse_object = lambda s_and_end, strict, _scan, *rest: JSONObject(s_and_end, strict, scan, *rest)
    decoder.parse_array = lambda s_and_end, _scan: JSONArray(s_and_end, scan)
    plain_scan = py_make_scanner(decoder)

    def scan(text: str, offset: int):
        value, end = plain_scan(text, offset)
        if isinstance(value, list):
            value = _sequence(value, locate)
        if isinstance(value, (Mapping, Sequence)):
            value.where = locate(offset)
        return _Located(value, offset), end

    def scan_document(text: str, offset: int):
        located, end = scan(text, offset)
        return located.value, end

    decoder.scan_once = scan_document
    return decoder


def _mapping(pairs, locate) -> Mapping:
    result = Mapping()
    result.where = Location("")  # replaced by scan() once the object's start is known
    result.value_locations = {}
    for key, located in pairs:
        result[key] = located.value
        result.value_locations[key] = locate(located.offset)
    # The decoder does not report where keys start; a key sits on its value's line, which is what messages need.
    result.key_locations = result.value_locations
    return result


def _sequence(items, locate) -> Sequence:
    result = Sequence(item.value for item in items)
    result.item_locations = [locate(item.offset) for item in items]
    return result
