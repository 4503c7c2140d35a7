"""Validate raw member records from all readers into Member and MemberList objects, the one place values are checked."""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional
from urllib.parse import urlsplit

import phonenumbers

from .errors import Location, Report, did_you_mean
from .fields import WINDOWS_RESERVED, url_problem
from .model import Member, MemberList, Office, Phone, Position, SiteConfig, STANCES
from .pressrelease import signatory_format_problem
from .rawrecord import RawRecord

# The order of these tuples is also the order `import` writes the fields in.
MEMBER_FIELDS = (
    "id", "name", "first_name", "last_name", "title", "honorific", "chamber", "party", "region", "district",
    "country", "phone", "email", "contact_form", "website", "social", "offices", "photo", "position",
    "verified", "notes", "committee_role", "committee_rank",
)
LIST_FIELDS = ("title", "country", "group_phrase", "signatory_format")
POSITION_FIELDS = ("stance", "source", "date")
OFFICE_FIELDS = ("name", "address", "phone", "hours")
SOCIAL_NETWORKS = (
    "twitter", "facebook", "instagram", "youtube", "mastodon", "bluesky", "threads", "tiktok", "linkedin",
)
_PLAIN_TEXT = ("first_name", "last_name", "title", "honorific", "chamber", "party", "district", "notes",
               "committee_role")
_URL_FIELDS = ("contact_form", "website")

# 50 states, DC and the five territories that send a delegate: the `state` values of congress-legislators.
US_REGIONS = frozenset(
    "AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK "
    "OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC AS GU MP PR VI".split()
)

_ID = re.compile(r"[a-z0-9-]+")
_COUNTRY = re.compile(r"[A-Za-z]{2}")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def slugify(text: str) -> str:
    """'Jesús García' -> 'jesus-garcia': the id alphabet [a-z0-9-], accents folded rather than dropped."""
    folded = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


@dataclass(frozen=True)
class ListContext:
    """What every member of one list shares: the list it belongs to and its default phone region."""

    list_id: str
    region: str  # ISO country used for numbers written without "+country code"
    # The list's own country. "US" makes regions state codes; a member's `country` does not, since a member
    # standing for the United States (an Interpol delegation) has the country itself as its region.
    country: str = ""
    make_ids: bool = False  # `import`: a member with no id gets the slug of its name


class _Check:
    """Validation helpers bound to one record, so every message carries the value's own location."""

    def __init__(self, raw: RawRecord, report: Report):
        self.raw, self.report = raw, report

    def error(self, path: str, message: str) -> None:
        self.report.error(self.raw.at(path), message + self.raw.hint(path))

    def warning(self, path: str, message: str) -> None:
        self.report.warning(self.raw.at(path), message + self.raw.hint(path))

    def unknown_keys(self, mapping: dict, known: Iterable[str], prefix: str = "", what: str = "field") -> None:
        for key in mapping:
            if str(key) not in known:
                path = prefix + str(key)
                message = f"unknown {what} '{path}'{did_you_mean(key, known)}"
                self.report.warning(self.raw.key_at(path), message + self.raw.hint(path))

    def text(self, path: str, value) -> str:
        if value is None:
            return ""
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            shown = "true/false" if isinstance(value, bool) else "a list" if isinstance(value, list) else "a mapping"
            self.error(path, f"'{path}' must be text, not {shown} (put it in quotes)")
            return ""
        return str(value).strip()

    def mapping(self, path: str, value, shape: str) -> dict:
        if value is None or value == "":
            return {}
        if not isinstance(value, dict):
            self.error(path, f"'{path}' must be a mapping like {shape}")
            return {}
        return value

    def url(self, path: str, value) -> str:
        text = self.text(path, value)
        problem = url_problem(path, text) if text else None
        if problem:
            severity, message = problem
            (self.error if severity == "error" else self.warning)(path, message)
            return ""
        return text

    def date(self, path: str, value) -> Optional[dt.date]:
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        text = self.text(path, value)
        if not text:
            return None
        if not _ISO_DATE.fullmatch(text):
            self.error(path, f"'{path}' must be a date written YYYY-MM-DD, not '{text}'")
            return None
        try:
            return dt.date.fromisoformat(text)
        except ValueError as exc:
            self.error(path, f"impossible date '{text}' in '{path}' ({exc})")
            return None

    def rank(self, path: str, value) -> Optional[int]:
        if value is None or value == "":
            return None
        if isinstance(value, str) and value.strip().isdigit():  # a CSV cell
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            self.error(path, f"'{path}' must be a whole number from 1 up, not '{value}'")
            return None
        return value

    def phone(self, path: str, value, region: str) -> Optional[Phone]:
        raw = self.text(path, value)
        if not raw:
            return None
        phone, problem = _read_phone(raw, region)
        if problem:
            self.warning(path, problem)
        return phone

    def email(self, path: str, value) -> str:
        text = self.text(path, value)
        if any(c in text for c in "\r\n"):
            # A line break would let the value inject headers into the mailto: links built from it.
            self.error(path, f"'{path}' contains a line break")
            return ""
        if text and not is_plausible_email(text):
            hint = " (leave out 'mailto:')" if text.lower().startswith("mailto:") else ""
            self.error(path, f"'{text}' is not an email address{hint}")
            return ""
        return text

    def country(self, path: str, value) -> str:
        text = self.text(path, value)
        if text and not _COUNTRY.fullmatch(text):
            self.error(path, f"'{path}' must be a two-letter ISO country code such as US or GB, not '{text}'")
            return ""
        return text.upper()


