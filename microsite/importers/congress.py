"""Read the congress-legislators layout (legislators-current.yaml) into raw records, one per current legislator.

Each person's current seat is their last term. Mapped fields: `id.bioguide` (lower-cased, the member id),
`name.official_full` (else first + last), `name.first`, `name.last`; from the term: `type` (title and chamber),
`state` (region), `district`, `party`, `phone`, `url` (website), `contact_form`, and `address` as the
"Washington office". The country is US. From files of the same repository in the same folder, when there:
social handles (legislators-social-media.yaml); district offices (legislators-district-offices.yaml: each
office's building, street address, suite, city, state and ZIP as its address, its `phone` and `hours`, named
after its city); and, when a committee is asked for (see committees.py), only that committee's members.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Optional

from ..errors import Location, Report
from ..members import build_member_list
from ..rawrecord import RawRecord
from ..model import MemberList, SiteConfig
from ..yamlsource import Mapping, Sequence
from . import committees
from .fastyaml import parse_data_yaml
from ..sources import read_parsed
from .source import ReadOptions

SOCIAL_MEDIA_FILE = "legislators-social-media.yaml"
DISTRICT_OFFICES_FILE = "legislators-district-offices.yaml"
# Files of the same repository that describe legislators but are not lists of them by themselves.
SIDE_FILES = frozenset(
    {
        SOCIAL_MEDIA_FILE,
        DISTRICT_OFFICES_FILE,
        committees.COMMITTEES_FILE,
        committees.MEMBERSHIP_FILE,
        "committees-historical.yaml",
        "executive.yaml",
    }
)
_NETWORKS = ("twitter", "facebook", "instagram", "youtube", "mastodon")
_CHAMBERS = {"sen": ("senate", "Senator"), "rep": ("house", "Representative")}
# Non-voting House members: the five delegates and Puerto Rico's resident commissioner.
_HOUSE_TITLES = {
    "DC": "Delegate", "GU": "Delegate", "VI": "Delegate", "AS": "Delegate", "MP": "Delegate",
    "PR": "Resident Commissioner",
}
_HEADER = {"title": "United States Congress", "country": "US", "group_phrase": "members of Congress"}


def is_congress_layout(tree) -> bool:
    """A list of people whose first entry has `id: {bioguide: …}`."""
    if not isinstance(tree, list) or not tree or not isinstance(tree[0], dict):
        return False
    ids = tree[0].get("id")
    return isinstance(ids, dict) and "bioguide" in ids


def read_congress(
    path: Path, rel: str, config: SiteConfig, report: Report, options: ReadOptions = ReadOptions()
) -> Optional[MemberList]:
    tree, ok = read_parsed(path, rel, report, parse_data_yaml)
    if not ok:
        return None
    if not is_congress_layout(tree):
        report.error(
            Location(rel), "not a congress-legislators file: expected a list of people with 'id: {bioguide: …}'"
        )
        return None
    return from_tree(tree, path, rel, config, report, options)


def from_tree(
    tree: Sequence, path: Path, rel: str, config: SiteConfig, report: Report, options: ReadOptions
) -> Optional[MemberList]:
    """The list; None (reported) when a committee was asked for and cannot be read."""
    folder = PurePosixPath(rel).parent
    social = _by_bioguide(path.parent / SOCIAL_MEDIA_FILE, str(folder / SOCIAL_MEDIA_FILE), "social", report)
    offices = _by_bioguide(path.parent / DISTRICT_OFFICES_FILE, str(folder / DISTRICT_OFFICES_FILE), "offices",
                           report)
    records = []
    for index, person in enumerate(tree):
        if isinstance(person, Mapping):
            records.append(_record(person, social, offices))
        else:
            report.error(tree.at(index), "each legislator must be a mapping with 'id', 'name' and 'terms'")
    header = dict(_HEADER)
    committee_id, group_phrase = committees.requested(path, config, options.committee)
    if committee_id:
        committee = committees.read_committee(path.parent, str(folder), committee_id, group_phrase, report)
        if committee is None:
            return None
        header.update(title=committee.name, group_phrase=committee.group_phrase)
        records = committees.committee_members(committee, records, report)
    return build_member_list(path, rel, RawRecord(header, Location(rel)), records, config, report,
                             make_ids=options.make_ids)


def _by_bioguide(path: Path, rel: str, key: str, report: Report) -> dict:
    """bioguide id -> the person's `key` entry in a side file (social, offices); empty when the file is absent."""
    if not path.is_file():
        return {}
    tree, _ = read_parsed(path, rel, report, parse_data_yaml)
    by_id = {}
    for entry in tree if isinstance(tree, list) else ():
        ids, value = _mapping(entry, "id"), entry.get(key) if isinstance(entry, Mapping) else None
        if ids.get("bioguide") and value:
            by_id[ids["bioguide"]] = value
    return by_id


def _mapping(parent, key: str) -> dict:
    value = parent.get(key) if isinstance(parent, Mapping) else None
    return value if isinstance(value, Mapping) else {}


def _record(person: Mapping, social: dict, district_offices: dict) -> RawRecord:
    record = RawRecord({"country": "US"}, person.where)
    ids, name = _mapping(person, "id"), _mapping(person, "name")
    if ids.get("bioguide"):
        record.put("id", str(ids["bioguide"]).lower(), ids.at("bioguide"))
    for key, path in (("official_full", "name"), ("first", "first_name"), ("last", "last_name")):
        record.copy(name, key, path)
    terms = person.get("terms")
    if isinstance(terms, Sequence) and terms and isinstance(terms[-1], Mapping):
        _term(record, terms[-1])
    networks = social.get(ids.get("bioguide"), {})
    for network in _NETWORKS:
        record.copy(networks, network, f"social.{network}")
    offices = district_offices.get(ids.get("bioguide"))
    for office in offices if isinstance(offices, Sequence) else ():
        if isinstance(office, Mapping):
            _district_office(record, office, len(record.values.get("offices") or ()))
    return record


def _district_office(record: RawRecord, office: Mapping, index: int) -> None:
    path = f"offices.{index}"
    city = office.get("city") or ""
    record.put(f"{path}.name", f"{city} office" if city else "District office", office.where)
    record.put(f"{path}.address", _address(office), office.at("address"))
    record.copy(office, "phone", f"{path}.phone")
    record.copy(office, "hours", f"{path}.hours")


def _address(office: Mapping) -> str:
    """One line, as an envelope reads: "Carl Elliott Building, 1710 Alabama Ave., Suite 247, Jasper, AL 35501"."""
    suite = str(office.get("suite") or "")
    suite = f"Suite {suite}" if suite.isdigit() else suite  # the data writes both '247' and 'Suite 104'
    place = " ".join(str(office.get(key) or "") for key in ("state", "zip")).strip()
    parts = (office.get("building"), office.get("address"), suite, office.get("city"), place)
    return ", ".join(str(part) for part in parts if part)


def _term(record: RawRecord, term: Mapping) -> None:
    chamber, title = _CHAMBERS.get(term.get("type"), ("", ""))
    if chamber == "house":
        title = _HOUSE_TITLES.get(term.get("state"), title)
    if chamber:
        record.put("chamber", chamber, term.at("type"))
        record.put("title", title, term.at("type"))
    for key, path in (
        ("state", "region"), ("district", "district"), ("party", "party"), ("phone", "phone"),
        ("url", "website"), ("contact_form", "contact_form"),
    ):
        record.copy(term, key, path)
    if term.get("address"):
        record.put("offices.0.name", "Washington office", term.at("address"))
        record.copy(term, "address", "offices.0.address")
        record.copy(term, "phone", "offices.0.phone")
