"""The campaign as plain dataclasses, with no I/O: what load produces and route and render consume."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Optional

from .errors import Location

STANCES = ("supports", "opposes", "undecided", "unknown")


@dataclass(frozen=True)
class NavItem:
    title: str
    target: str  # a content file ("pages/why.md"), a site path ("/members/") or an http(s) URL


@dataclass(frozen=True)
class Deadline:
    """The moment the campaign is about (a vote), in its own time zone."""

    when: dt.datetime  # timezone-aware
    timezone: str
    event: str
    place: str
    all_day: bool = False  # a date with no time of day: the whole day in `timezone`


@dataclass(frozen=True)
class ShareStyle:
    """How generated name lists are joined: "Wicker, Shaheen, Coons, & Rubio"."""

    serial_comma: bool = True
    conjunction: str = "&"  # "&" or "and" (in English; any word in a style for another language)


@dataclass(frozen=True)
class ListSettings:
    """How site.yml's `members: {file: …}` asks one contact list file to be read."""

    country: str = ""  # ISO country, the default region of its phone numbers
    committee: str = ""  # a congress-legislators file read as one committee (JCSE)
    group_phrase: str = ""  # the committee list's, instead of "members of the …"
    columns: tuple[tuple[str, str], ...] = ()  # (spreadsheet header, CSV column name)


@dataclass(frozen=True)
class ConfigTranslation:
    """site.yml's `translations: {fr: {…}}` for one language; an empty value means "as in the default language"."""

    title: str = ""
    description: str = ""
    ask: str = ""
    nav: tuple[NavItem, ...] = ()
    event: str = ""
    place: str = ""


@dataclass(frozen=True)
class SiteConfig:
    title: str
    description: str
    base_url: str  # always ends with "/"
    language: str = "en"
    country: str = ""  # default phone region (ISO 3166 alpha-2)
    author: str = ""
    deadline: Optional[Deadline] = None
    hashtag: str = ""
    ask: str = ""  # the campaign's ask; a member's stance is relative to it
    nav: tuple[NavItem, ...] = ()
    cname: str = ""
    accent: str = "#b3261e"
    repository: str = ""  # https://github.com/org/repo, for "report a correction"
    safe_markdown: bool = False
    image: str = ""  # default social card, a path under assets/
    headline_style: ShareStyle = ShareStyle()
    list_settings: tuple[tuple[str, ListSettings], ...] = ()  # (members file name or stem, its settings)
    stale_after_days: int = 90
    # IANA zone of a page time written with no offset (`date: 2018-11-19 10:00`): site.yml's `timezone`, else the
    # deadline's, else UTC.
    timezone: str = "UTC"
    group_signers_by: str = ""  # "country", "type" or "" (one list): how organisations that sign are listed
    sign_on: str = ""  # where "Sign on" goes instead of the issue form: an https: or mailto: URL
    lookup_settings: tuple[tuple[str, "LookupSettings"], ...] = ()  # (lookups file name, its settings)
    headline_styles: tuple[tuple[str, ShareStyle], ...] = ()  # (language code, its style): `headline_style: {fr: …}`
    signatory_formats: tuple[tuple[str, str], ...] = ()  # (language code, format): `signatory_format: {fr: …}`
    other_languages: tuple[str, ...] = ()  # site.yml's `languages`: the languages besides the default
    translations: tuple[tuple[str, "ConfigTranslation"], ...] = ()  # (language, site.yml's values in it)
    translated_from: str = ""  # in a config `localized` to another language: the site's default language

    @property
    def languages(self) -> tuple[str, ...]:
        """Every language of the site, the default first."""
        return (self.default_language,) + tuple(code for code in self.other_languages
                                                if code != self.default_language)

    @property
    def default_language(self) -> str:
        return self.translated_from or self.language

    def localized(self, code: str) -> "SiteConfig":
        """The settings as a page in `code` sees them: title, description, ask, nav and the deadline's event and
        place in that language where site.yml's `translations` gives them; `language` is `code`."""
        if not code or code == self.language:
            return self
        if self.translated_from:  # values already replaced are not the default language's any more
            raise ValueError("localize the site's own settings, not a localized copy")
        own = dict(self.translations).get(code, ConfigTranslation())
        deadline = self.deadline
        if deadline is not None:
            deadline = replace(deadline, event=own.event or deadline.event, place=own.place or deadline.place)
        return replace(self, title=own.title or self.title, description=own.description or self.description,
                       ask=own.ask or self.ask, nav=own.nav or self.nav, deadline=deadline, language=code,
                       translated_from=self.language)

    def settings_of_list(self, file_name: str, stem: str) -> ListSettings:
        """site.yml's settings for the contact list file `file_name`, named there by its name or its stem."""
        by_file = dict(self.list_settings)
        return by_file.get(file_name) or by_file.get(stem) or ListSettings()

    def name_style(self, code: str) -> ShareStyle | None:
        """How a statement's title joins names in language `code`: site.yml's `headline_style` for that language;
        else, in English, its own keys (AP: "A, B, & C"); else None, the language's CLDR list pattern."""
        style = by_language(self.headline_styles, code)
        if style is None and code.split("-")[0].split("_")[0].lower() == "en":
            return self.headline_style
        return style

    def signatory_format(self, code: str) -> str:
        """site.yml's `signatory_format` for language `code` ("" when it gives none): how its opening lines name
        every signatory."""
        return by_language(self.signatory_formats, code) or ""


