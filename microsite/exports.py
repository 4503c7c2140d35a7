"""Turn rows of plain values into the CSV and JSON files visitors download, CSV cells kept from running as formulas."""

from __future__ import annotations

import csv
import io
import json

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value: str) -> str:
    """Spreadsheets run a cell that starts with = + - @ as a formula; a leading apostrophe keeps it text."""
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def csv_export(fields: tuple[str, ...], rows: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: neutralise_formula(str(v)) for k, v in row.items()})
    return buffer.getvalue().encode("utf-8")


def json_export(rows: list[dict]) -> bytes:
    return (json.dumps(rows, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
