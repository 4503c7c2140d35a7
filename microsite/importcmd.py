"""Convert a contact list from a foreign format into the project's YAML, keeping what campaigners added on re-import."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import phonenumbers
import yaml

from .errors import Location, Report, did_you_mean
from .importers.congress import read_congress
from .importers.csv_list import read_csv
from .importers.popolo import read_popolo
from .importers.source import ReadOptions
from .sources import read_parsed
from .members import LIST_FIELDS, MEMBER_FIELDS, check_unique_ids
from .model import Member, MemberList, Phone, Position, SiteConfig
from .write import write_text_atomically
from .yamlsource import Mapping, parse_yaml

READERS = {"csv": read_csv, "popolo": read_popolo, "congress-legislators": read_congress}
# Campaign knowledge the source never has: an existing value always wins over the source's.
CAMPAIGN_FIELDS = ("position", "notes", "verified")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# field -> (one, many) as the summary counts changes; other fields are counted as "<field>s"
_CHANGE_LABELS = {
    "phone": ("phone number", "phone numbers"), "email": ("email address", "email addresses"),
    "party": ("party", "parties"), "country": ("country", "countries"),
    "social": ("set of social media handles", "sets of social media handles"),
    "offices": ("list of offices", "lists of offices"),
}


@dataclass
class ImportSummary:
    """What an import did to OUT: "3 added, 1 removed (kept: has a stance), 12 phone numbers changed"."""

    members: int = 0  # how many members OUT holds now
    added: int = 0
    removed: int = 0  # members SRC no longer has, kept or not
    dropped: list = field(default_factory=list)  # ids of the removed members that were not kept
    kept: Counter = field(default_factory=Counter)  # why removed members were kept -> how many
    changed: Counter = field(default_factory=Counter)  # field -> members whose value SRC changed

    def __str__(self) -> str:
        parts = [f"{self.added} added"] if self.added else []
        if self.removed:
            kept = sum(self.kept.values())
            reasons = ", ".join(sorted(self.kept))
            parts.append(f"{self.removed} removed" + (
                "" if not kept else f" (kept: {reasons})" if kept == self.removed else f" ({kept} kept: {reasons})"))
        for key in sorted(self.changed, key=_field_order):
            count = self.changed[key]
            one, many = _CHANGE_LABELS.get(key, (key.replace("_", " "), key.replace("_", " ") + "s"))
            parts.append(f"{count} {one if count == 1 else many} changed")
        return ", ".join(parts) or "no changes"


def _field_order(key: str) -> tuple:
    return (MEMBER_FIELDS.index(key) if key in MEMBER_FIELDS else len(MEMBER_FIELDS), key)


def import_members(
    fmt: str, src: Path, out: Path, config: SiteConfig, report: Report, *, today: Optional[dt.date] = None,
    committee: str = "",
    columns: tuple[tuple[str, str], ...] = (),
) -> ImportSummary:
    """Read SRC as FORMAT and write (or update) the project YAML at OUT; returns what changed in OUT.

    Ids are the source's own (bioguide id, Popolo id) or, for a CSV without an `id` column, the slug of the name.
    When OUT exists, each member's contact data is refreshed from SRC while `position`, `notes`, `verified` and
    any key SRC does not provide are kept; members missing from SRC are dropped, unless they carry campaign data
    (a stance, notes, fields a campaigner added), which keeps them, with a warning. YAML comments in OUT
    are not kept (PyYAML cannot round-trip them): write such remarks in `notes`. Values SRC gets wrong are
    reported and left out. `today` picks current Popolo memberships (None: all); `committee` keeps one
    committee's members of a congress-legislators SRC; `columns` maps a CSV's headers to fields (`--map`), over
    site.yml's `columns` for SRC's file name. Nothing is written (an empty summary returned) when SRC or OUT
    cannot be read.
    """
    reader = READERS.get(fmt)
    if reader is None:
        choices = ", ".join(READERS)
        report.error(Location(str(src)), f"unknown import format '{fmt}'{did_you_mean(fmt, READERS)}; use {choices}")
        return ImportSummary()
    if out.suffix.lower() not in (".yml", ".yaml"):
        report.error(Location(str(out)), "import writes the project's YAML: name the output NAME.yml (a .csv or "
                                         ".json name would be read back in that format)")
        return ImportSummary()
    if committee and fmt != "congress-legislators":
        report.error(Location(str(src)), "--committee only applies to the congress-legislators format")
        return ImportSummary()
    options = ReadOptions(today=today, make_ids=True, committee=committee, columns=columns)
    source = reader(src, str(src), config, report, options)
    existing = _existing(out, report) if out.exists() else {}
    if source is None or existing is None:
        return ImportSummary()
    check_unique_ids([source], report)
    summary = ImportSummary()
    document = _merge(existing, source, src, report, summary)
    write_text_atomically(out, _dump(document, src, fmt))
    summary.members = len(document["members"])
    return summary


def _existing(out: Path, report: Report) -> Optional[dict]:
    """OUT as parsed, or None (reported) when it is not a project member list we may overwrite."""
    rel = str(out)
    tree, ok = read_parsed(out, rel, report, parse_yaml)
    if not ok:
        return None
    if not (
        isinstance(tree, Mapping)
        and isinstance(tree.get("list") or {}, dict)
        and isinstance(tree.get("members") or [], list)
    ):
        report.error(Location(rel), "not overwriting: the existing file is not a project member list (list:, members:)")
        return None
    return tree


def _merge(existing: dict, source: MemberList, src: Path, report: Report, summary: ImportSummary) -> dict:
    """Existing members in their order (refreshed from SRC where it has them), then SRC's new members; what
    happened is counted in `summary`."""
    fresh = {member.id: _member_data(member) for member in source.members}
    members, updated = [], set()
    for old in existing.get("members") or []:
        member_id = str(old.get("id")) if isinstance(old, dict) and old.get("id") is not None else None
        if member_id in fresh and member_id not in updated:
            members.append(_combine(_plain(old), fresh[member_id], MEMBER_FIELDS, CAMPAIGN_FIELDS))
            summary.changed.update(_changed_fields(_plain(old), members[-1]))
            updated.add(member_id)
        elif member_id is None or member_id in updated:
            members.append(_plain(old))  # not ours to judge: the build reports it
        else:
            summary.removed += 1
            reasons = _campaign_data(old)
            if not reasons:
                summary.dropped.append(member_id)
            else:
                members.append(_plain(old))
                summary.kept.update([reasons[0]])
                message = (f"member '{member_id}' is no longer in {src.name}; kept because it {' and '.join(reasons)}"
                           " (delete it if they left)")
                report.warning(old.at("id"), message)
    added = [data for member_id, data in fresh.items() if member_id not in updated]
    summary.added = len(added)
    members.extend(added)
    old_header = _plain(existing.get("list") or {})
    header = _combine(old_header, _list_data(source), LIST_FIELDS, old_header.keys())
    return {"list": header, "members": [_unquoted_dates(member) for member in members]}


def _campaign_data(member: dict) -> list[str]:
    """Why a member gone from SRC must stay: what campaigners wrote about them ("has a stance", "has notes")."""
    position = member.get("position")
    stance = position.get("stance") if isinstance(position, dict) else position
    reasons = ["has a stance"] if stance and str(stance).strip().lower() != "unknown" else []
    if member.get("notes"):
        reasons.append("has notes")
    if any(str(key) not in MEMBER_FIELDS for key in member):
        reasons.append("has fields you added")
    return reasons


def _changed_fields(old: dict, new: dict) -> list[str]:
    """The source's fields whose value differs between a member as it was and as it is now."""
    keys = [key for key in dict.fromkeys([*old, *new]) if key in MEMBER_FIELDS and key not in CAMPAIGN_FIELDS]
    return [key for key in keys if _comparable(old.get(key)) != _comparable(new.get(key))]


