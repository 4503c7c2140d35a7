"""The deadline in words, in one language: the vote's sentence (home page, banner, flyer, share card) and the
deadline bar's line, each a whole sentence of the catalog so that a translation can put its parts in any order."""

from __future__ import annotations

import datetime as dt
import functools

from jinja2 import pass_context
from markupsafe import Markup

from .filters import clock_time, iso
from .i18n import Language
from .model import Deadline

AHEAD, TODAY, PAST = "ahead", "today", "past"


def tense_of(deadline: Deadline, today: dt.date) -> str:
    """Where the vote's day stands seen from `today` (both in the event's time zone): AHEAD, TODAY or PAST."""
    day = deadline.when.date()
    return PAST if today > day else TODAY if today == day else AHEAD


def when(language: Language, deadline: Deadline) -> str:
    """'Wednesday, 21 November 2018', and for a deadline with an hour '… at 10:00 Dubai time (UTC+4)'."""
    day = language.long_date(deadline.when, weekday=True)
    if deadline.all_day:
        return day
    # Translators: a day and its hour, as in "The vote is on Wednesday, 21 November 2018 at 10:00 Dubai time (UTC+4)."
    return language.gettext("%(date)s at %(time)s") % {"date": day, "time": clock_time(deadline.when, language)}


def _date(language: Language, deadline: Deadline, html: bool) -> str:
    """The date as a sentence holds it: in a <time> element on a page, plain text elsewhere."""
    text = when(language, deadline)
    return Markup('<time datetime="{}">{}</time>').format(iso(deadline.when), text) if html else text


def _filled(message: str, html: bool, **values) -> str:
    """A translated message with its values; on a page the message is trusted like a template and the values escaped."""
    return (Markup(message) if html else message) % values


@functools.lru_cache(maxsize=64)  # on every page's share card, and a timed deadline's hour takes Babel ~0.1 ms
def vote_sentence(language: Language, deadline: Deadline, tense: str, html: bool = False) -> str:
    """'The vote is on Wednesday, 21 November 2018 in Dubai.' (`tense`: AHEAD, TODAY or PAST)."""
    if deadline.place:
        message = {AHEAD: language.gettext("The vote is on %(date)s in %(place)s."),
                   TODAY: language.gettext("The vote is today, %(date)s in %(place)s."),
                   PAST: language.gettext("The vote took place on %(date)s in %(place)s.")}[tense]
    else:
        message = {AHEAD: language.gettext("The vote is on %(date)s."),
                   TODAY: language.gettext("The vote is today, %(date)s."),
                   PAST: language.gettext("The vote took place on %(date)s.")}[tense]
    return _filled(message, html, date=_date(language, deadline, html), place=deadline.place)


def upcoming_sentence(language: Language, deadline: Deadline | None, today: dt.date) -> str:
    """The vote's sentence for what is printed or shared once and read later (flyer, share card): "" once the vote
    is over, or without a deadline."""
    if deadline is None or tense_of(deadline, today) == PAST:
        return ""
    return vote_sentence(language, deadline, tense_of(deadline, today))


def label(language: Language, tense: str) -> str:
    """The deadline bar's first word."""
    # Translators: the deadline bar's first word: before the day, on the day, and after it.
    return {AHEAD: language.pgettext("deadline", "Deadline"), TODAY: language.pgettext("deadline", "Today"),
            PAST: language.pgettext("deadline", "Took place")}[tense]


@functools.lru_cache(maxsize=32)  # atop every page: made once per language (and deadline and tense), not per page
def bar_line(language: Language, deadline: Deadline, tense: str) -> Markup:
    """'Deadline: The assembly votes, Wednesday, 21 November 2018, Dubai'; the label turns to "Took place" in the
    script (`data-past`) once the moment has passed on a page built before."""
    past = "" if tense == PAST else Markup(' data-past="{}"').format(label(language, PAST))
    word = Markup('<span class="deadline-label"{}>{}</span>').format(past, label(language, tense))
    if deadline.event and deadline.place:
        # Translators: the deadline bar atop every page: "Deadline: The assembly votes, Wednesday, 21 November 2018,
        # Dubai" (label: Deadline, Today or Took place; event and place: the campaign's words).
        message = language.gettext("%(label)s: %(event)s, %(date)s, %(place)s")
    elif deadline.event:
        message = language.gettext("%(label)s: %(event)s, %(date)s")
    elif deadline.place:
        message = language.gettext("%(label)s: %(date)s, %(place)s")
    else:
        message = language.gettext("%(label)s: %(date)s")
    return _filled(message, True, label=word, event=deadline.event, date=_date(language, deadline, True),
                   place=deadline.place)


# -- for templates, in the page's language and at the build's date -----------------------------------------------
@pass_context
def template_tense(context, deadline: Deadline) -> str:
    return tense_of(deadline, context["today"])


@pass_context
def template_sentence(context, deadline: Deadline, tense: str, html: bool = True) -> str:
    return vote_sentence(context["language"], deadline, tense, html)


@pass_context
def template_bar_line(context, deadline: Deadline) -> Markup:
    return bar_line(context["language"], deadline, tense_of(deadline, context["today"]))


TEMPLATE_GLOBALS = {"deadline_tense": template_tense, "vote_sentence": template_sentence,
                    "deadline_bar_line": template_bar_line}
