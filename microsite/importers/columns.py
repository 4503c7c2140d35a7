"""Which member field a spreadsheet's column holds: the CSV reader's names, their common aliases, explicit maps."""

from __future__ import annotations

import re
from typing import Optional

from ..errors import did_you_mean

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
# What parliaments' and coalition partners' spreadsheets call the fields (compared as squeeze() leaves them).
ALIASES = {
    "region": ("constituency", "state", "area", "riding", "electorate", "district name", "electoral district"),
    "party": ("group", "party name", "faction", "political party", "parliamentary group"),
    "photo": ("image", "photo url", "picture", "image url"),
    "phone": ("telephone", "phone number", "tel", "mobile", "telephone number"),
    "email": ("e-mail", "mail", "email address"),
    "last_name": ("surname", "family name"),
    "first_name": ("given name", "forename"),
    "name": ("full name",),
    "website": ("homepage", "web site"),
}


def squeeze(header: str) -> str:
    """'E-mail', ' First_Name ' and 'first name' -> 'email', 'firstname': how header names are compared."""
    return re.sub(r"[\s_\-]+", "", str(header)).lower()


_BY_KEY = {
    **{squeeze(alias): field for field, aliases in ALIASES.items() for alias in aliases},
    **{squeeze(name): name for name in COLUMNS},
}


def column_for(header: str) -> Optional[str]:
    """The column name (a key of COLUMNS) a header denotes, by its own name or an alias; None when unknown."""
    return _BY_KEY.get(squeeze(header))


def map_target_problem(header: str, target: str) -> str:
    """'' when `target` names a field a column can be mapped to; else why not, for the campaigner."""
    if column_for(target):
        return ""
    return (f"cannot map column '{header}' to '{target}'{did_you_mean(target, COLUMNS)}: "
            f"map it to one of {', '.join(COLUMNS)}")


def parse_column_map(text: str) -> tuple[tuple[tuple[str, str], ...], list[str]]:
    """'Wahlkreis=region, Fraktion=party' -> ((header, column), …) and the problems found in it."""
    pairs, problems = [], []
    for item in (part.strip() for part in text.split(",")):
        header, equals, target = (side.strip() for side in item.partition("="))
        if not item:
            continue
        if not equals or not header or not target:
            problems.append(f"'{item}' is not COLUMN=FIELD (for example Wahlkreis=region)")
        elif problem := map_target_problem(header, target):
            problems.append(problem)
        else:
            pairs.append((header, column_for(target)))
    return tuple(pairs), problems