def by_language(values: tuple[tuple[str, object], ...], code: str):
    """The value given for `code` ("pt-BR"), else for its bare language ("pt"); None when neither is given."""
    found = dict(values)
    code = code.lower().replace("_", "-")
    return found.get(code, found.get(code.split("-")[0]))


@dataclass(frozen=True)
class LookupSettings:
    """What site.yml says about one lookup table; empty values mean "as the table's layout suggests"."""

    lists: tuple[str, ...] = ()  # member list ids it applies to; empty = every list with a region the table knows
    key_name: str = ""  # what visitors call the key: "ZIP code", "postcode"
    normalise: str = ""  # "us-zip" or "alphanumeric"
    param: str = ""  # the query parameter of deep links: /?zip=10001
    source: str = ""  # the data-source line: "districts of the 119th Congress, table of 2024-11-12"


def moment(value: dt.date | dt.datetime) -> dt.datetime:
    """An aware datetime to order and timestamp by: a datetime as it is, a plain date as its midnight in UTC."""
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime.combine(value, dt.time(), dt.timezone.utc)


@dataclass(frozen=True)
class Alias:
    """An old address of a page (Hugo's `aliases`, Jekyll's `redirect_from`): "/2018/11/old-post/"."""

    path: str  # as written, checked to be a site path
    where: Location


@dataclass(frozen=True)
class Page:
    source: str  # "content/pages/why.md"
    slug: str  # "" for the home page
    title: str
    date: Optional[dt.date]  # a date, or an aware datetime when the front matter gives a time
    summary: str
    body: str  # Markdown
    body_line: int  # line of the body's first line in the source file
    author: str = ""  # a name, or a member id (then the byline links to the member)
    published_in: str = ""
    canonical: str = ""
    image: str = ""
    tags: tuple[str, ...] = ()
    draft: bool = False
    updated: Optional[dt.date] = None  # like `date`
    aliases: tuple[Alias, ...] = ()
    # A translation: its language ("fr") and the source of its original ("content/pages/why.md"); "" for an original.
    language: str = ""
    original: str = ""

    @property
    def family(self) -> str:
        """What links a page to its translations: its original's source."""
        return self.original or self.source

    @property
    def is_home(self) -> bool:
        return self.slug == ""

    @property
    def published_at(self) -> Optional[dt.datetime]:
        return moment(self.date) if self.date else None

    @property
    def updated_at(self) -> Optional[dt.datetime]:
        """When the page last changed: `updated`, else `date`."""
        return moment(self.updated or self.date) if (self.updated or self.date) else None


@dataclass(frozen=True)
class Phone:
    raw: str
    e164: str = ""  # "" when the number could not be parsed
    national: str = ""

    @property
    def display(self) -> str:
        return self.national or self.raw


@dataclass(frozen=True)
class Office:
    name: str = ""
    address: str = ""
    phone: Optional[Phone] = None
    hours: str = ""  # opening hours as the source writes them: "Mon-Fri 9-5:30pm"


@dataclass(frozen=True)
class Position:
    stance: str = "unknown"
    source: str = ""
    date: Optional[dt.date] = None


@dataclass(frozen=True)
class Member:
    """Whoever holds a vote: a legislator, a minister, or a whole country's delegation."""

    id: str
    name: str
    list_id: str
    where: Location
    first_name: str = ""
    last_name: str = ""
    title: str = ""  # "Senator", "Representative", "Delegation"
    chamber: str = ""  # "senate", "house", ""
    party: str = ""
    region: str = ""  # state code, constituency or country
    district: str = ""
    country: str = ""  # ISO code when the member stands for or sits in a country
    honorific: str = ""
    phone: Optional[Phone] = None
    email: str = ""
    contact_form: str = ""
    website: str = ""
    social: tuple[tuple[str, str], ...] = ()
    offices: tuple[Office, ...] = ()
    photo: str = ""
    position: Position = Position()
    verified: Optional[dt.date] = None
    notes: str = ""
    # In a list that is one committee: the member's role there ("Chair", "Ranking Member"; "" for a plain member)
    # and rank within their party's side of it (1 first), as congress-legislators gives them.
    committee_role: str = ""
    committee_rank: Optional[int] = None

    @property
    def sort_name(self) -> str:
        return f"{self.last_name or self.name} {self.first_name}".lower()