@functools.lru_cache(maxsize=4096)
def _read_phone(raw: str, region: str) -> tuple[Phone, str]:
    """The number and '' or, when unusable, Phone(raw) and why. Cached: an office often repeats the main number."""
    try:
        number = phonenumbers.parse(raw, region or None)
    except phonenumbers.NumberParseException as exc:
        return Phone(raw), f"cannot read phone number '{raw}': {_phone_problem(exc, region)}"
    if not phonenumbers.is_valid_number(number):
        where = f" in {region}" if region and not raw.startswith("+") else ""
        return Phone(raw), f"'{raw}' is not a valid phone number{where}"
    return (
        Phone(
            raw,
            phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164),
            phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL),
        ),
        "",
    )


def _phone_problem(exc: phonenumbers.NumberParseException, region: str) -> str:
    if exc.error_type == phonenumbers.NumberParseException.INVALID_COUNTRY_CODE:
        if not region:
            return "start it with + and the country code, or set the list's country"
        return f"'{region}' is not a country phonenumbers knows"
    return "it does not look like a phone number"


def is_plausible_email(text: str) -> bool:
    local, _, domain = text.partition("@")
    return (
        text.count("@") == 1
        and bool(local)
        # ? & % # / would be read as URL syntax in the mailto: links made from the address (?bcc=, %0A).
        and not any(c.isspace() or ord(c) < 32 or c in ',;<>"?&%#/\\' for c in text)
        and "." in domain
        and not domain.startswith(".")
        and not domain.endswith(".")
        and ".." not in domain
    )


def _photo(check: _Check, value) -> str:
    """A photo is an http(s) URL or a relative path under assets/; any other scheme could run code."""
    text = check.text("photo", value)
    if not text:
        return ""
    if urlsplit(text).scheme or text.startswith("//"):
        return check.url("photo", text)
    if text.startswith(("/", "\\")) or ".." in re.split(r"[\\/]", text):
        check.error("photo", f"'photo' must be an https:// address or a path under assets/, not '{text}'")
        return ""
    return text


def _member_id(check: _Check, raw: RawRecord, name: str, ctx: ListContext) -> str:
    value = check.text("id", raw.values.get("id"))
    if not value and ctx.make_ids and name:
        value = slugify(name)
        # Member.where and duplicate-id messages then point at the name the id was made from.
        raw.locations.setdefault("id", raw.at("name"))
    if not value:
        check.error("id", "member has no 'id' (a short name such as 'jane-doe' that statements refer to)")
    elif not _ID.fullmatch(value):
        check.error("id", f"member id '{value}' may use only a-z, 0-9 and '-' (try '{slugify(value)}')")
        return ""
    elif value in WINDOWS_RESERVED:
        check.error("id", f"member id '{value}' is a device name on Windows, where the site could not be checked out")
        return ""
    return value


def _member_name(check: _Check, raw: RawRecord, first: str, last: str) -> str:
    name = check.text("name", raw.values.get("name")) or " ".join(p for p in (first, last) if p)
    if not name:
        check.error("name", "member has no 'name' (or 'first_name' and 'last_name')")
    return name


def _region(check: _Check, value, country: str) -> str:
    text = check.text("region", value)
    if country != "US" or not text:
        return text
    if text.upper() not in US_REGIONS:
        check.error("region", f"region '{text}' is not a US state code{did_you_mean(text.upper(), US_REGIONS)}")
        return ""
    return text.upper()


def social_handle(network: str, text: str) -> str:
    """The handle in a profile address or a handle: 'https://x.com/@jane/' and '@jane' -> 'jane'.

    Sources mix both forms in one file; Mastodon's 'https://server/@user' becomes 'user@server'.
    """
    text = text.strip()
    if "/" not in text:
        return text.lstrip("@")
    parts = urlsplit(text if "//" in text else "https://" + text)
    handle = parts.path.strip("/").rsplit("/", 1)[-1].lstrip("@")
    return f"{handle}@{parts.hostname}" if network == "mastodon" and handle and parts.hostname else handle


def _social(check: _Check, value) -> tuple[tuple[str, str], ...]:
    networks = check.mapping("social", value, "{twitter: handle}")
    check.unknown_keys(networks, SOCIAL_NETWORKS, "social.")
    handles = ((str(k), social_handle(str(k), check.text(f"social.{k}", v))) for k, v in networks.items())
    return tuple((network, handle) for network, handle in handles if handle)


