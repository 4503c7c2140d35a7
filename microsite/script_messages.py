"""The words a script in assets/ shows, read from its gettext() calls once per version of the file, in the language
of a page, for the JSON block beside the script that the script reads them from (Renderer.script_messages)."""

from __future__ import annotations

import functools
from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract

from .i18n import Language

CONTEXT_SEPARATOR = "\x04"  # gettext's own: a message with a context is keyed "context\x04message"


def _stamp(script: Path) -> tuple[int, int] | None:
    try:
        stat = script.stat()
    except OSError:
        return None  # no such script: it has no words
    return stat.st_mtime_ns, stat.st_size


@functools.lru_cache(maxsize=16)
def _extracted(script: Path, stamp: tuple[int, int]) -> tuple:
    """The (message, context) pairs of the script's gettext(), ngettext() and pgettext() calls, by Babel's JavaScript
    extractor; a message is a string, or (singular, plural) for ngettext (`stamp` makes an edited script read
    again)."""
    with script.open("rb") as stream:
        found = extract("javascript", stream, keywords=DEFAULT_KEYWORDS)
        return tuple(dict.fromkeys((message, context) for _, message, _, context in found))


def translated(language: Language, messages: tuple) -> dict:
    """Each of the (message, context) pairs that the language's catalogs translate: its key (the message, or its
    singular; "context\\x04message" with a context) → the text, or {CLDR plural category: text} for ngettext. A
    message left out is shown as written, in English, as the builder shows an untranslated message, so an English
    page needs no block and others carry only what differs."""
    words = {}
    for message, context in messages:
        if isinstance(message, tuple):
            forms = language.plural_forms(*message)
            english = {category: message[0] if number == 1 else message[1]
                       for category, number in language.plural_samples.items()}
            if forms != english:
                words[message[0]] = forms
            continue
        text = language.pgettext(context, message) if context else language.gettext(message)
        if text != message:
            words[f"{context}{CONTEXT_SEPARATOR}{message}" if context else message] = text
    return words


def words(language: Language, script: Path) -> dict:
    """What the page's JSON block holds for `script` in `language` (see `translated`); nothing when there is no such
    script. Do not change the dict: it is kept for every page of the language."""
    stamp = _stamp(script)
    return _words(language, script, stamp) if stamp else {}


@functools.lru_cache(maxsize=64)
def _words(language: Language, script: Path, stamp: tuple[int, int]) -> dict:
    return translated(language, _extracted(script, stamp))
