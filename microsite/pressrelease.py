"""Write the names, titles and signatory sentence of a joint statement the way press offices write them by hand."""

from __future__ import annotations

import re
import string
from dataclasses import fields
from typing import Optional

from .errors import did_you_mean
from .filters import i18n_language
from .i18n import Language
from .model import Member, MemberList, ShareStyle

# code: (full name, AP-style abbreviation); AP spells out eight states and most territories.
_STATES: dict[str, tuple[str, str]] = {
    "AL": ("Alabama", "Ala."),
    "AK": ("Alaska", "Alaska"),
    "AZ": ("Arizona", "Ariz."),
    "AR": ("Arkansas", "Ark."),
    "CA": ("California", "Calif."),
    "CO": ("Colorado", "Colo."),
    "CT": ("Connecticut", "Conn."),
    "DE": ("Delaware", "Del."),
    "FL": ("Florida", "Fla."),
    "GA": ("Georgia", "Ga."),
    "HI": ("Hawaii", "Hawaii"),
    "ID": ("Idaho", "Idaho"),
    "IL": ("Illinois", "Ill."),
    "IN": ("Indiana", "Ind."),
    "IA": ("Iowa", "Iowa"),
    "KS": ("Kansas", "Kan."),
    "KY": ("Kentucky", "Ky."),
    "LA": ("Louisiana", "La."),
    "ME": ("Maine", "Maine"),
    "MD": ("Maryland", "Md."),
    "MA": ("Massachusetts", "Mass."),
    "MI": ("Michigan", "Mich."),
    "MN": ("Minnesota", "Minn."),
    "MS": ("Mississippi", "Miss."),
    "MO": ("Missouri", "Mo."),
    "MT": ("Montana", "Mont."),
    "NE": ("Nebraska", "Neb."),
    "NV": ("Nevada", "Nev."),
    "NH": ("New Hampshire", "N.H."),
    "NJ": ("New Jersey", "N.J."),
    "NM": ("New Mexico", "N.M."),
    "NY": ("New York", "N.Y."),
    "NC": ("North Carolina", "N.C."),
    "ND": ("North Dakota", "N.D."),
    "OH": ("Ohio", "Ohio"),
    "OK": ("Oklahoma", "Okla."),
    "OR": ("Oregon", "Ore."),
    "PA": ("Pennsylvania", "Pa."),
    "RI": ("Rhode Island", "R.I."),
    "SC": ("South Carolina", "S.C."),
    "SD": ("South Dakota", "S.D."),
    "TN": ("Tennessee", "Tenn."),
    "TX": ("Texas", "Texas"),
    "UT": ("Utah", "Utah"),
    "VT": ("Vermont", "Vt."),
    "VA": ("Virginia", "Va."),
    "WA": ("Washington", "Wash."),
    "WV": ("West Virginia", "W.Va."),
    "WI": ("Wisconsin", "Wis."),
    "WY": ("Wyoming", "Wyo."),
    "DC": ("District of Columbia", "D.C."),
    "PR": ("Puerto Rico", "P.R."),
    "GU": ("Guam", "Guam"),
    "VI": ("U.S. Virgin Islands", "V.I."),
    "AS": ("American Samoa", "American Samoa"),
    "MP": ("Northern Mariana Islands", "N. Mariana Islands"),
}
_CODES_BY_NAME = {name.lower(): code for code, (name, _) in _STATES.items()}

_PARTY_INITIALS = {
    "republican": "R",
    "democrat": "D",
    "democratic": "D",
    "independent": "I",
}

# Only federal legislators get the "U.S." prefix: "U.S. Governor" would be wrong.
_US_FEDERAL_TITLES = {"senator", "representative", "delegate", "resident commissioner"}


def _state_code(code_or_name: str) -> str:
    key = code_or_name.strip()
    if key.upper() in _STATES:
        return key.upper()
    return _CODES_BY_NAME.get(key.lower(), "")


def ap_state(code: str) -> str:
    """AP-style abbreviation of a US state or territory ("MS" -> "Miss."); unknown values come back unchanged.

    A full state name ("Mississippi") is accepted too, since hand-edited lists mix both.
    """
    known = _state_code(code)
    return _STATES[known][1] if known else code


def state_name(code: str) -> str:
    """Full name of a US state or territory ("MS" -> "Mississippi"); unknown codes come back unchanged."""
    known = _state_code(code)
    return _STATES[known][0] if known else code


def party_initial(party: str) -> str:
    """"Republican" -> "R", "Democratic" -> "D", "Independent" -> "I"; any other party by its first letter."""
    party = party.strip()
    if not party:
        return ""
    return _PARTY_INITIALS.get(party.lower(), party[0].upper())


