"""Read a Popolo JSON export (persons, organizations, memberships, events) into raw records for its current members.

A person is a member when one of their seat memberships is current on `ReadOptions.today`. A seat is a membership
in the chamber (an organization classified "legislature" or "chamber"; in any organization not classified "party"
when the file has no chamber). It is current when it has begun and has no `end_date` or one on or after that day,
and, when it names a `legislative_period_id`, that event's `start_date`/`end_date` include the day too. When the
file has legislative periods (events classified "legislative period") and none includes the day, the most recent
one stands in for the current one, with a warning, and its seats are judged on its last day. With no date given
every membership counts. A file with no memberships at all lists every person. Mapped fields:
person `id` (slugified to a-z, 0-9, '-'), `name`, `given_name`, `family_name`, `email`, `image` (else the first
`images` URL) as photo, `contact_details` (voice/phone/cell/mobile, email, social networks as handle or profile
URL), `links` (website, social profiles); the seat's `on_behalf_of_id` organization name (else a current party
membership's) as party; the seat's `area` name, else its post's area name, else the post's `label` as region; the
chamber's name as the list's title.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import NamedTuple, Optional

from ..errors import Location, Report
from ..members import SOCIAL_NETWORKS, build_member_list, slugify
from ..rawrecord import RawRecord
from ..model import MemberList, SiteConfig
from ..yamlsource import Mapping, Sequence
from .jsonsource import parse_json
from ..sources import read_parsed
from .source import ReadOptions

_COLLECTIONS = ("persons", "organizations", "areas", "posts", "events")
# membership key -> the collection its id must be found in
_REFERENCES = {
    "person_id": "persons",
    "organization_id": "organizations",
    "on_behalf_of_id": "organizations",
    "area_id": "areas",
    "post_id": "posts",
    "legislative_period_id": "events",
}
_CHAMBERS = ("legislature", "chamber")
_PERIOD = "legislative period"
_PARTIAL_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")  # Popolo's dates: a day, a month or a year
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
    for key, event in index["events"].items():
        _check_dates(event, f"events '{key}'", report)
    term = _term(index["events"], options.today, report)
    seats, parties = _current(memberships, index["organizations"], term)
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
        _check_dates(membership, f"memberships[{i}]", report)
        if not dangling and "person_id" in membership:
            valid.append(membership)
    return valid


def _check_dates(item: Mapping, what: str, report: Report) -> None:
    """Report a start_date or end_date that is not a (partial) ISO date: dates are compared as text, so one
    written '1 May 2018' or '2018/05/01' would silently drop a seat or keep a member who left."""
    for key in ("start_date", "end_date"):
        text = _date(item, key)
        if text and not _is_popolo_date(text):
            report.error(item.at(key), f"{what}: '{key}' must be a date such as 2018-05-01 (or 2018-05, or 2018), "
                                       f"not '{text[:40]}'")


def _is_popolo_date(text: str) -> bool:
    if not _PARTIAL_DATE.fullmatch(text):
        return False
    try:
        dt.date.fromisoformat((text + "-01-01")[:10])
    except ValueError:
        return False
    return True


def _ref(membership: Mapping, key: str) -> Optional[str]:
    """A reference as the string the collections are indexed by (ids may be numbers in the JSON)."""
    value = membership.get(key)
    return None if value is None else str(value)


class _Term(NamedTuple):
    """Which memberships count: those spanning `day` (an ISO date, or None for all) and, when they name a
    legislative period, naming one of `periods` (None: any)."""

    day: Optional[str]
    periods: Optional[frozenset] = None


def _date(item: Mapping, key: str) -> str:
    return str(item.get(key) or "").strip()


def _spans(item: Mapping, day: str) -> bool:
    """Whether the item's start_date and end_date include `day`. Popolo dates may be partial ("2016",
    "2016-05"): they are compared with the same precision of the day."""
    start, end = _date(item, "start_date"), _date(item, "end_date")
    return (not start or start <= day[: len(start)]) and (not end or end >= day[: len(end)])


def _classification(organization) -> str:
    return str(organization.get("classification") or "").strip().lower() if isinstance(organization, dict) else ""


def _term(events: dict, today: Optional[dt.date], report: Report) -> _Term:
    """The day and legislative periods that decide who sits; the most recent period, with a warning, when the file
    has periods and none includes today (an export published before the last election)."""
    if today is None:
        return _Term(None)
    day = today.isoformat()
    periods = {key: event for key, event in events.items() if _classification(event) == _PERIOD}
    current = frozenset(key for key, period in periods.items() if _spans(period, day))
    if current or not periods:
        return _Term(day, current or None)
    started = [key for key, period in periods.items() if _date(period, "start_date")[:10] <= day]
    by_start = sorted(started or periods, key=lambda key: _date(periods[key], "start_date"))
    chosen = by_start[-1] if started else by_start[0]
    period = periods[chosen]
    start, end = _date(period, "start_date"), _date(period, "end_date")
    name = str(period.get("name") or chosen)
    report.warning(
        period.where,
        f"no legislative period in this file includes the build's date {day}; listing the members of "
        f"'{name}' ({start or '?'} to {end or 'open'}), the {'most recent' if started else 'first'} one "
        "(get a newer export for the current members)",
    )
    return _Term(end or start or day, frozenset({chosen}))


def _in_term(membership: Mapping, term: _Term) -> bool:
    if term.day is None:
        return True
    period = _ref(membership, "legislative_period_id")
    in_period = period is None or term.periods is None or period in term.periods
    return in_period and _spans(membership, term.day)


def _current(memberships: list, organizations: dict, term: _Term) -> tuple[dict, dict]:
    """person id -> their latest current seat membership, and -> their current party membership."""
    seats: dict = {}
    parties: dict = {}
    chambers = {key for key, org in organizations.items() if _classification(org) in _CHAMBERS}
    for membership in sorted(memberships, key=lambda m: _date(m, "start_date")):
        if not _in_term(membership, term):
            continue
        organization_id = _ref(membership, "organization_id")
        if _classification(organizations.get(organization_id)) == "party":
            parties[_ref(membership, "person_id")] = membership
        elif not chambers or organization_id is None or organization_id in chambers:
            # A file that names its chamber may also list committees and the like: those are not seats.
            seats[_ref(membership, "person_id")] = membership
    return seats, parties


def _header(seats, organizations: dict, rel: str) -> Optional[RawRecord]:
    """The list is titled after the chamber its members sit in, when they all sit in the same one, or after the
    file's one chamber when no seat names an organization."""
    ids = {_ref(seat, "organization_id") for seat in seats} - {None}
    if not ids:
        ids = {key for key, org in organizations.items() if _classification(org) in _CHAMBERS}
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
    images = person.get("images")
    if not record.has("photo") and isinstance(images, Sequence) and images and isinstance(images[0], Mapping):
        record.copy(images[0], "url", "photo")
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
    post = index["posts"].get(_ref(seat, "post_id")) or seat.get("post")
    post = post if isinstance(post, Mapping) else None
    area = index["areas"].get(_ref(seat, "area_id")) or seat.get("area")
    if not isinstance(area, Mapping) and post is not None:
        area = index["areas"].get(_ref(post, "area_id")) or post.get("area")
    for place, label in ((area, "name"), (post, "label")):
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
            record.copy(link, "url", f"social.{network}")  # members.social_handle takes the handle from the URL
        elif _is_homepage(note) and not record.has("website"):
            record.copy(link, "url", "website")


def _is_homepage(note: str) -> bool:
    return not note or any(word in note for word in ("website", "homepage", "home page", "official"))
