"""Validate content/site.yml into a SiteConfig, reporting every bad key with its line and a suggestion."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import Location, Report, did_you_mean
from .fields import FieldReader, is_script_url, is_web_url, warn_unknown_keys
from .i18n import babel_locale
from .importers.columns import column_for, map_target_problem
from .members import is_plausible_email
from .model import ConfigTranslation, Deadline, ListSettings, LookupSettings, NavItem, ShareStyle, SiteConfig
from .pressrelease import signatory_format_problem
from .yamlsource import Mapping, Sequence

KNOWN_KEYS = {
    "title", "description", "base_url", "language", "country", "author", "deadline", "hashtag", "ask",
    "nav", "cname", "accent", "repository", "safe_markdown", "image", "headline_style", "members",
    "stale_after_days", "timezone", "group_signers_by", "sign_on", "lookups", "signatory_format", "languages",
    "translations",
}
# What `translations: {fr: {…}}` may give in another language.
TRANSLATED_KEYS = {"title", "description", "ask", "nav", "deadline"}
TRANSLATED_DEADLINE_KEYS = {"event", "place"}
LOOKUP_KEYS = {"lists", "key_name", "normalise", "param", "source"}
NORMALISATIONS = ("us-zip", "alphanumeric")
REQUIRED_KEYS = ("title", "base_url")
# Per-file settings under `members:` in site.yml.
LIST_SETTINGS = {"country", "committee", "group_phrase", "columns"}
SIGNER_GROUPINGS = ("country", "type", "none")


def normalise_base_url(value: str) -> str:
    """An absolute http(s) URL that ends with '/', so that joining a site path onto it is plain concatenation."""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError("must be an absolute http(s) URL such as https://org.github.io/repo/")
    if parts.query or parts.fragment:
        raise ValueError("must not have a query or fragment")
    path = parts.path.rstrip("/") + "/"
    return f"{parts.scheme}://{parts.netloc}{path}"


def parse_date_or_datetime(value: str) -> tuple[dt.datetime, bool]:
    """'2018-11-21' (a whole day) or '2018-11-21T10:00' / '2018-11-21 10:00' (a local time); returns (naive, all_day)."""
    text = str(value).strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return dt.datetime.combine(dt.date.fromisoformat(text), dt.time()), True
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}(:\d{2})?", text):
        moment = dt.datetime.fromisoformat(text.replace(" ", "T"))
        return moment, False
    raise ValueError(f"'{text}' is not a date (YYYY-MM-DD) or a date and time (YYYY-MM-DDTHH:MM)")


def parse_timezone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone '{name}' (use an IANA name such as Europe/London or Asia/Dubai)")


def read_moment(data: Mapping, when_key: str, report: Report) -> tuple[dt.datetime | None, str, bool]:
    """The aware datetime of `data[when_key]` in `data['timezone']`; shared by the site deadline and statement events."""
    zone_name = str(data.get("timezone") or "UTC")
    try:
        zone = parse_timezone(zone_name)
    except ValueError as exc:
        report.error(data.at("timezone"), str(exc))
        return None, zone_name, False
    if data.get(when_key) in (None, ""):
        report.error(data.where, f"'{when_key}' is required")
        return None, zone_name, False
    try:
        naive, all_day = parse_date_or_datetime(data[when_key])
    except ValueError as exc:
        report.error(data.at(when_key), str(exc))
        return None, zone_name, False
    return naive.replace(tzinfo=zone), zone_name, all_day


def _deadline(data: Mapping | None, report: Report) -> Deadline | None:
    if data is None:
        return None
    warn_unknown_keys(data, {"date", "timezone", "event", "place"}, "deadline", report)
    when, zone_name, all_day = read_moment(data, "date", report)
    if when is None:
        return None
    read = FieldReader(data, report)
    return Deadline(when=when, timezone=zone_name, event=read.text("event"), place=read.text("place"), all_day=all_day)


def _nav(value, where: Location, report: Report) -> tuple[NavItem, ...]:
    if value is None:
        return ()
    if not isinstance(value, Sequence):
        report.error(where, "'nav' must be a list of {title, link} entries")
        return ()
    items = []
    for index, entry in enumerate(value):
        if not isinstance(entry, Mapping) or not entry.get("title") or not entry.get("link"):
            report.error(value.at(index), "each 'nav' entry needs a 'title' and a 'link'")
            continue
        warn_unknown_keys(entry, {"title", "link"}, "nav entry", report)
        link = str(entry["link"]).strip()
        if is_script_url(link):
            report.error(entry.at("link"), f"nav link '{link[:40]}' is a script or data URL, which is not allowed")
            continue
        items.append(NavItem(str(entry["title"]), link))
    return tuple(items)


STYLE_KEYS = {"serial_comma", "conjunction"}


def _headline_style(data: Mapping | None, report: Report) -> ShareStyle:
    """The English style: `headline_style`'s own keys (its language keys are read by _language_headline_styles)."""
    if data is None:
        return ShareStyle()
    read = FieldReader(data, report)
    conjunction = read.text("conjunction", "&")
    if conjunction not in ("&", "and"):
        report.error(data.at("conjunction"), "'conjunction' must be '&' or 'and'")
        conjunction = "&"
    return ShareStyle(serial_comma=read.boolean("serial_comma", True), conjunction=conjunction)


