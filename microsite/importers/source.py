"""The options every contact-list reader takes, so all readers share one signature."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Optional


@dataclass(frozen=True)
class ReadOptions:
    """What a caller may tell every reader, so all readers share one signature."""

    # Popolo memberships are current when they span this date; None keeps every membership (no date filter).
    # Readers never look at the clock: the build and the import command pass the date they run for.
    today: Optional[dt.date] = None
    # `import` only: a CSV row with no id gets the slug of its name instead of an error.
    make_ids: bool = False
    # congress-legislators only: read the file as this one committee's members (`import --committee JCSE`).
    committee: str = ""
    # `import csv --map`: (spreadsheet header, CSV column name) pairs, which win over site.yml's `columns`.
    columns: tuple[tuple[str, str], ...] = ()