@dataclass(frozen=True)
class MemberList:
    id: str  # file stem
    source: str
    title: str
    country: str = ""
    group_phrase: str = ""
    # How a statement names a member of this list outside the US style, e.g. "{name} MP ({party}, {region})".
    signatory_format: str = ""
    members: tuple[Member, ...] = ()


@dataclass(frozen=True)
class Event:
    what: str
    when: Optional[dt.datetime]  # timezone-aware
    timezone: str
    where: str
    all_day: bool = False


@dataclass(frozen=True)
class Statement:
    source: str
    slug: str
    signatories: tuple[str, ...]  # member ids, in order
    date: dt.date
    dateline: str
    headline: str  # the verb phrase
    dek: str
    body: str
    body_line: int
    group_phrase: str = ""
    event: Optional[Event] = None
    title: str = ""  # overrides the generated title
    draft: bool = False
    group_signers_by: str = ""  # overrides site.yml's; "none" for one list
    sign_on: str = ""  # overrides site.yml's
    # A translation: its language ("fr") and the source of its original ("content/pages/why.md"); "" for an original.
    language: str = ""
    original: str = ""

    @property
    def family(self) -> str:
        return self.original or self.source

    @property
    def signers_source(self) -> str:
        """The organisations that sign it are listed beside it: content/statements/x.md → x.signers.csv (a
        translation's are its original's)."""
        return self.family.removesuffix(".md") + SIGNERS_SUFFIX


SIGNERS_SUFFIX = ".signers.csv"


@dataclass(frozen=True)
class Signer:
    """An organisation that signed a statement (a coalition letter), as one row of its signers file."""

    name: str
    where: Location  # the row
    country: str = ""
    type: str = ""  # what kind of organisation, in the campaign's own words ("Trade union")
    url: str = ""
    id: str = ""  # tells apart organisations that share a name


@dataclass(frozen=True)
class SignerList:
    source: str  # "content/statements/x.signers.csv"
    signers: tuple[Signer, ...] = ()


@dataclass(frozen=True)
class Action:
    """A letter or call script rendered per member; `subject` and `body` are Jinja2 templates."""

    source: str
    slug: str
    title: str
    kind: str  # "email" or "call"
    subject: str
    body: str
    body_line: int
    lists: tuple[str, ...] = ()  # member list ids it applies to; empty = all
    # A translation: its language ("fr") and the source of its original ("content/pages/why.md"); "" for an original.
    language: str = ""
    original: str = ""

    @property
    def family(self) -> str:
        return self.original or self.source


@dataclass(frozen=True)
class Lookup:
    """A table from a key visitors know (a ZIP code, a postcode) to where members sit: region and district."""

    name: str  # file stem: "zccd"
    source: str  # "content/lookups/zccd.csv"
    layout: str  # "zccd" or "generic"
    key_name: str  # as site.yml names the key; "" for the builder's own name ("ZIP code", "postcode")
    normalise: str  # how keys are written: "us-zip" or "alphanumeric" (see lookups.normalise_key)
    param: str
    description: str  # where the table comes from, printed with every result; "" for the builder's own
    lists: tuple[str, ...]  # as site.yml names them; empty = the default (see lookup_join.applicable_lists)
    # (normalised key, its (region, district or "") places), in key order; most keys have one place, split ones more
    entries: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]
    prefix_length: int  # the shards hold the keys that share this many first characters
    shards: tuple[tuple[str, int, int], ...]  # (name, first entry, entry after the last): see lookups._shards
    regions: tuple[str, ...] = ()  # every region the table names, once


@dataclass(frozen=True)
class Site:
    config: SiteConfig
    pages: tuple[Page, ...] = ()
    statements: tuple[Statement, ...] = ()
    member_lists: tuple[MemberList, ...] = ()
    actions: tuple[Action, ...] = ()
    signer_lists: tuple[SignerList, ...] = ()
    lookups: tuple[Lookup, ...] = ()
    now: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.timezone.utc))

    @cached_property
    def members(self) -> dict[str, Member]:
        return {m.id: m for lst in self.member_lists for m in lst.members}

    @cached_property
    def _signer_lists(self) -> dict[str, SignerList]:
        return {lst.source: lst for lst in self.signer_lists}

    def signers_of(self, statement: Statement) -> SignerList | None:
        """The statement's signers file; None when it has none (it does not take signatures)."""
        return self._signer_lists.get(statement.signers_source)
