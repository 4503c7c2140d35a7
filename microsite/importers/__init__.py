"""Choose the reader for a contact-list file by its extension and shape, and return the validated MemberList.

Supported: `.yml`/`.yaml` in the project schema (a top-level `list:`/`members:` mapping, see project_yaml) or the
congress-legislators layout (a top-level list of people with `id.bioguide`); `.csv` (see csv_list); `.json` in
Popolo (a top-level `persons`). congress-legislators side files (legislators-social-media.yaml and the like) are
not lists by themselves: they give None without a message, and the congress reader merges social media from
the file beside legislators-current.yaml.

Ids are not checked across lists here: the caller passes every list to members.check_unique_ids once.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Optional

from ..errors import Location, Report, did_you_mean
from ..model import MemberList, SiteConfig
from . import congress, csv_list, popolo, project_yaml
from .fastyaml import parse_data_yaml
from ..sources import read_text
from .source import ReadOptions

SUPPORTED_EXTENSIONS = (".yml", ".yaml", ".csv", ".json")


def read_member_file(
    path: Path, rel: str, config: SiteConfig, report: Report, *, today: Optional[dt.date] = None
) -> Optional[MemberList]:
    """Read one contact list; None (with the problems in `report`) when it cannot be read or is a side file.

    `today` selects current Popolo memberships; None keeps them all. Pass the build's date, never the clock here.
    """
    options = ReadOptions(today=today)
    suffix = path.suffix.lower()
    if path.name in congress.SIDE_FILES:
        return None
    if suffix == ".csv":
        return csv_list.read_csv(path, rel, config, report, options)
    if suffix in (".yml", ".yaml"):
        return _read_yaml(path, rel, config, report, options)
    if suffix == ".json":
        return popolo.read_popolo(path, rel, config, report, options)
    supported = ", ".join(SUPPORTED_EXTENSIONS)
    report.error(
        Location(rel),
        f"cannot read '{path.name}' as a member list: it must end in one of {supported}"
        + did_you_mean(suffix, SUPPORTED_EXTENSIONS),
    )
    return None


def _read_yaml(path: Path, rel: str, config: SiteConfig, report: Report, options: ReadOptions):
    text = read_text(path, rel, report)
    if text is None:
        return None
    # One fast parse tells the layouts apart; campaigners' files are then parsed again, strictly (they are small).
    tree, problems = parse_data_yaml(text, rel)
    if problems:
        report.extend(problems)
        return None
    if congress.is_congress_layout(tree):
        return congress.from_tree(tree, path, rel, config, report, options)
    if project_yaml.is_project_layout(tree):
        return project_yaml.from_text(text, path, rel, config, report, options)
    report.error(
        Location(rel),
        "not a member list: expected a top-level 'members:' list (the project's schema) "
        "or a list of people with 'id: {bioguide: …}' (congress-legislators)",
    )
    return None
