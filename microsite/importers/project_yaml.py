"""Read a contact list written in the project's own YAML schema into raw member records.

The schema (every field but `id` and `name` is optional)::

    list:
      title: Helsinki Commission
      country: US            # default region for phone numbers written without +country code
      group_phrase: members of the Helsinki Commission
      signatory_format: ""   # e.g. "{name} MP ({party}, {region})" for other parliaments
    members:
      - id: wicker           # a-z, 0-9 and '-'; unique across all lists; statements refer to it
        name: Roger Wicker   # or first_name + last_name
        first_name: Roger
        last_name: Wicker
        title: Senator
        honorific: Senator   # used in "Dear {{ member.honorific }} …"; defaults to title
        chamber: senate
        party: Republican
        region: MS           # a two-letter state code in a list whose country is US
        district: ""
        country: US          # the member's own country; beats the list's for phone numbers
        phone: "+1 202-555-0100"
        email: jane@example.org
        contact_form: https://…
        website: https://…
        social: {twitter: handle, facebook: handle}     # a leading @ is dropped
        offices: [{name: Washington, address: "…", phone: "…"}]
        photo: https://… or a path under assets/
        position: {stance: supports, source: https://…, date: 2018-11-19}   # or just `position: supports`
        verified: 2018-11-01
        notes: free text kept by re-import

Stances: supports, opposes, undecided, unknown. Dates are YYYY-MM-DD. URLs must be http:// or https://.
A list without `country` takes the one site.yml's `members:` gives its file, else the site's `country`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from ..errors import Location, Report, did_you_mean
from ..members import build_member_list
from ..rawrecord import RawRecord
from ..model import MemberList, SiteConfig
from ..yamlsource import Mapping, Sequence, parse_yaml
from ..sources import read_text
from .source import ReadOptions

TOP_LEVEL_KEYS = ("list", "members")


def is_project_layout(tree) -> bool:
    return isinstance(tree, dict) and any(key in tree for key in TOP_LEVEL_KEYS)


def read_project_yaml(
    path: Path, rel: str, config: SiteConfig, report: Report, options: ReadOptions = ReadOptions()
) -> Optional[MemberList]:
    text = read_text(path, rel, report)
    return None if text is None else from_text(text, path, rel, config, report, options)


def from_text(
    text: str, path: Path, rel: str, config: SiteConfig, report: Report, options: ReadOptions = ReadOptions()
) -> Optional[MemberList]:
    tree, problems = parse_yaml(text, rel)
    report.extend(problems)
    if problems:
        return None
    if not is_project_layout(tree):
        report.error(Location(rel), "expected a top-level 'list:' and 'members:' (see the member list schema)")
        return None
    for key in tree:
        if key not in TOP_LEVEL_KEYS:
            report.warning(tree.key_at(key), f"unknown top-level key '{key}'{did_you_mean(key, TOP_LEVEL_KEYS)}")
    header = _header(tree, report)
    records = _member_records(tree, report)
    return build_member_list(path, rel, header, records, config, report, make_ids=options.make_ids)


def _header(tree: Mapping, report: Report) -> Optional[RawRecord]:
    header = tree.get("list")
    if header is None:
        return None
    if not isinstance(header, Mapping):
        report.error(tree.at("list"), "'list' must be a mapping such as {title: Helsinki Commission, country: US}")
        return None
    return RawRecord.from_yaml(header)


def _member_records(tree: Mapping, report: Report) -> list[RawRecord]:
    members = tree.get("members")
    if members is None:
        return []
    if not isinstance(members, Sequence):
        report.error(tree.at("members"), "'members' must be a list, each item starting with '- id: …'")
        return []
    records = []
    for index, item in enumerate(members):
        if isinstance(item, Mapping):
            records.append(RawRecord.from_yaml(item))
        else:
            report.error(members.at(index), "each member must be a mapping of field: value, starting with '- id: …'")
    return records