def _comparable(value):
    """Values as text, so that `district: 7` written by hand equals the "7" a source gives."""
    if isinstance(value, dict):
        return {str(key): _comparable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_comparable(item) for item in value]
    return None if value in (None, "") else str(value)


def _combine(old: dict, new: dict, order, old_wins) -> dict:
    """Known keys in `order`, then any others in the order met; `new` wins except for keys in `old_wins`
    and keys it does not have (a campaigner's additions)."""
    combined = {}
    for key in (*order, *old, *new):
        if key in combined:
            continue
        if key in old and (key in old_wins or key not in new):
            combined[key] = old[key]
        elif key in new:
            combined[key] = new[key]
    return combined


def _plain(value):
    """yamlsource's location-aware containers as the plain dicts and lists yaml.safe_dump accepts."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def _member_data(member: Member) -> dict:
    data = {
        "id": member.id,
        "name": member.name,
        "first_name": member.first_name,
        "last_name": member.last_name,
        "title": member.title,
        # A derived honorific is left out so that it keeps following the title.
        "honorific": member.honorific if member.honorific != member.title else "",
        "chamber": member.chamber,
        "party": member.party,
        "region": member.region,
        "district": member.district,
        "country": member.country,
        "phone": _phone_text(member.phone),
        "email": member.email,
        "contact_form": member.contact_form,
        "website": member.website,
        "social": dict(member.social),
        "offices": [
            _without_empty({"name": o.name, "address": o.address, "phone": _phone_text(o.phone), "hours": o.hours})
            for o in member.offices
        ],
        "photo": member.photo,
        "position": _position_data(member.position),
        "verified": member.verified,
        "notes": member.notes,
        "committee_role": member.committee_role,
        "committee_rank": member.committee_rank,
    }
    return _without_empty(data)


def _position_data(position: Position) -> dict:
    if position == Position():  # nothing known: leave the key out rather than write "unknown"
        return {}
    return _without_empty({"stance": position.stance, "source": position.source, "date": position.date})


def _list_data(source: MemberList) -> dict:
    return _without_empty({key: getattr(source, key) for key in LIST_FIELDS})


def _without_empty(data: dict) -> dict:
    return {key: value for key, value in data.items() if value not in ("", None, {}, [])}


def _phone_text(phone: Optional[Phone]) -> str:
    """International format ("+1 202-224-3441"): readable, and it needs no default region to read back."""
    if phone is None:
        return ""
    if not phone.e164:
        return phone.raw
    return phonenumbers.format_number(phonenumbers.parse(phone.e164), phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def _unquoted_dates(member: dict) -> dict:
    """Dates kept from the old file are strings (yamlsource keeps them so); written as dates they need no quotes."""
    if not isinstance(member, dict):
        return member
    if "verified" in member:
        member["verified"] = _as_date(member["verified"])
    if isinstance(member.get("position"), dict) and "date" in member["position"]:
        member["position"]["date"] = _as_date(member["position"]["date"])
    return member


def _as_date(value):
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    return value


class _Dumper(yaml.SafeDumper):
    """Writes multi-line text (addresses, notes) as `|` blocks, which read like the text itself."""


def _represent_text(dumper: yaml.SafeDumper, text: str):
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _represent_text)


def _dump(document: dict, src: Path, fmt: str) -> str:
    preamble = (
        f"# Imported from {src.name} ({fmt}). Importing again refreshes contact data and keeps position,\n"
        "# notes, verified and any field you add. Comments are not kept: write remarks in `notes`.\n"
    )
    body = yaml.dump(
        document, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=4096
    )
    return preamble + body
