"""Formatting for templates: dates in the reader's style, contact links, stance words, share links."""

from __future__ import annotations

import datetime as dt
import functools
from urllib.parse import quote, urlencode

from babel.dates import get_timezone, get_timezone_location

from .i18n import Language

STANCE_WORDS = {"supports": "Supports", "opposes": "Opposes", "undecided": "Undecided", "unknown": "Unknown"}
STANCE_PLURALS = {"supports": "support", "opposes": "oppose", "undecided": "undecided", "unknown": "unknown"}


def long_date(value: dt.date | dt.datetime | None, language: str = "en", weekday: bool = False) -> str:
    """'21 November 2018' ('November 21, 2018' for en-US), optionally led by the weekday: CLDR's form (i18n)."""
    return i18n_language(language).long_date(value, weekday)


@functools.lru_cache(maxsize=8)
def i18n_language(code: str) -> Language:
    return Language(code)


def press_date(value: dt.date | None) -> str:
    """English press releases keep the American form whatever the site's English: 'November 19, 2018'."""
    return long_date(value, "en-us")


def clock_time(value: dt.datetime, language: Language | None = None) -> str:
    """'10:00 EST (UTC−5)' or '10:00 Dubai time (UTC+4)': the hour in the value's own zone, named for a reader abroad.

    Many zones (Asia/Dubai) have no abbreviation in the tz database, only "+04", so the city stands in for it, named
    as CLDR names it in `language` (English by default): '10:00 heure de Dubaï (UTC+4)'.
    """
    language = language or i18n_language("en")
    abbreviation = value.tzname() or ""
    if not abbreviation.isalpha():
        city = _city(getattr(value.tzinfo, "key", ""), language)
        abbreviation = language.gettext("%(city)s time") % {"city": city} if city else ""
    offset = utc_offset(value)
    if abbreviation in ("", offset):
        return f"{value:%H:%M} {offset}"
    return f"{value:%H:%M} {abbreviation} ({offset})"


def _city(zone: str, language: Language) -> str:
    """The city a tz zone is named after, in the language ("Asia/Dubai" → "Dubaï" in French); "" for none."""
    if "/" not in zone:
        return ""
    try:
        return get_timezone_location(get_timezone(zone), locale=language.locale, return_city=True)
    except LookupError:  # a zone Babel does not know: its own name
        return zone.rpartition("/")[2].replace("_", " ")


def utc_offset(value: dt.datetime) -> str:
    """'UTC+4', 'UTC−5', 'UTC+5:30' (with a true minus sign), 'UTC' for no offset."""
    minutes = int(value.utcoffset().total_seconds() // 60)
    if not minutes:
        return "UTC"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{'+' if minutes > 0 else '−'}{hours}" + (f":{rest:02d}" if rest else "")


def iso(value: dt.date | dt.datetime | None) -> str:
    return value.isoformat() if value is not None else ""


def rfc3339(value: dt.date | dt.datetime) -> str:
    """A date or aware datetime as the timestamp Atom wants: a datetime keeps its own offset (a page written at
    10:00 in Dubai is 2018-11-19T10:00:00+04:00), a plain date counts as midnight UTC."""
    if not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time(), dt.timezone.utc)
    text = value.replace(microsecond=0).isoformat()
    return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text


def mailto(address: str, subject: str = "", body: str = "") -> str:
    """A mailto: URL with subject and body percent-encoded (RFC 6068: spaces as %20, line breaks as %0D%0A)."""
    fields = []
    if subject:
        fields.append("subject=" + quote(subject, safe=""))
    if body:
        fields.append("body=" + quote(body.replace("\r\n", "\n").replace("\n", "\r\n"), safe=""))
    return f"mailto:{quote(address, safe='@')}" + ("?" + "&".join(fields) if fields else "")


def gmail_compose(address: str, subject: str, body: str) -> str:
    return "https://mail.google.com/mail/?" + urlencode({"view": "cm", "fs": "1", "to": address, "su": subject,
                                                         "body": body}, quote_via=quote)


def outlook_compose(address: str, subject: str, body: str) -> str:
    return "https://outlook.office.com/mail/deeplink/compose?" + urlencode(
        {"to": address, "subject": subject, "body": body}, quote_via=quote)


def share_links(url: str, title: str, hashtag: str = "") -> list[tuple[str, str]]:
    """(network, share URL) pairs: plain links, no share-button scripts and no third-party requests until clicked."""
    tagged = f"{title} #{hashtag}" if hashtag else title
    q = lambda value: quote(value, safe="")  # noqa: E731 - a short alias keeps the table readable
    return [
        ("Email", f"mailto:?subject={q(title)}&body={q(url)}"),
        ("X", f"https://x.com/intent/post?text={q(tagged)}&url={q(url)}"),
        ("Facebook", f"https://www.facebook.com/sharer/sharer.php?u={q(url)}"),
        ("WhatsApp", f"https://wa.me/?text={q(tagged + ' ' + url)}"),
        ("Bluesky", f"https://bsky.app/intent/compose?text={q(tagged + ' ' + url)}"),
        ("LinkedIn", f"https://www.linkedin.com/sharing/share-offsite/?url={q(url)}"),
        ("Telegram", f"https://t.me/share/url?url={q(url)}&text={q(tagged)}"),
    ]


def stance_word(stance: str) -> str:
    return STANCE_WORDS.get(stance, stance.capitalize())


def tally(members) -> list[tuple[str, int]]:
    """(stance, count) for every stance present, in the fixed order supports, opposes, undecided, unknown."""
    counts: dict[str, int] = {}
    for member in members:
        counts[member.position.stance] = counts.get(member.position.stance, 0) + 1
    return [(stance, counts[stance]) for stance in STANCE_WORDS if counts.get(stance)]


def tally_text(members) -> str:
    """'12 oppose · 3 support · 177 unknown'."""
    return " · ".join(f"{count} {STANCE_PLURALS[stance]}" for stance, count in tally(members))


def tally_segments(members) -> list[tuple[str, int, str, str]]:
    """(stance, count, x, width) of each bar segment on a 0–100 scale, for the scoreboard's SVG bar."""
    counts = tally(members)
    total = sum(count for _, count in counts) or 1
    segments, x = [], 0.0
    for stance, count in counts:
        width = 100 * count / total
        segments.append((stance, count, f"{x:.3f}", f"{width:.3f}"))
        x += width
    return segments
