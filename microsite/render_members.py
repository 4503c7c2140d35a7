"""Render the member directory, list pages, member pages with their contact actions, and the contact exports."""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass
from urllib.parse import quote

from .actions import ActionRenderer
from .exports import csv_export, json_export
from .i18n import Language
from .members import US_REGIONS, slugify
from .model import Member, MemberList
from .pressrelease import state_name
from .render_statements import statement_title
from .routes import Router, issue_form_url
from .vcard import member_vcard

EXPORT_FIELDS = ("list", "id", "name", "first_name", "last_name", "title", "party", "region", "district",
                 "district_name", "phone", "email", "contact_form", "website", "committee_role", "committee_rank",
                 "stance", "stance_source", "stance_date", "verified")
# Districts of the US Congress written "0" or "AL": the member is elected by the whole state or territory.
AT_LARGE = ("0", "00", "AL")
# Territories whose one member (a delegate, a resident commissioner) sits for the whole territory.
US_TERRITORIES = frozenset({"DC", "AS", "GU", "MP", "PR", "VI"})
# Profile URL of a handle on each network; a network not here shows the handle as text.
PROFILE_URLS = {
    "twitter": ("X", "https://x.com/{}"),
    "facebook": ("Facebook", "https://www.facebook.com/{}"),
    "instagram": ("Instagram", "https://www.instagram.com/{}/"),
    "youtube": ("YouTube", "https://www.youtube.com/{}"),
    "bluesky": ("Bluesky", "https://bsky.app/profile/{}"),
    "threads": ("Threads", "https://www.threads.net/@{}"),
    "tiktok": ("TikTok", "https://www.tiktok.com/@{}"),
}
HANDLE = re.compile(r"[A-Za-z0-9_.-]{1,100}")
MASTODON_HANDLE = re.compile(r"([A-Za-z0-9_]{1,64})@([A-Za-z0-9.-]+\.[A-Za-z]{2,})")
_ACTION_RENDERERS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_SIGNED_BY: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()  # see signed_by


@dataclass(frozen=True)
class SocialLink:
    network: str  # as shown: "X", "Mastodon"
    handle: str
    url: str = ""  # "" when the network or the handle's shape is unknown: the handle is shown as text


@dataclass(frozen=True)
class RegionGroup:
    anchor: str  # id of the group's heading: "region-ms"
    label: str  # "Mississippi"
    members: list


def all_members(renderer) -> list[Member]:
    return [m for lst in renderer.site.member_lists for m in lst.members]


def region_label(member: Member) -> str:
    """A US state code by its full name ("MS" → "Mississippi"); any other region as written."""
    return state_name(member.region) if _is_us_state(member) else member.region


def _is_us_state(member: Member) -> bool:
    return member.country in ("", "US") and member.region in US_REGIONS


def ordinal(language: Language, number: int) -> str:
    """1 → '1st', 2 → '2nd', 11 → '11th', 23 → '23rd' ('1re', '4e' in French): the suffix by CLDR's ordinal
    category of the number in the language."""
    forms = {
        # Translators: a district's number of CLDR's ordinal category "one" ("1st", "21st"): "1re", "1.º", "1."
        "one": language.pgettext("ordinal one", "%(num)sst"),
        # Translators: a district's number of CLDR's ordinal category "two" ("2nd", "22nd"): "2e", "2.º", "2."
        "two": language.pgettext("ordinal two", "%(num)snd"),
        # Translators: a district's number of CLDR's ordinal category "few" ("3rd", "23rd"): "3e", "3.º", "3."
        "few": language.pgettext("ordinal few", "%(num)srd"),
        # Translators: a district's number of CLDR's ordinal category "other" ("4th", "11th"): "4e", "4.º", "4."
        "other": language.pgettext("ordinal other", "%(num)sth"),
    }
    return forms.get(language.locale.ordinal_form(number), forms["other"]) % {"num": number}


