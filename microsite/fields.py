"""Read typed values out of a located YAML mapping, reporting each bad value at its own line and column."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

from .errors import Location, Report, did_you_mean
from .yamlsource import Mapping, Sequence

SAFE_URL_SCHEMES = ("http", "https")
# Device names Windows refuses as file names: a site with /con/ or /members/nul.vcf could not be cloned there.
WINDOWS_RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
                              *(f"lpt{i}" for i in range(10))})


def warn_unknown_keys(data: Mapping, known, where_name: str, report: Report) -> None:
    for key in data:
        if key not in known:
            report.warning(data.key_at(key), f"unknown key '{key}' in {where_name}{did_you_mean(key, known)}")


def parse_iso_date(value) -> dt.date:
    text = str(value).strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise ValueError(f"'{text}' is not a date in the form YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"'{text}' is not a real date")


# What Hugo, Jekyll, Pelican and Eleventy write: a day, or a day and a time (T or a space between them, seconds and
# fractions optional), then optionally Z or an offset (+04:00, +0400, +04), with or without a space before it.
_MOMENT = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[Tt ](\d{1,2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?)"
                     r"(?: ?([Zz]|[+-]\d{2}(?::?\d{2})?))?)?")


def parse_moment(value, zone: dt.tzinfo) -> dt.date | dt.datetime:
    """A day as a date; a day and time as an aware datetime, in `zone` when it names no offset of its own."""
    text = str(value).strip()
    match = _MOMENT.fullmatch(text)
    if not match:
        raise ValueError(f"'{text}' is not a date such as 2018-11-19 or 2018-11-19T10:00 (+04:00 or Z optional)")
    day, time, offset = match.groups()
    if time is None:
        return parse_iso_date(day)
    if offset in ("Z", "z"):
        offset = "+00:00"
    elif offset and ":" not in offset:
        offset = offset[:3] + ":" + (offset[3:] or "00")
    try:
        hour_first = "0" + time if time[1] == ":" else time  # "9:05" → "09:05"
        moment = dt.datetime.fromisoformat(f"{day}T{hour_first}{offset or ''}")
    except ValueError:
        raise ValueError(f"'{text}' is not a real date and time")
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


class FieldReader:
    """Typed access to one mapping; a wrong value is reported and replaced by the default, so loading goes on."""

    def __init__(self, data: Mapping, report: Report):
        self.data, self.report = data, report

    def at(self, key):
        return self.data.at(key)

    def require(self, *keys: str) -> bool:
        missing = [k for k in keys if self.data.get(k) is None or str(self.data.get(k)).strip() == ""]  # "  " too
        for key in missing:
            self.report.error(self.data.where, f"'{key}' is required")
        return not missing

    def text(self, key: str, default: str = "") -> str:
        value = self.data.get(key, default)
        if value is None:
            return default
        if isinstance(value, (dict, list)):
            self.report.error(self.data.at(key), f"'{key}' must be text, not a {'list' if isinstance(value, list) else 'mapping'}")
            return default
        if isinstance(value, bool):
            self.report.error(self.data.at(key), f"'{key}' must be text, not true/false")
            return default
        return str(value).strip()

    def boolean(self, key: str, default: bool = False) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            self.report.error(self.data.at(key), f"'{key}' must be true or false")
            return default
        return value

    def integer(self, key: str, default: int) -> int:
        value = self.data.get(key, default)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            self.report.error(self.data.at(key), f"'{key}' must be a whole number of zero or more")
            return default
        return value

    def moment(self, key: str, zone: dt.tzinfo) -> dt.date | dt.datetime | None:
        """A date, or an aware datetime when a time is given (see parse_moment)."""
        value = self.data.get(key)
        if value in (None, ""):
            return None
        try:
            return parse_moment(value, zone)
        except ValueError as exc:
            self.report.error(self.data.at(key), f"'{key}': {exc}")
            return None

    def url(self, key: str) -> str:
        """An http(s) URL; anything else (javascript:, data:, a typo) is reported, since it would reach a visitor."""
        return checked_url(key, self.text(key), self.data.at(key), self.report)

    def text_list(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key)
        if value in (None, ""):
            return ()
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip())
        if not isinstance(value, Sequence) or any(isinstance(item, (dict, list)) for item in value):
            self.report.error(self.data.at(key), f"'{key}' must be a list of names")
            return ()
        return tuple(str(item).strip() for item in value)

    def mapping(self, key: str) -> Mapping | None:
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, Mapping):
            self.report.error(self.data.at(key), f"'{key}' must be a mapping of keys to values")
            return None
        return value


SCRIPT_SCHEMES = ("javascript", "vbscript", "data", "file")


def is_web_url(value: str) -> bool:
    # Whitespace and control characters are refused outright: browsers strip them, so "java\tscript:" still runs.
    if any(c.isspace() or ord(c) < 32 or c in '<>"' for c in value):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:  # an unclosed IPv6 bracket ('http://[::1') or a bad port: no address a visitor can open
        return False
    return parts.scheme.lower() in SAFE_URL_SCHEMES and bool(parts.netloc)


def is_script_url(value: str) -> bool:
    """True for URLs a browser would run or read locally (javascript:, data:, …), however they are disguised."""
    if ":" not in value:  # no scheme; and cheap for the many links to pages ("page-0181.md", "/members/")
        return False
    squeezed = "".join(c for c in value if not (c.isspace() or ord(c) < 32)).lower()
    return squeezed.split(":", 1)[0] in SCRIPT_SCHEMES and ":" in squeezed


def checked_url(name: str, value: str, where: Location, report: Report) -> str:
    """`value` when it may be used as a link; else "", with the problem (see url_problem) reported at `where`."""
    problem = url_problem(name, value) if value else None
    if problem is None:
        return value
    severity, message = problem
    (report.error if severity == "error" else report.warning)(where, message)
    return ""


def url_problem(name: str, value: str) -> tuple[str, str] | None:
    """(severity, message) when `value` may not be used as a link; None when it is a usable http(s) URL.

    A scripting URL is an error, since it is an attack or a serious mistake; any other non-web address (a typo
    such as 'hhttps://', common in public data) is a warning and the link is left out.
    """
    if is_web_url(value):
        return None
    if is_script_url(value):
        scheme = "".join(c for c in value.split(":")[0] if c.isalpha()).lower()
        return "error", f"'{name}' must be an http:// or https:// URL; a {scheme[:12]}: URL could run code"
    return "warning", f"'{name}' is not an http:// or https:// URL, so it is left out: '{value[:60]}'"
