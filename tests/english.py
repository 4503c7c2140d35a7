"""Find the builder's English words in a page of another language: the catalog's messages, cut at placeholders and
markup, that the language's own translation does not share, looked for in the words a visitor reads or hears."""

from __future__ import annotations

import functools
import re
from html.parser import HTMLParser

from babel.messages.pofile import read_po

from microsite.i18n import SHIPPED, Language

LABELS = ("aria-label", "title", "alt", "placeholder", "content", "data-past")
PLURAL_SAMPLES = (0, 1, 2, 3, 11, 100, 1_000_000)


class VisibleText(HTMLParser):
    """The words a visitor reads or hears: text outside scripts and styles, and labelling attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.hidden = [], 0

    def handle_starttag(self, tag, attrs):
        self.hidden += tag in ("script", "style")
        self.parts += [value for name, value in attrs if name in LABELS and value]

    def handle_endtag(self, tag):
        self.hidden -= tag in ("script", "style") and self.hidden > 0

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: str, main_only: bool = False) -> str:
    """The page's words, one piece a line; `main_only`: of its <main> only (not base.html's header and footer)."""
    if main_only:
        html = html[html.index("<main"):html.index("</main>")]
    parser = VisibleText()
    parser.feed(html)
    return "\n".join(parser.parts)


def chunks(message: str) -> set[str]:
    """The words of a message between its placeholders and markup: "Call %(number)s" → {"Call"}, "Back to
    reference %d" → {"Back to reference"}."""
    text = re.sub(r"<[^>]*>", "\n", message)
    pieces = (part.strip(" \u00a0\u202f:.,·?") for part in re.split(r"%\(\w+\)s|%[sd]|\n", text))
    return {piece for piece in pieces if re.search(r"[A-Za-z]{3}", piece)}


@functools.cache
def messages(sources: frozenset[str] | None = None) -> tuple:
    """The catalog template's messages, those written in `sources` (project paths) only when given."""
    with (SHIPPED / "messages.pot").open("rb") as stream:
        template = read_po(stream)
    return tuple(message for message in template if message.id and
                 (sources is None or any(path in sources for path, _ in message.locations)))


@functools.cache
def english_words(code: str, sources: frozenset[str] | None = None) -> frozenset[str]:
    """The English words of the messages that the language's translation does not itself use."""
    language = Language(code)
    found, translated = set(), set()
    for message in messages(sources):
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        if message.pluralizable:
            texts = [language.ngettext(*ids, number) for number in PLURAL_SAMPLES]
        elif message.context:
            texts = [language.pgettext(message.context, ids[0])]
        else:
            texts = [language.gettext(ids[0])]
        translated |= set().union(*map(chunks, texts))
        for msgid in ids:
            found |= chunks(msgid)
    # Words the language itself uses somewhere ("Online" in German) are no sign of English
    return frozenset(found - translated)


def english_left(text: str, code: str, sources: frozenset[str] | None = None) -> set[str]:
    """The builder's English words found in `text` (whole words: "All" is not in "Allemagne")."""
    return {words for words in english_words(code, sources) if re.search(whole(words), text)}


def whole(words: str) -> str:
    """A pattern for `words` not inside a longer word: "All" is not in "Allemagne", "time (" is in "time (UTC"."""
    before = r"(?<![\w-])" if re.match(r"\w", words) else ""
    after = r"(?![\w-])" if re.search(r"\w$", words) else ""
    return before + re.escape(words) + after
