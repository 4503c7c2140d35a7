"""Read congress-legislators' committee files: one committee's name and its members' roles and ranks.

`committees-current.yaml` names each committee (`thomas_id`, e.g. JCSE) and its subcommittees (the parent's id
followed by the subcommittee's, e.g. SSAF13); `committee-membership-current.yaml` maps each id to its members by
`bioguide`, with `rank` (within their party's side) and `title` (Chair, Ranking Member, …; none for a plain member).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Optional

from ..errors import Location, Report, did_you_mean
from ..model import SiteConfig
from ..rawrecord import RawRecord
from ..sources import read_parsed
from ..yamlsource import Mapping, Sequence
from .fastyaml import parse_data_yaml

COMMITTEES_FILE = "committees-current.yaml"
MEMBERSHIP_FILE = "committee-membership-current.yaml"


@dataclass(frozen=True)
class Committee:
    id: str  # "JCSE"
    name: str  # "Commission on Security and Cooperation in Europe"
    group_phrase: str  # "members of the Commission on Security and Cooperation in Europe"
    seats: tuple  # the membership file's entries (Mappings with bioguide, rank, title), in its order


def requested(path: Path, config: SiteConfig, cli_committee: str) -> tuple[str, str]:
    """(committee id, group_phrase override) asked for by `import --committee` or the file's site.yml settings."""
    if cli_committee:
        return cli_committee.upper(), ""
    settings = config.settings_of_list(path.name, path.stem)
    return settings.committee, settings.group_phrase if settings.committee else ""


def read_committee(folder: Path, rel_folder: str, committee_id: str, group_phrase: str,
                   report: Report) -> Optional[Committee]:
    """The committee from the two files in `folder`; None (reported) when a file or the committee is missing."""
    where = {name: (folder / name, str(PurePosixPath(rel_folder) / name)) for name in (COMMITTEES_FILE, MEMBERSHIP_FILE)}
    missing = [name for name, (path, _) in where.items() if not path.is_file()]
    if missing:
        report.error(Location(str(PurePosixPath(rel_folder) / "legislators-current.yaml")),
                     f"committee {committee_id} needs {' and '.join(missing)} from congress-legislators "
                     "beside the legislators file")
        return None
    committees, ok = read_parsed(*where[COMMITTEES_FILE], report, parse_data_yaml)
    membership, ok_too = read_parsed(*where[MEMBERSHIP_FILE], report, parse_data_yaml)
    if not (ok and ok_too):
        return None
    names = _names(committees)
    seats = membership.get(committee_id) if isinstance(membership, Mapping) else None
    if committee_id not in names or not isinstance(seats, Sequence):
        known = sorted(names)
        report.error(Location(where[MEMBERSHIP_FILE][1]),
                     f"no committee '{committee_id}' in {COMMITTEES_FILE} and {MEMBERSHIP_FILE}"
                     f"{did_you_mean(committee_id, known)}")
        return None
    name = names[committee_id]
    return Committee(committee_id, name, group_phrase or f"members of the {name}",
                     tuple(seat for seat in seats if isinstance(seat, Mapping)))


def _names(committees) -> dict[str, str]:
    """Committee id → name, subcommittees included ("Senate Committee on X, Subcommittee on Y")."""
    names = {}
    for committee in committees if isinstance(committees, Sequence) else ():
        if not isinstance(committee, Mapping) or not committee.get("thomas_id"):
            continue
        parent_id, parent_name = str(committee["thomas_id"]), str(committee.get("name") or committee["thomas_id"])
        names[parent_id] = parent_name
        subcommittees = committee.get("subcommittees")
        for sub in subcommittees if isinstance(subcommittees, Sequence) else ():
            if isinstance(sub, Mapping) and sub.get("thomas_id"):
                names[parent_id + str(sub["thomas_id"])] = f"{parent_name}, Subcommittee on {sub.get('name')}"
    return names


def committee_members(committee: Committee, records: list[RawRecord], report: Report) -> list[RawRecord]:
    """The records of the committee's members, in the membership file's order, each given its role and rank."""
    by_id = {record.values.get("id"): record for record in records}
    chosen = []
    for seat in committee.seats:
        record = by_id.get(str(seat.get("bioguide") or "").lower())
        if record is None:
            report.warning(seat.where, f"{seat.get('name') or seat.get('bioguide')} sits on {committee.id} but is "
                                       "not in the legislators file, so is left out")
            continue
        record.copy(seat, "title", "committee_role")
        record.copy(seat, "rank", "committee_rank")
        chosen.append(record)
    return chosen