def _offices(check: _Check, value, region: str) -> tuple[Office, ...]:
    if value is None or value == "":
        return ()
    if not isinstance(value, list):
        check.error("offices", "'offices' must be a list of {name, address, phone}")
        return ()
    offices = []
    for index, item in enumerate(value):
        path = f"offices.{index}"
        office = check.mapping(path, item, "{name: Washington, address: …, phone: …}")
        check.unknown_keys(office, OFFICE_FIELDS, path + ".")
        offices.append(
            Office(
                name=check.text(path + ".name", office.get("name")),
                address=check.text(path + ".address", office.get("address")),
                phone=check.phone(path + ".phone", office.get("phone"), region),
                hours=check.text(path + ".hours", office.get("hours")),
            )
        )
    return tuple(o for o in offices if o.name or o.address or o.phone)


def _position(check: _Check, value) -> Position:
    if isinstance(value, str):  # `position: supports` is shorthand for {stance: supports}
        value = {"stance": value}
    position = check.mapping("position", value, "{stance: supports, source: https://…, date: 2018-11-19}")
    check.unknown_keys(position, POSITION_FIELDS, "position.")
    stance = check.text("position.stance", position.get("stance")).lower() or "unknown"
    if stance not in STANCES:
        check.error(
            "position.stance",
            f"unknown stance '{stance}'{did_you_mean(stance, STANCES)}; use one of {', '.join(STANCES)}",
        )
        stance = "unknown"
    return Position(
        stance=stance,
        source=check.url("position.source", position.get("source")),
        date=check.date("position.date", position.get("date")),
    )


def build_member(raw: RawRecord, ctx: ListContext, report: Report) -> Optional[Member]:
    """Validate one record; None when it has no usable id or name (it could not be referred to)."""
    check = _Check(raw, report)
    values = raw.values
    check.unknown_keys(values, MEMBER_FIELDS)
    plain = {key: check.text(key, values.get(key)) for key in _PLAIN_TEXT}
    honorific = plain.pop("honorific") or plain["title"]
    name = _member_name(check, raw, plain["first_name"], plain["last_name"])
    member_id = _member_id(check, raw, name, ctx)
    country = check.country("country", values.get("country"))
    # The member's own country beats the list's: a list of national delegations mixes countries.
    region = country or ctx.region
    if not member_id or not name:
        return None
    return Member(
        id=member_id,
        name=name,
        list_id=ctx.list_id,
        where=raw.at("id"),
        **plain,
        honorific=honorific,
        region=_region(check, values.get("region"), ctx.country),
        country=country,
        phone=check.phone("phone", values.get("phone"), region),
        email=check.email("email", values.get("email")),
        **{key: check.url(key, values.get(key)) for key in _URL_FIELDS},
        social=_social(check, values.get("social")),
        offices=_offices(check, values.get("offices"), region),
        photo=_photo(check, values.get("photo")),
        position=_position(check, values.get("position")),
        verified=check.date("verified", values.get("verified")),
        committee_rank=check.rank("committee_rank", values.get("committee_rank")),
    )


def list_country(path: Path, declared: str, config: SiteConfig) -> str:
    """The list's country: its own `country`, else the one site.yml's `members:` gives its file."""
    return (declared or config.settings_of_list(path.name, path.stem).country).upper()


def _signatory_format(check: _Check, value) -> str:
    text = check.text("signatory_format", value)
    problem = signatory_format_problem(text)
    if problem:
        check.error("signatory_format", problem)
        return ""
    return text


def build_member_list(
    path: Path,
    rel: str,
    header: Optional[RawRecord],
    records: Iterable[RawRecord],
    config: SiteConfig,
    report: Report,
    *,
    make_ids: bool = False,
) -> MemberList:
    """Validate a list's header and every member record. Ids are checked across lists by check_unique_ids."""
    header = header or RawRecord({}, Location(rel))
    check = _Check(header, report)
    check.unknown_keys(header.values, LIST_FIELDS, what="list field")
    country = list_country(path, check.country("country", header.values.get("country")), config)
    # Numbers written without "+country code" are read in the list's country, else the site's.
    ctx = ListContext(path.stem, country or config.country.upper(), country, make_ids)
    members = (build_member(record, ctx, report) for record in records)
    return MemberList(
        id=path.stem,
        source=rel,
        title=check.text("title", header.values.get("title")) or _title_from_stem(path.stem),
        country=country,
        group_phrase=check.text("group_phrase", header.values.get("group_phrase")),
        signatory_format=_signatory_format(check, header.values.get("signatory_format")),
        members=tuple(m for m in members if m is not None),
    )


def _title_from_stem(stem: str) -> str:
    return re.sub(r"[-_]+", " ", stem).strip().title()


def check_unique_ids(lists: Iterable[MemberList], report: Report) -> None:
    """Report every member id used twice, in one list or across lists, naming where it was first defined."""
    first: dict[str, Member] = {}
    for member_list in lists:
        for member in member_list.members:
            earlier = first.setdefault(member.id, member)
            if earlier is not member:
                report.error(member.where, f"duplicate member id '{member.id}' (first defined at {earlier.where})")
