"""Formatting for templates: dates in the reader's style, contact links, stance words, share links."""

from __future__ import annotations

import datetime as dt
import functools
from urllib.parse import quote, urlencode

from babel.dates import format_skeleton, get_timezone_location
from jinja2 import pass_context

from .i18n import Language
from .model import STANCES


@functools.lru_cache(maxsize=8)
def i18n_language(code: str) -> Language:
    return Language(code)


def press_date(value: dt.date | None) -> str:
    """English press releases keep the American form whatever the site's English: 'November 19, 2018'."""
    return i18n_language("en-US").long_date(value)


def clock_time(value: dt.datetime, language: Language) -> str:
    """'10:00 Dubai time (UTC+4)', '10:00 heure de Dubaï (UTC+4)': the hour in the value's own zone, named for a
    reader abroad by the zone's city (CLDR's exemplar city, in the language), on the 24-hour clock in the
    language's own form.

    English keeps the tz database's abbreviation where the zone has one ('10:00 EST (UTC−5)'): those are English
    abbreviations other languages do not share. Many zones (Asia/Dubai) have none, only "+04".
    """
    hour = format_skeleton("Hm", value, locale=language.locale)
    offset = utc_offset(value)
    abbreviation = value.tzname() or ""
    if language.locale.language == "en" and abbreviation.isalpha() and abbreviation != offset:
        return f"{hour} {abbreviation} ({offset})"
    city = zone_city(value, language)
    if not city:
        return f"{hour} {offset}"
    # Translators: an hour in a time zone named by its main city, for a reader elsewhere: "10:00 Dubai time (UTC+4)".
    return language.gettext("%(time)s %(city)s time (%(offset)s)") % {"time": hour, "city": city, "offset": offset}


def zone_city(value: dt.datetime, language: Language) -> str:
    """The city a time zone is named after, in the language ('Dubaï'); "" for a zone that has none (UTC, Etc/…)."""
    key = getattr(value.tzinfo, "key", "") or ""
    if "/" not in key or key.startswith("Etc/"):
        return ""
    return get_timezone_location(value.tzinfo, locale=language.locale, return_city=True)


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


@pass_context
def share_links(context, url: str, title: str, hashtag: str = "") -> list[tuple[str, str]]:
    """(network, share URL) pairs: plain links, no share-button scripts and no third-party requests until clicked;
    the networks go by their own names, email by the page's language's word."""
    # Each text is percent-encoded once (quote takes ~7 µs): the encoding of "a b" is a's, %20, then b's.
    q_url, q_title = quote(url, safe=""), quote(title, safe="")
    q_tagged = quote(f"{title} #{hashtag}", safe="") if hashtag else q_title
    return [
        (context["language"].gettext("Email"), f"mailto:?subject={q_title}&body={q_url}"),
        ("X", f"https://x.com/intent/post?text={q_tagged}&url={q_url}"),
        ("Facebook", f"https://www.facebook.com/sharer/sharer.php?u={q_url}"),
        ("WhatsApp", f"https://wa.me/?text={q_tagged}%20{q_url}"),
        ("Bluesky", f"https://bsky.app/intent/compose?text={q_tagged}%20{q_url}"),
        ("LinkedIn", f"https://www.linkedin.com/sharing/share-offsite/?url={q_url}"),
        ("Telegram", f"https://t.me/share/url?url={q_url}&text={q_tagged}"),
    ]


@functools.lru_cache(maxsize=64)  # on every member page, and for each member of the directory and list pages
def stance_word(language: Language, stance: str) -> str:
    """One member's stance (one of model.STANCES) as a label: "Supports", "Opposes"…"""
    return {"supports": language.pgettext("stance", "Supports"),
            "opposes": language.pgettext("stance", "Opposes"),
            "undecided": language.pgettext("stance", "Undecided"),
            "unknown": language.pgettext("stance", "Unknown")}[stance]


def stance_count(language: Language, stance: str, count: int) -> str:
    """"12 oppose", "3 support": a count of members with one stance, in the language's plural form."""
    # English keeps the verb's plural even for one ("1 support"): a scoreboard column more than a sentence.
    forms = {
        # Translators: a scoreboard count of members by stance, joined as "12 oppose · 3 support · 177 unknown"
        "supports": language.ngettext("%(num)s support", "%(num)s support", count),
        # Translators: a scoreboard count of members by stance, joined as "12 oppose · 3 support · 177 unknown"
        "opposes": language.ngettext("%(num)s oppose", "%(num)s oppose", count),
        # Translators: a scoreboard count of members by stance, joined as "12 oppose · 3 support · 177 unknown"
        "undecided": language.ngettext("%(num)s undecided", "%(num)s undecided", count),
        # Translators: a scoreboard count of members whose stance is not known
        "unknown": language.ngettext("%(num)s unknown", "%(num)s unknown", count),
    }
    return forms[stance] % {"num": language.number(count)}


@pass_context
def stance_word_filter(context, stance: str) -> str:
    return stance_word(context["language"], stance)


def tally(members) -> list[tuple[str, int]]:
    """(stance, count) for every stance present, in the fixed order supports, opposes, undecided, unknown."""
    counts: dict[str, int] = {}
    for member in members:
        counts[member.position.stance] = counts.get(member.position.stance, 0) + 1
    return [(stance, counts[stance]) for stance in STANCES if counts.get(stance)]


def tally_text(language: Language, members) -> str:
    """'12 oppose · 3 support · 177 unknown', each count in the language's plural form."""
    return " · ".join(stance_count(language, stance, count) for stance, count in tally(members))


@pass_context
def tally_text_filter(context, members) -> str:
    return tally_text(context["language"], members)


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
