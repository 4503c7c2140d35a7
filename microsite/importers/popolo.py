"""Read a Popolo JSON export (persons, organizations, memberships) into raw records for its current members.

A person is a member when one of their seat memberships (a membership in an organization not classified "party")
is current on `ReadOptions.today`: it has begun and has no `end_date` or one on or after that day. With no date
given every membership counts. A file with no memberships at all lists every person. Mapped fields:
person `id` (slugified to a-z, 0-9, '-'), `name`, `given_name`, `family_name`, `email`, `image` (photo),
`contact_details` (voice/phone/cell, email, social networks), `links` (website, social profiles);
the seat's `on_behalf_of_id` organization name (party), and `area_id`/`area` name or `post_id`/`post` label (region).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Optional
from urllib.parse import urlsplit

from ..errors import Location, Report
from ..members import SOCIAL_NETWORKS, build_member_list, slugify
from ..rawrecord import RawRecord
from ..model import MemberList, SiteConfig
from ..yamlsource import Mapping, Sequence
from .jsonsource import parse_json
from ..sources import read_parsed
from .source import ReadOptions

_COLLECTIONS = ("persons", "organizations", "areas", "posts")
# membership key -> the collection its id must be found in
_REFERENCES = {
    "person_id": "persons",
    "organization_id": "organizations",
    "on_behalf_of_id": "organizations",
    "area_id": "areas",
    "post_id": "posts",
}
_PHONE_TYPES = ("voice", "phone", "cell", "mobile")
# person key -> project field
_PERSON_FIELDS = (
    ("name", "name"),
    ("given_name", "first_name"),
    ("family_name", "last_name"),
    ("email", "email"),
    ("image", "photo"),
)


def is_popolo(tree) -> bool:
    return isinstance(tree, dict) and "persons" in tree


def read_popolo(
    path: Path, rel: str, config: SiteConfig, report: Report, options: ReadOptions = ReadOptions()
) -> Optional[MemberList]:
    tree, ok = read_parsed(path, rel, report, parse_json)
    if not ok:
        return None
    if not is_popolo(tree):
        report.error(Location(rel), "not a Popolo file: expected a top-level \"persons\" list")
        return None
    return from_tree(tree, path, rel, config, report, options)


def from_tree(
    tree: Mapping, path: Path, rel: str, config: SiteConfig, report: Report, options: ReadOptions
) -> MemberList:
    index = {name: _by_id(tree, name, report) for name in _COLLECTIONS}
    memberships = _valid_memberships(tree, index, report)
    seats, parties = _current(memberships, index["organizations"], options.today)
    everyone = not tree.get("memberships")  # a bare list of persons: nothing says who sits where
    records = [
        _record(person, seats.get(person_id), parties.get(person_id), index)
        for person_id, person in index["persons"].items()
        if everyone or person_id in seats
    ]
    header = _header(seats.values(), index["organizations"], rel)
    return build_member_list(path, rel, header, records, config, report, make_ids=options.make_ids)


def _items(tree: Mapping, name: str, report: Report) -> list[tuple[int, Mapping]]:
    """(index, item) for each mapping in a top-level collection, reporting anything else there."""
    items = tree.get(name)
    if items is None:
        return []
    if not isinstance(items, Sequence):
        report.error(tree.at(name), f"'{name}' must be a list")
        return []
    good = []
    for i, item in enumerate(items):
        if isinstance(item, Mapping):
            good.append((i, item))
        else:
            report.error(items.at(i), f"{name}[{i}] must be an object")
    return good


def _by_id(tree: Mapping, name: str, report: Report) -> dict:
    result, first_index = {}, {}
    for i, item in _items(tree, name, report):
        key = None if item.get("id") is None else str(item["id"])
        if key is None:
            report.error(item.where, f"{name}[{i}] has no \"id\"")
        elif key in result:
            report.error(item.at("id"), f"{name}[{i}] repeats the id '{key}' of {name}[{first_index[key]}]")
        else:
            result[key], first_index[key] = item, i
    return result


def _valid_memberships(tree: Mapping, index: dict, report: Report) -> list[Mapping]:
    """Memberships of a person whose every reference resolves; a dangling one is reported by its index."""
    valid = []
    for i, membership in _items(tree, "memberships", report):
        dangling = [
            key for key, name in _REFERENCES.items() if key in membership and _ref(membership, key) not in index[name]
        ]
        for key in dangling:
            message = f"memberships[{i}]: {key} '{membership[key]}' matches no entry in \"{_REFERENCES[key]}\""
            report.error(membership.at(key), message)
        if not dangling and "person_id" in membership:
            valid.append(membership)
    return valid


def _ref(membership: Mapping, key: str) -> Optional[str]:
    """A reference as the string the collections are indexed by (ids may be numbers in the JSON)."""
    value = membership.get(key)
    return None if value is None else str(value)


def _is_current(membership: Mapping, today: Optional[dt.date]) -> bool:
    if today is None:
        return True
    day = today.isoformat()
    # Popolo dates may be partial ("2016", "2016-05"): compare them with the same precision of today.
    start, end = str(membership.get("start_date") or ""), str(membership.get("end_date") or "")
    return (not start or start <= day[: len(start)]) and (not end or end >= day[: len(end)])


def _current(memberships: list, organizations: dict, today: Optional[dt.date]) -> tuple[dict, dict]:
    """person id -> their latest current seat membership, and -> their current party membership."""
    seats: dict = {}
    parties: dict = {}
    for membership in sorted(memberships, key=lambda m: str(m.get("start_date") or "")):
        if not _is_current(membership, today):
            continue
        organization = organizations.get(_ref(membership, "organization_id"), {})
        kind = parties if organization.get("classification") == "party" else seats
        kind[_ref(membership, "person_id")] = membership
    return seats, parties


def _header(seats, organizations: dict, rel: str) -> Optional[RawRecord]:
    """The list is titled after the organization its members sit in, when they all sit in the same one."""
    ids = {_ref(seat, "organization_id") for seat in seats}
    organization = organizations.get(ids.pop()) if len(ids) == 1 else None
    if not organization or not organization.get("name"):
        return None
    header = RawRecord({}, Location(rel))
    header.copy(organization, "name", "title")
    return header


def _record(person: Mapping, seat: Optional[Mapping], party: Optional[Mapping], index: dict) -> RawRecord:
    record = RawRecord({}, person.where)
    record.put("id", slugify(person["id"]), person.at("id"))
    for key, path in _PERSON_FIELDS:
        record.copy(person, key, path)
    _contact_details(record, person.get("contact_details"))
    _links(record, person.get("links"))
    if seat is not None:
        _seat(record, seat, party, index)
    return record


def _seat(record: RawRecord, seat: Mapping, party: Optional[Mapping], index: dict) -> None:
    if "on_behalf_of_id" in seat:
        record.copy(index["organizations"][_ref(seat, "on_behalf_of_id")], "name", "party")
    elif party is not None:
        record.copy(index["organizations"][_ref(party, "organization_id")], "name", "party")
    for reference, collection, inline, label in (
        ("area_id", "areas", "area", "name"),
        ("post_id", "posts", "post", "label"),
    ):
        place = index[collection].get(_ref(seat, reference)) or seat.get(inline)
        if isinstance(place, Mapping) and not record.has("region"):
            record.copy(place, label, "region")


def _contact_path(kind: str) -> Optional[str]:
    """Where a contact detail of this type goes; None for fax, postal address and the like."""
    if kind in _PHONE_TYPES:
        return "phone"
    if kind == "email":
        return "email"
    return f"social.{kind}" if kind in SOCIAL_NETWORKS else None


def _contact_details(record: RawRecord, details) -> None:
    for detail in details if isinstance(details, Sequence) else ():
        if isinstance(detail, Mapping):
            path = _contact_path(str(detail.get("type") or "").lower())
            if path and not record.has(path):  # the first of each kind wins
                record.copy(detail, "value", path)


def _links(record: RawRecord, links) -> None:
    for link in links if isinstance(links, Sequence) else ():
        if not isinstance(link, Mapping) or not link.get("url"):
            continue
        note = str(link.get("note") or "").lower()
        network = next((n for n in SOCIAL_NETWORKS if n in note), None)
        if network and not record.has(f"social.{network}"):
            # Profiles are linked by URL; the project stores the handle, the URL's last path segment.
            handle = urlsplit(str(link["url"])).path.strip("/").rsplit("/", 1)[-1]
            record.put(f"social.{network}", handle, link.at("url"))
        elif _is_homepage(note) and not record.has("website"):
            record.copy(link, "url", "website")


def _is_homepage(note: str) -> bool:
    return not note or any(word in note for word in ("website", "homepage", "home page", "official"))
