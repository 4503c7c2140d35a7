"""Render the member directory, list pages, member pages with their contact actions, and the contact exports."""

from __future__ import annotations

import csv
import io
import json

from .model import Member, MemberList

EXPORT_FIELDS = ("list", "id", "name", "first_name", "last_name", "title", "party", "region", "district", "phone",
                 "email", "contact_form", "website", "stance", "stance_source", "stance_date", "verified")
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def all_members(renderer) -> list[Member]:
    return [m for lst in renderer.site.member_lists for m in lst.members]


def by_region(members) -> list[Member]:
    return sorted(members, key=lambda m: (m.region.lower(), m.sort_name, m.id))


def render_directory(renderer, output) -> bytes:
    members = by_region(all_members(renderer))
    return renderer.html("directory.html", output, title="Who decides", members=members,
                         lists=renderer.site.member_lists, member_list=None,
                         description=f"Everyone with a vote on {renderer.config.ask or renderer.config.title}")


def render_list(renderer, output) -> bytes:
    member_list: MemberList = output.subject
    return renderer.html("directory.html", output, title=member_list.title, members=by_region(member_list.members),
                         lists=renderer.site.member_lists, member_list=member_list,
                         description=f"{member_list.title}: where each member stands")


def signed_statements(renderer, member: Member):
    return [s for s in renderer.site.statements if member.id in s.signatories]


def render_member(renderer, output) -> bytes:
    member: Member = output.subject
    return renderer.html("member.html", output, title=member.name, member=member,
                         statements=signed_statements(renderer, member),
                         description=f"How to contact {member.name}" + (f", {member.title}" if member.title else ""))


def _export_row(member: Member) -> dict:
    return {
        "list": member.list_id, "id": member.id, "name": member.name, "first_name": member.first_name,
        "last_name": member.last_name, "title": member.title, "party": member.party, "region": member.region,
        "district": member.district, "phone": member.phone.e164 or member.phone.raw if member.phone else "",
        "email": member.email, "contact_form": member.contact_form, "website": member.website,
        "stance": member.position.stance, "stance_source": member.position.source,
        "stance_date": member.position.date.isoformat() if member.position.date else "",
        "verified": member.verified.isoformat() if member.verified else "",
    }


def neutralise_formula(value: str) -> str:
    """Spreadsheets run a cell that starts with = + - @ as a formula; a leading apostrophe keeps it text."""
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def members_csv(members) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=EXPORT_FIELDS, lineterminator="\r\n")
    writer.writeheader()
    for member in members:
        writer.writerow({k: neutralise_formula(str(v)) for k, v in _export_row(member).items()})
    return buffer.getvalue().encode("utf-8")


def members_json(members) -> bytes:
    rows = [_export_row(m) for m in members]
    return (json.dumps(rows, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


KINDS = {
    "directory": render_directory,
    "list": render_list,
    "member": render_member,
    "member_vcard": lambda renderer, output: b"",
    "members_csv": lambda renderer, output: members_csv(all_members(renderer)),
    "members_json": lambda renderer, output: members_json(all_members(renderer)),
    "list_csv": lambda renderer, output: members_csv(output.subject.members),
    "list_json": lambda renderer, output: members_json(output.subject.members),
}