def join_names(names: list[str], style: ShareStyle = ShareStyle()) -> str:
    """"A", "A & B", "A, B, & C" (or "A, B & C" without the serial comma); "&" or "and" from the style."""
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    if len(names) == 2:
        return f"{names[0]} {style.conjunction} {names[1]}"
    last_separator = ", " if style.serial_comma else " "
    return f"{', '.join(names[:-1])}{last_separator}{style.conjunction} {names[-1]}"


def headline_names(members: list[Member], style: ShareStyle | None = ShareStyle(),
                   language: Language | None = None) -> str:
    """The signatories' last names (or whole names when there is none) joined for a headline: as `style` says,
    or with no style by the language's list pattern ("Wicker, Shaheen, Coons et Rubio")."""
    names = [m.last_name or m.name for m in members]
    return join_names(names, style) if style is not None else _english(language).join(names)


def generated_title(members: list[Member], headline: str, style: ShareStyle | None = ShareStyle(),
                    language: Language | None = None) -> str:
    """"Wicker, Shaheen, Coons, & Rubio" + " " + the headline's verb phrase."""
    names = headline_names(members, style, language)
    return f"{names} {headline}".strip() if names else headline.strip()


def writes_ap_style(language: Language) -> bool:
    """English press releases name US members AP style ("Roger Wicker, R-Miss."); other languages do not."""
    return language.locale.language == "en"


def _english(language: Language | None) -> Language:
    return language or i18n_language("en")


def signatory_line(
    members: list[Member],
    lists: dict[str, MemberList],
    group_phrase: str = "",
    language: Language | None = None,
    signatory_format: str = "",
) -> str:
    """The opening of a statement's first sentence, naming who issued it, in `language` (English by default).

    In English, US members (the member's or its list's `country` is "US"; `region` holds the state) are written AP
    style, "Roger Wicker, R-Miss.", and grouped under their pluralised title in order of the title's first
    appearance. Every federal legislative title gets its own "U.S.", as press offices write for mixed chambers:
    "U.S. Senators A, R-Miss., and B, D-N.H., and U.S. Representative C, D-Calif., members of …, issued …".
    Lists join with "and" and a serial comma from three items on; an item ending in a party-state appositive
    always gets its closing comma, which is why two such items read "A, R-Miss., and B, D-N.H.".

    In another language US members are "Roger Wicker (R-MS)" (party initial and postal code, which need no
    translation; their titles are English data, so they are left out) and the names join by the language's list
    pattern ("A, B et C"). Members of other lists are written with their list's `signatory_format`, by default
    "{name} ({party}, {region})" with empty parts left out. A `signatory_format` given here (site.yml's for the
    language) names every member, in English too. The verb comes from the catalog, singular or joint.
    """
    if not members:
        return ""
    language = _english(language)
    if writes_ap_style(language):
        subject = _join_items([_join_items(items) for items in _title_groups(members, lists, signatory_format)])
        if group_phrase and len(members) == 1:
            group_phrase = singular_group_phrase(group_phrase)
    else:
        subject = _Item(language.join([_plain_item(m, lists, signatory_format) for m in members]))
    if group_phrase:
        return language.ngettext(
            "%(signatories)s, %(group)s, issued the following statement",
            "%(signatories)s, %(group)s, issued the following joint statement",
            len(members)) % {"signatories": subject.text, "group": group_phrase}
    closing = "," if subject.closes_with_comma else ""
    return language.ngettext(
        "%(signatories)s issued the following statement",
        "%(signatories)s issued the following joint statement",
        len(members)) % {"signatories": subject.text + closing}


def singular_group_phrase(group_phrase: str) -> str:
    """"members of the Helsinki Commission" -> "a member of the Helsinki Commission"; other phrases unchanged."""
    match = re.match(r"(m)embers of\b", group_phrase, flags=re.IGNORECASE)
    if not match:
        return group_phrase
    article = "A" if match.group(1) == "M" else "a"
    return f"{article} {match.group(1)}ember of{group_phrase[match.end():]}"


def pluralize_title(title: str) -> str:
    """"Senator" -> "Senators", "Resident Commissioner" -> "Resident Commissioners"; plain English rules otherwise."""
    if not title:
        return title
    if re.search(r"(s|x|z|ch|sh)$", title, flags=re.IGNORECASE):
        return title + "es"
    if re.search(r"[^aeiou]y$", title, flags=re.IGNORECASE):
        return title[:-1] + "ies"
    return title + "s"


class _Item:
    """A piece of the signatory list; `closes_with_comma` when it ends in an appositive ("R-Miss.")."""

    def __init__(self, text: str, closes_with_comma: bool = False):
        self.text = text
        self.closes_with_comma = closes_with_comma


def _join_items(items: list[_Item]) -> _Item:
    if len(items) == 1:
        return items[0]
    text = ""
    for index, item in enumerate(items[:-1]):
        needs_comma = item.closes_with_comma or len(items) > 2
        text += item.text + ("," if needs_comma else "")
        text += " and " if index == len(items) - 2 else " "
    return _Item(text + items[-1].text, items[-1].closes_with_comma)


