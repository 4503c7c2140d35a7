"""Write a member's contact card as vCard 4.0 (RFC 6350), with its escaping and 75-octet line folding."""

from __future__ import annotations

from .i18n import Language
from .model import Member

LINE_OCTETS = 75  # RFC 6350 3.2: lines SHOULD NOT be longer than 75 octets, excluding the line break


def escape_text(value: str) -> str:
    """A TEXT value with backslash, comma, semicolon and line breaks escaped (RFC 6350 3.4)."""
    value = value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
    return value.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def structured(*components: str) -> str:
    """A structured value (N, ADR): components escaped one by one, then joined by unescaped semicolons."""
    return ";".join(escape_text(c) for c in components)


def fold(line: str) -> str:
    """Split a content line into pieces of at most 75 octets, never inside a UTF-8 character."""
    if len(line.encode("utf-8")) <= LINE_OCTETS:
        return line
    pieces, current, size = [], "", 0
    for char in line:
        octets = len(char.encode("utf-8"))
        limit = LINE_OCTETS if not pieces else LINE_OCTETS - 1  # continuation lines start with one space
        if size + octets > limit:
            pieces.append(current)
            current, size = "", 0
        current += char
        size += octets
    pieces.append(current)
    return "\r\n ".join(pieces)


def _lines(language: Language, member: Member, page_url: str, card_url: str, organization: str, profiles,
           place: str) -> list[str]:
    lines = ["BEGIN:VCARD", "VERSION:4.0", f"FN:{escape_text(member.name)}",
             f"N:{structured(member.last_name, member.first_name, '', '', '')}"]
    if member.title:
        lines.append(f"TITLE:{escape_text(member.title)}")
    if organization:
        lines.append(f"ORG:{structured(organization)}")
    about = " · ".join(part for part in (member.party, place, member.committee_role) if part)
    if about:
        lines.append(f"NOTE:{escape_text(about)}")
    if member.phone and member.phone.e164:
        lines.append(f"TEL;VALUE=uri;TYPE=work,voice:tel:{member.phone.e164}")
    if member.email:
        lines.append(f"EMAIL;TYPE=work:{escape_text(member.email)}")
    main_phone = member.phone.e164 if member.phone else ""
    for office in member.offices:
        if office.address:  # free text, so it goes whole into the street component rather than being guessed apart
            lines.append(f"ADR;TYPE=work:{structured('', '', office.address, '', '', '', '')}")
        if office.phone and office.phone.e164 not in ("", main_phone):
            lines.append(f"TEL;VALUE=uri;TYPE=work,voice:tel:{office.phone.e164}")
        if office.hours:  # vCard has no property for opening hours; a note (NOTE may repeat) keeps them
            # Translators: an office's opening hours in a contact card: "District office: open Mon–Fri 9–5"
            hours = language.gettext("%(office)s: open %(hours)s") % {"office": office.name or office.address,
                                                                      "hours": office.hours}
            lines.append(f"NOTE:{escape_text(hours)}")
    for url in (member.website, member.contact_form):
        if url:
            lines.append(f"URL;TYPE=work:{url}")
    for network, url in profiles:
        lines.append(f"X-SOCIALPROFILE;TYPE={network}:{url}")  # read by Apple Contacts and others
    if member.photo.startswith(("https://", "http://")):
        lines.append(f"PHOTO:{member.photo}")
    lines += [f"SOURCE:{card_url}", f"UID:{page_url}"]
    if member.verified:
        lines.append(f"REV:{member.verified:%Y%m%d}T000000Z")
    lines.append("END:VCARD")
    return lines


def member_vcard(language: Language, member: Member, *, page_url: str, card_url: str, organization: str = "",
                 profiles=(), place: str = "") -> bytes:
    """The member's card, its few words in `language`. `page_url` (the absolute URL of their page) is its UID,
    `card_url` where it is published, `organization` the list's title, `profiles` (network, profile URL) pairs, and
    `place` where the member sits ("Alabama's 4th district"), written with the party and committee role in the
    card's note."""
    lines = _lines(language, member, page_url, card_url, organization, profiles, place)
    return "".join(fold(line) + "\r\n" for line in lines).encode("utf-8")