def _language_keys(data: Mapping, setting: str, report: Report, other_keys=frozenset()) -> list[str]:
    """The keys of `setting` that name a language Babel knows; any other key is reported."""
    codes = []
    for key in data:
        if key in other_keys:
            continue
        try:
            babel_locale(str(key))
        except ValueError:
            expected = ", ".join(sorted(other_keys) + ["a language code (en, fr, de…)"])
            report.warning(data.key_at(key), f"unknown key '{key}' in {setting}{did_you_mean(key, other_keys)}; "
                                             f"expected {expected}")
            continue
        codes.append(str(key))
    return codes


def _language_headline_styles(data: Mapping | None, report: Report) -> tuple[tuple[str, ShareStyle], ...]:
    """`headline_style: {fr: {conjunction: et}}`: a language's own way to join a title's names (no serial comma
    unless asked); any conjunction, since it is a word of that language."""
    if data is None:
        return ()
    styles = []
    for code in _language_keys(data, "headline_style", report, STYLE_KEYS):
        style = data[code]
        if not isinstance(style, Mapping):
            report.error(data.at(code), f"'headline_style' for '{code}' must be a mapping like {{conjunction: et}}")
            continue
        warn_unknown_keys(style, STYLE_KEYS, f"headline_style for '{code}'", report)
        read = FieldReader(style, report)
        styles.append((code.lower().replace("_", "-"), ShareStyle(serial_comma=read.boolean("serial_comma", False),
                                                                  conjunction=read.text("conjunction", "&") or "&")))
    return tuple(styles)


def _signatory_formats(data: Mapping | None, report: Report) -> tuple[tuple[str, str], ...]:
    """`signatory_format: {fr: "{name} ({party})"}`: how a statement's opening line in that language names a member."""
    if data is None:
        return ()
    formats = []
    read = FieldReader(data, report)
    for code in _language_keys(data, "signatory_format", report):
        text = read.text(code)
        problem = signatory_format_problem(text)
        if problem:
            report.error(data.at(code), problem)
            continue
        formats.append((code.lower().replace("_", "-"), text))
    return tuple(formats)


def _list_settings(data: Mapping | None, report: Report) -> tuple[tuple[str, ListSettings], ...]:
    """(file name, its settings) for each contact list file site.yml's `members:` names."""
    if data is None:
        return ()
    result = []
    for file_name, settings in data.items():
        if not isinstance(settings, Mapping):
            report.error(data.at(file_name), f"settings for '{file_name}' must be a mapping such as {{country: GB}}")
            continue
        warn_unknown_keys(settings, LIST_SETTINGS, f"members.{file_name}", report)
        read = FieldReader(settings, report)
        columns = _column_map(settings, str(file_name), report) if settings.get("columns") is not None else ()
        result.append((str(file_name), ListSettings(
            country=str(settings.get("country", "")).upper(), committee=read.text("committee").upper(),
            group_phrase=read.text("group_phrase"), columns=columns)))
    return tuple(sorted(result, key=lambda item: item[0]))