def _title_groups(members: list[Member], lists: dict[str, MemberList], signatory_format: str = ""
                  ) -> list[list[_Item]]:
    """Groups of items, each group introduced by its (pluralised) title on the first item (AP style only)."""
    groups: list[tuple[Optional[str], list[Member]]] = []
    by_title: dict[str, list[Member]] = {}
    for member in members:
        title = member.title.strip() if _is_us(member, lists) and not signatory_format else ""
        if not title:
            groups.append((None, [member]))
        elif title in by_title:
            by_title[title].append(member)
        else:
            by_title[title] = [member]
            groups.append((title, by_title[title]))
    return [_group_items(title, group, lists, signatory_format) for title, group in groups]


def _group_items(title: Optional[str], members: list[Member], lists: dict[str, MemberList],
                 signatory_format: str) -> list[_Item]:
    items = [_member_item(m, lists, signatory_format) for m in members]
    if title:
        heading = title if len(members) == 1 else pluralize_title(title)
        if title.lower() in _US_FEDERAL_TITLES:
            heading = f"U.S. {heading}"
        items[0] = _Item(f"{heading} {items[0].text}", items[0].closes_with_comma)
    return items


def _is_us(member: Member, lists: dict[str, MemberList]) -> bool:
    member_list = lists.get(member.list_id)
    return member.country.upper() == "US" or (member_list is not None and member_list.country.upper() == "US")


def _member_item(member: Member, lists: dict[str, MemberList], signatory_format: str) -> _Item:
    """A member in an English opening line: AP style for a US member unless a format is given."""
    if _is_us(member, lists) and not signatory_format:
        appositive = _party_state(member, ap_state)
        return _Item(f"{member.name}, {appositive}", closes_with_comma=True) if appositive else _Item(member.name)
    return _Item(_plain_item(member, lists, signatory_format))


def _plain_item(member: Member, lists: dict[str, MemberList], signatory_format: str) -> str:
    """A member named by a format: the one given, else (outside English) "Name (R-MS)" for a US member, else the
    list's own, else "{name} ({party}, {region})"."""
    if signatory_format:
        return format_signatory(signatory_format, member)
    if _is_us(member, lists):
        appositive = _party_state(member, lambda region: _state_code(region) or region)
        return f"{member.name} ({appositive})" if appositive else member.name
    member_list = lists.get(member.list_id)
    return format_signatory((member_list.signatory_format if member_list else "") or "{name} ({party}, {region})",
                            member)


def _party_state(member: Member, state_form) -> str:
    """"R-Miss." (AP) or "R-MS": the party's initial and the state in `state_form`, either left out when empty."""
    return "-".join(p for p in (party_initial(member.party), state_form(member.region.strip())) if p)


def format_signatory(template: str, member: Member) -> str:
    """Fill a `signatory_format` with the member's fields, dropping the brackets and commas of empty ones."""
    fields = {
        "name": member.name,
        "first_name": member.first_name,
        "last_name": member.last_name,
        "title": member.title,
        "party": member.party,
        "region": member.region,
        "honorific": member.honorific,
    }
    return _tidy(template.format_map(_Blank(fields)))


SIGNATORY_PLACEHOLDERS = tuple(f.name for f in fields(Member))


def signatory_format_problem(template: str) -> str:
    """What is wrong with a `signatory_format` ("" when nothing is): broken braces or an unknown placeholder."""
    try:
        names = [name for _, name, _, _ in string.Formatter().parse(template) if name is not None]
    except ValueError as exc:
        return f"broken 'signatory_format' ({exc}); write placeholders like {{name}}"
    unknown = [name for name in names if name not in SIGNATORY_PLACEHOLDERS]
    return f"unknown placeholder {{{unknown[0]}}}{did_you_mean(unknown[0], SIGNATORY_PLACEHOLDERS)}" if unknown else ""


class _Blank(dict):
    """Unknown placeholders format as empty, so a typo in a list file cannot crash a build."""

    def __missing__(self, key: str) -> str:
        return ""


_TIDY_RULES: tuple[tuple[str, str], ...] = (
    (r"([(\[])[\s,;]+", r"\1"),  # "(, Bath)" -> "(Bath)"
    (r"[\s,;]+([)\]])", r"\1"),  # "(Labour, )" -> "(Labour)"
    (r"\s*(\(\)|\[\])", ""),  # "Jane Doe ()" -> "Jane Doe"
    (r",(\s*,)+", ","),
    (r"\s{2,}", " "),
)


def _tidy(text: str) -> str:
    for pattern, replacement in _TIDY_RULES:
        text = re.sub(pattern, replacement, text)
    return text.strip(" ,;")