def district_label(language: Language, member: Member) -> str:
    """Where the member sits, in words: "Alabama's 4th district", "Alaska's at-large district", "District of
    Columbia" (a territory's delegate); outside the US "Region, district 5". The region alone when no district."""
    region = region_label(member)
    if not member.district:
        return region
    if not _is_us_state(member):
        if not region:
            return language.gettext("District %(district)s") % {"district": member.district}
        return language.gettext("%(region)s, district %(district)s") % {"region": region,
                                                                         "district": member.district}
    if member.district.upper() in AT_LARGE:
        if member.region in US_TERRITORIES:
            return region
        return language.gettext("%(region)s's at-large district") % {"region": region}
    number = ordinal(language, int(member.district)) if member.district.isdigit() else member.district
    return language.gettext("%(region)s's %(number)s district") % {"region": region, "number": number}


def seat_code(member: Member) -> str:
    """The short form where space is short: "AL-4", "AK-AL"; "" for a territory's one seat (its region says it
    all); outside the US the district as written."""
    if not (member.district and _is_us_state(member)):
        return member.district
    if member.district.upper() in AT_LARGE:
        return "" if member.region in US_TERRITORIES else f"{member.region}-AL"
    return f"{member.region}-{member.district.lstrip('0') or member.district}"


def region_groups(language: Language, members) -> list[RegionGroup]:
    """Members grouped under their region, regions in alphabetical order of their label, members by name."""
    groups: dict[str, list[Member]] = {}
    for member in members:
        groups.setdefault(region_label(member) or language.gettext("No region"), []).append(member)
    return [RegionGroup("region-" + (slugify(label) or "none"), label, sorted(group, key=lambda m: (m.sort_name, m.id)))
            for label, group in sorted(groups.items(), key=lambda item: item[0].lower())]


def _directory(renderer, output, members, member_list, title: str, description: str) -> bytes:
    language = renderer.language(output.language)
    groups = region_groups(language, members)
    parties = sorted({m.party for m in members if m.party})
    exports = {extension: Router.list_export_path(member_list, extension) if member_list else f"/members.{extension}"
               for extension in ("csv", "json")}
    from .render_lookups import lookup_form

    return renderer.html("directory.html", output, title=title, members=members, groups=groups, parties=parties,
                         exports=exports, lists=renderer.site.member_lists, member_list=member_list,
                         description=description, seat_code=seat_code,
                         lookup=lookup_form(renderer, language, member_list.id if member_list else None))


def render_directory(renderer, output) -> bytes:
    language, config = renderer.language(output.language), renderer.config.localized(output.language)
    return _directory(renderer, output, all_members(renderer), None, language.gettext("Who decides"),
                      language.gettext("Everyone with a vote on %(ask)s") % {"ask": config.ask or config.title})


def render_list(renderer, output) -> bytes:
    member_list: MemberList = output.subject
    language = renderer.language(output.language)
    return _directory(renderer, output, list(member_list.members), member_list, member_list.title,
                      language.gettext("%(list)s: where each member stands") % {"list": member_list.title})


def signed_statements(renderer, member: Member, language):
    """(statement, its generated title) for each statement the member signed, newest first, in `language` where
    it has a translation."""
    signed = signed_by(renderer).get(member.id, [])
    return [(s, statement_title(renderer, s, language)) for s in renderer.in_language(signed, language.code)]


def signed_by(renderer) -> dict[str, list]:
    """Member id → the original statements they signed, in the site's order: made once per build, not searched for
    on each member page in each language."""
    if renderer not in _SIGNED_BY:
        index: dict[str, list] = {}
        for statement in renderer.site.statements:
            if not statement.language:
                for member_id in dict.fromkeys(statement.signatories):
                    index.setdefault(member_id, []).append(statement)
        _SIGNED_BY[renderer] = index
    return _SIGNED_BY[renderer]


def social_links(member: Member) -> list[SocialLink]:
    links = []
    for network, handle in member.social:
        if network == "mastodon":
            match = MASTODON_HANDLE.fullmatch(handle)
            url = f"https://{match.group(2)}/@{match.group(1)}" if match else ""
            links.append(SocialLink("Mastodon", handle, url))
        elif network in PROFILE_URLS and HANDLE.fullmatch(handle):
            shown, pattern = PROFILE_URLS[network]
            links.append(SocialLink(shown, handle, pattern.format(quote(handle, safe=""))))
        else:
            links.append(SocialLink(PROFILE_URLS.get(network, (network.capitalize(),))[0], handle))
    return links