def _column_map(settings: Mapping, file_name: str, report: Report) -> tuple[tuple[str, str], ...]:
    """`columns: {Wahlkreis: region}`: a spreadsheet's header -> the CSV column it stands for."""
    value = settings["columns"]
    if not isinstance(value, Mapping):
        report.error(settings.at("columns"), f"'members.{file_name}.columns' must map headers to fields, "
                                             "such as {Wahlkreis: region}")
        return ()
    pairs = []
    for header, target in value.items():
        problem = map_target_problem(str(header), str(target))
        if problem:
            report.error(value.at(header), problem)
        else:
            pairs.append((str(header), column_for(str(target))))
    return tuple(pairs)


def _timezone(read: FieldReader, deadline: Deadline | None, report: Report) -> str:
    """The site's own time zone: `timezone`, else the deadline's (where the campaign happens), else UTC."""
    name = read.text("timezone")
    if not name:
        return deadline.timezone if deadline else "UTC"
    try:
        parse_timezone(name)
    except ValueError as exc:
        report.error(read.at("timezone"), str(exc))
        return "UTC"
    return name


def _lookup_settings(data: Mapping | None, report: Report) -> tuple[tuple[str, LookupSettings], ...]:
    """Per lookup table (by file name under content/lookups/): its lists, key name, normalisation and parameter."""
    if data is None:
        return ()
    result = []
    for file_name, settings in data.items():
        if not isinstance(settings, Mapping):
            report.error(data.at(file_name),
                         f"settings for '{file_name}' must be a mapping such as {{key_name: postcode}}")
            continue
        warn_unknown_keys(settings, LOOKUP_KEYS, f"lookups.{file_name}", report)
        read = FieldReader(settings, report)
        normalise = read.text("normalise")
        if normalise and normalise not in NORMALISATIONS:
            report.error(settings.at("normalise"), f"'normalise' must be one of {', '.join(NORMALISATIONS)}"
                                                   f"{did_you_mean(normalise, NORMALISATIONS)}")
            normalise = ""
        param = read.text("param")
        if param and not re.fullmatch(r"[a-z][a-z0-9_-]{0,30}", param):
            report.error(settings.at("param"), "'param' must be a short lower-case word such as 'postcode'")
            param = ""
        result.append((str(file_name), LookupSettings(lists=read.text_list("lists"), key_name=read.text("key_name"),
                                                      normalise=normalise, param=param, source=read.text("source"))))
    return tuple(sorted(result))


def _url_setting(read: FieldReader, key: str, report: Report) -> str:
    value = read.text(key)
    if value and urlsplit(value).scheme not in ("http", "https"):
        report.error(read.data.at(key), f"'{key}' must be an http(s) URL")
        return ""
    return value.rstrip("/")


def signer_grouping(read: FieldReader) -> str:
    """`group_signers_by`: how a statement lists the organisations that sign it; "" when not set."""
    value = read.text("group_signers_by")
    if value and value not in SIGNER_GROUPINGS:
        choices = ", ".join(SIGNER_GROUPINGS)
        read.report.error(read.at("group_signers_by"),
                          f"'group_signers_by' must be one of {choices}{did_you_mean(value, SIGNER_GROUPINGS)}")
        return ""
    return value


def sign_on_link(read: FieldReader) -> str:
    """`sign_on`: where organisations ask to sign, an https: URL or an email address (kept as a mailto: URL)."""
    value = read.text("sign_on")
    if not value or (value.lower().startswith("https:") and is_web_url(value)):
        return value
    address = value[len("mailto:"):] if value.lower().startswith("mailto:") else value
    if is_plausible_email(address):
        return "mailto:" + address
    read.report.error(read.at("sign_on"), "'sign_on' must be an https:// URL or an email address, "
                                          f"not '{value[:60]}'")
    return ""


def site_language(read: FieldReader) -> str:
    """`language`: the site's language code, one Babel (CLDR) knows; English when not set."""
    code = read.text("language", "en") or "en"
    try:
        babel_locale(code)
    except ValueError as exc:
        read.report.error(read.at("language"), f"'language': {exc}")
        return "en"
    return code


def other_languages(read: FieldReader, default: str) -> tuple[str, ...]:
    """`languages: [fr, es, ar]`: the site's other languages, each one Babel knows (the default may be listed)."""
    codes = []
    value = read.data.get("languages")
    for index, code in enumerate(read.text_list("languages")):
        where = value.at(index) if hasattr(value, "at") else read.at("languages")
        try:
            babel_locale(code)
        except ValueError as exc:
            read.report.error(where, f"'languages': {exc}")
            continue
        if code != default and code not in codes:
            codes.append(code)
    return tuple(codes)


