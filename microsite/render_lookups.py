"""Render lookup shards (JSON: each key's answer and the cards of the members in it) and the lookup form's settings."""

from __future__ import annotations

import json
import os
import weakref

from .filters import stance_word
from .i18n import Language
from .lookup_join import Join, RegionAnswer, join_named, page_lookup
from .lookups import tidy_district
from .model import STANCES, Lookup, Member, Office, Phone
from .actions import action_anchor, applies_to
from .render_members import action_renderer, member_list_of
from .routes import Router

_CARDS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()  # renderer → member id → card


def local_office(member: Member) -> Office | None:
    """The first office with a callable number that is not the capital one: many campaigns prefer calls to local
    offices. The capital office shares the member's main number or is named "Washington…" (congress-legislators
    names the Capitol office so), except for DC's delegate, whose local office is in Washington too."""
    main = member.phone.e164 if member.phone else ""
    capital = "washington" if member.region != "DC" else "\0"
    for office in member.offices:
        phone = office.phone
        if phone and phone.e164 and phone.e164 != main and not office.name.lower().startswith(capital):
            return office
    return None


def _phone(phone: Phone):
    """E.164 alone when it is shown as lookup.js writes a North American number, "(202) 224-3121"; else [E.164, as
    shown]. Most of the US table's bytes were these numbers written twice."""
    digits = phone.e164[2:]
    north_american = phone.e164.startswith("+1") and len(digits) == 10
    if north_american and phone.display == f"({digits[:3]}) {digits[3:6]}-{digits[6:]}":
        return phone.e164
    return [phone.e164, phone.display]


def seat_words(language: Language, district: str) -> str:
    """"district 3", "at large", or a named district ("North Ward") as written, in the language."""
    if district == "0":
        return language.pgettext("district", "at large")
    if district.isdigit():
        return language.gettext("district %(district)s") % {"district": district}
    return district


def _role(member: Member, language: Language) -> str:
    district = tidy_district(member.district)
    seat = f", {seat_words(language, district)}" if district else ""
    return " · ".join(part for part in (member.title + seat, member.party) if part)


def _output_language(renderer, language: Language) -> str:
    """The language as outputs and routes name it: "" for the site's default."""
    return "" if language.code == renderer.config.language else language.code


def member_card(renderer, member: Member, language: Language) -> dict:
    """One member's result card as lookup.js draws it, in short keys (the US table has 894 shards): n name, r role,
    s stance, t and l the main and local-office phones (see _phone), c the contact form (or w the website)
    when no letter can be emailed, e the letters [title, mailto, Gmail, Outlook], a the actions that apply, as
    (anchor on the member page, title), which the shard lists once. The links are the member page's own
    (actions.py via render_members)."""
    cards = _CARDS.setdefault(renderer, {})
    key = (member.id, language.code)
    if key not in cards:
        writer = action_renderer(renderer)
        code = _output_language(renderer, language)
        page = renderer.router.absolute(renderer.router.path_in(member, code))
        # Only letters to an address become links here; the card points at the rest on the member page.
        letters = writer.for_member(member, member_list_of(renderer, member), page, kinds=("email",),
                                    language=code) if member.email else []
        card = {"n": member.name, "r": _role(member, language), "s": member.position.stance}
        if member.phone and member.phone.e164:
            card["t"] = _phone(member.phone)
        office = local_office(member)
        if office:
            card["l"] = _phone(office.phone)
        if any(a.mailto for a in letters):
            card["e"] = [[a.action.title, a.mailto, a.gmail, a.outlook] for a in letters if a.mailto]
        elif member.contact_form:
            card["c"] = member.contact_form
        elif member.website:
            card["w"] = member.website
        actions = [a for a in writer.in_language(code) if applies_to(a, member)]
        if actions:
            card["a"] = [(action_anchor(a), a.title) for a in actions]
        cards[key] = card
    return cards[key]


def _answer(answer: list[RegionAnswer], cards: dict, language: Language) -> list:
    """The JSON of one key's answer; members are named by id, their cards gathered in `cards`."""
    def ids(members):
        for member in members:
            cards.setdefault(member.id, member)
        return [m.id for m in members]

    # Short keys, as in the cards: g the region, m its members, d its districts, each with l a label and m members.
    return [{"g": block.region, "m": ids(block.members),
             "d": [{"l": seat_words(language, d.district), "m": ids(d.members)} for d in block.districts]}
            for block in answer]


def render_shard(renderer, output) -> bytes:
    """{"p": what all its keys start with, "answers": [...], "keys": [the endings (after p) of the keys that get
    each answer, joined by commas], "cards": member id → card, "actions": [...]}: one request answers any key."""
    join = join_named(renderer.site, output.subject.lookup)
    entries = join.shards[output.subject.prefix]
    common = os.path.commonprefix([entries[0][0], entries[-1][0]])  # the keys are in order
    endings: dict[tuple, list[str]] = {}  # the keys of one district share one answer: grouped by their places
    for key, places in entries:
        endings.setdefault(places, []).append(key[len(common):])
    members: dict[str, Member] = {}
    language = renderer.language(output.language)
    answers = [_answer(join.answer_for(places), members, language) for places in endings]
    cards = {member_id: member_card(renderer, member, language) for member_id, member in sorted(members.items())}
    actions = sorted({action for card in cards.values() for action in card.get("a", ())})
    cards = {member_id: {**card, "a": [actions.index(a) for a in card["a"]]} if "a" in card else card
             for member_id, card in cards.items()}
    data = {"p": common, "answers": answers, "keys": [",".join(group) for group in endings.values()],
            "cards": cards, "actions": actions}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


def key_name(lookup: Lookup, language: Language) -> str:
    """What visitors call the key: site.yml's `key_name`, else the builder's name for it in the language."""
    if lookup.key_name:
        return lookup.key_name
    return language.gettext("ZIP code") if lookup.layout == "zccd" else language.gettext("postcode")


def source_of(lookup: Lookup, language: Language) -> str:
    """Where the table comes from: site.yml's `source`, else the file, or for the US table what it is."""
    return lookup.description or language.gettext(
        "congressional districts by ZIP code (zccd.csv, us-zipcodes-congress)")


def lookup_form(renderer, language: Language, list_id: str | None = None) -> dict | None:
    """What the lookup form on a page in `language` needs (see templates/_lookup.html): its results link to the
    member pages of that language; None when no lookup searches the page's lists."""
    join: Join | None = page_lookup(renderer.site, list_id)
    if join is None:
        return None
    lookup = join.lookup
    code = _output_language(renderer, language)
    return {"name": lookup.name, "param": lookup.param, "key_name": key_name(lookup, language),
            "normalise": lookup.normalise, "prefix_length": join.prefix_length, "source": source_of(lookup, language),
            "shards": " ".join(name for name, _, _ in lookup.shards),
            "shard_url": renderer.router.href(Router.lookup_shard_path(lookup.name, "{prefix}", code)),
            "member_url": renderer.router.href(renderer.router.path_in(Router.member_path_of_id("{id}"),
                                                                       language.code)),
            "stances": json.dumps({stance: stance_word(language, stance) for stance in STANCES},
                                  ensure_ascii=False)}


KINDS = {"lookup_shard": render_shard}