def correction_url(renderer, member: Member) -> str:
    """The "report a correction" issue form, pre-filled with who is wrong and where the data lives."""
    page = renderer.router.absolute(member)
    return issue_form_url(renderer.config.repository, "correction.yml", {
        "title": f"Correction: {member.name} ({member.id})", "member_id": member.id, "member_name": member.name,
        "page": page, "data": str(member.where)})


def action_renderer(renderer) -> ActionRenderer:
    """One ActionRenderer per build (the renderer lives as long as the build), so each action is compiled once."""
    if renderer not in _ACTION_RENDERERS:
        _ACTION_RENDERERS[renderer] = ActionRenderer(renderer.site.actions, renderer.report,
                                                     renderer.converter.convert)
    return _ACTION_RENDERERS[renderer]


def member_list_of(renderer, member: Member) -> MemberList:
    return next(lst for lst in renderer.site.member_lists if lst.id == member.list_id)


def contact_description(language: Language, member: Member) -> str:
    """"How to contact Jane Roe, Senator": the page's description for search engines and shares."""
    if member.title:
        return language.gettext("How to contact %(name)s, %(title)s") % {"name": member.name,
                                                                          "title": member.title}
    return language.gettext("How to contact %(name)s") % {"name": member.name}


def render_member(renderer, output) -> bytes:
    member: Member = output.subject
    language = renderer.language(output.language)
    member_list = member_list_of(renderer, member)
    actions = action_renderer(renderer).for_member(member, member_list, renderer.router.absolute(output.path),
                                                   language=output.language)
    return renderer.html("member.html", output, title=member.name, member=member, member_list=member_list,
                         place=district_label(language, member), actions=actions, social=social_links(member),
                         statements=signed_statements(renderer, member, language),
                         vcard=renderer.router.href(Router.member_vcard_path(member)),
                         correction=correction_url(renderer, member),
                         description=contact_description(language, member))


def render_member_vcard(renderer, output) -> bytes:
    member: Member = output.subject
    language = renderer.language(output.language)
    profiles = [(link.network.lower(), link.url) for link in social_links(member) if link.url]
    return member_vcard(language, member, page_url=renderer.router.absolute(member),
                        card_url=renderer.router.absolute(Router.member_vcard_path(member)),
                        organization=member_list_of(renderer, member).title, profiles=profiles,
                        place=district_label(language, member))


def _export_row(language: Language, member: Member) -> dict:
    return {
        "list": member.list_id, "id": member.id, "name": member.name, "first_name": member.first_name,
        "last_name": member.last_name, "title": member.title, "party": member.party, "region": member.region,
        "district": member.district, "district_name": district_label(language, member) if member.district else "",
        "committee_role": member.committee_role, "committee_rank": member.committee_rank or "",
        "phone": member.phone.e164 or member.phone.raw if member.phone else "",
        "email": member.email, "contact_form": member.contact_form, "website": member.website,
        "stance": member.position.stance, "stance_source": member.position.source,
        "stance_date": member.position.date.isoformat() if member.position.date else "",
        "verified": member.verified.isoformat() if member.verified else "",
    }


def _language(renderer, output) -> Language:
    return renderer.language(output.language)


def members_csv(language: Language, members) -> bytes:
    return csv_export(EXPORT_FIELDS, [_export_row(language, m) for m in members])


def members_json(language: Language, members) -> bytes:
    return json_export([_export_row(language, m) for m in members])


KINDS = {
    "directory": render_directory,
    "list": render_list,
    "member": render_member,
    "member_vcard": render_member_vcard,
    "members_csv": lambda renderer, output: members_csv(_language(renderer, output), all_members(renderer)),
    "members_json": lambda renderer, output: members_json(_language(renderer, output), all_members(renderer)),
    "list_csv": lambda renderer, output: members_csv(_language(renderer, output), output.subject.members),
    "list_json": lambda renderer, output: members_json(_language(renderer, output), output.subject.members),
}