def _translations(data: Mapping | None, languages: tuple[str, ...], report: Report):
    """`translations: {fr: {title: …, deadline: {event: …}}}`: site.yml's words in each other language."""
    if data is None:
        return ()
    result = []
    for code, values in data.items():
        code = str(code)
        if code not in languages:
            report.error(data.at(code), f"translations: '{code}' is not one of the site's languages "
                                        f"({', '.join(languages) or 'none'}){did_you_mean(code, languages)}")
            continue
        if not isinstance(values, Mapping):
            report.error(data.at(code), f"translations.{code} must be a mapping such as {{title: …}}")
            continue
        warn_unknown_keys(values, TRANSLATED_KEYS, f"translations.{code}", report)
        read = FieldReader(values, report)
        deadline = read.mapping("deadline")
        if deadline is not None:
            warn_unknown_keys(deadline, TRANSLATED_DEADLINE_KEYS, f"translations.{code}.deadline", report)
        event_read = FieldReader(deadline, report) if deadline is not None else None
        result.append((code, ConfigTranslation(
            title=read.text("title"), description=read.text("description"), ask=read.text("ask"),
            nav=_nav(values.get("nav"), values.at("nav"), report),
            event=event_read.text("event") if event_read else "", place=event_read.text("place") if event_read else "",
        )))
    return tuple(sorted(result))


def build_config(data, path: str, report: Report, base_url_override: str = "") -> SiteConfig | None:
    """SiteConfig from parsed site.yml; every problem goes to `report`, and None when it cannot be built."""
    if not isinstance(data, Mapping):
        report.error(Location(path), "site.yml must be a mapping of settings (title:, base_url:, …)")
        return None
    warn_unknown_keys(data, KNOWN_KEYS, "site.yml", report)
    for key in REQUIRED_KEYS:
        if not data.get(key) and not (key == "base_url" and base_url_override):
            report.error(data.where, f"'{key}' is required in site.yml")
    read = FieldReader(data, report)
    base_url = base_url_override or read.text("base_url") or "http://localhost/"
    try:
        base_url = normalise_base_url(base_url)
    except ValueError as exc:
        where = data.at("base_url") if not base_url_override else Location("--base-url")
        report.error(where, f"base_url {exc}")
        base_url = "http://localhost/"
    accent = read.text("accent", "#b3261e")
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", accent):
        report.error(data.at("accent"), "'accent' must be a colour like #b3261e")
        accent = "#b3261e"
    cname = read.text("cname")
    if cname and not re.fullmatch(r"[A-Za-z0-9.-]+", cname):
        report.error(data.at("cname"), "'cname' must be a bare host name such as campaign.example.org")
        cname = ""
    deadline = _deadline(read.mapping("deadline"), report)
    language = site_language(read)
    languages = other_languages(read, language)
    return SiteConfig(
        title=read.text("title"),
        description=read.text("description"),
        base_url=base_url,
        language=language,
        other_languages=languages,
        translations=_translations(read.mapping("translations"), languages, report),
        country=read.text("country").upper(),
        author=read.text("author"),
        deadline=deadline,
        hashtag=read.text("hashtag").lstrip("#"),
        ask=read.text("ask"),
        nav=_nav(data.get("nav"), data.at("nav"), report),
        cname=cname,
        accent=accent.lower(),
        repository=_url_setting(read, "repository", report),
        safe_markdown=read.boolean("safe_markdown", False),
        image=read.text("image"),
        headline_style=_headline_style(read.mapping("headline_style"), report),
        headline_styles=_language_headline_styles(read.mapping("headline_style"), report),
        signatory_formats=_signatory_formats(read.mapping("signatory_format"), report),
        list_settings=_list_settings(read.mapping("members"), report),
        stale_after_days=read.integer("stale_after_days", 90),
        timezone=_timezone(read, deadline, report),
        group_signers_by=signer_grouping(read),
        sign_on=sign_on_link(read),
        lookup_settings=_lookup_settings(read.mapping("lookups"), report),
    )
