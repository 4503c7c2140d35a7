"""The interface's words in one language: gettext catalogs (shipped, then the campaign's own) and CLDR's forms of
dates, numbers, lists and plurals, through Babel."""

from __future__ import annotations

import datetime as dt
import functools
import gettext
import io
from pathlib import Path

import babel
from babel.dates import format_date
from babel.lists import format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from jinja2 import pass_context
from markupsafe import Markup

SHIPPED = Path(__file__).resolve().parent / "locale"  # <code>.po per language, and messages.pot
PROJECT_CATALOGS = "content/locale"  # a campaign's own <code>.po: adds a language or overrides shipped strings
RTL_LANGUAGES = {"ar", "he", "fa", "ur", "ps", "sd", "ug", "yi", "dv", "ku"}
PLURAL_CATEGORIES = ("zero", "one", "two", "few", "many", "other")
# Bare English is written the way the builder always wrote it ("21 November 2018"), CLDR's "World English";
# CLDR's own `en` is American, which a site asks for with `en-US`.
LOCALE_OF = {"en": "en_001"}


def babel_locale(code: str) -> babel.Locale:
    """Babel's locale for a site's language code ("fr", "pt-BR", "en"); raises ValueError for an unknown one."""
    try:
        return babel.Locale.parse(LOCALE_OF.get(code.lower(), code), sep="-" if "-" in code else "_")
    except (babel.UnknownLocaleError, ValueError) as exc:
        raise ValueError(f"'{code}' is not a language Babel knows (use a code such as en, fr, es, ar, de, pt-BR)") \
            from exc


def text_direction(code: str) -> str:
    return "rtl" if code.split("-")[0].split("_")[0].lower() in RTL_LANGUAGES else "ltr"


def catalog_files(code: str, project: Path | None) -> list[Path]:
    """The .po files that translate into `code`, the one that wins first: the campaign's, then the shipped one;
    each for the full code ("pt-BR") before the bare language ("pt")."""
    names = [code, code.replace("-", "_")]
    if "-" in code or "_" in code:
        names.append(code.replace("_", "-").split("-")[0])
    folders = ([project / PROJECT_CATALOGS] if project is not None else []) + [SHIPPED]
    found = []
    for folder in folders:
        for name in dict.fromkeys(names):
            path = folder / f"{name}.po"
            if path.is_file() and path not in found:
                found.append(path)
    return found


@functools.lru_cache(maxsize=64)
def _compiled(path: Path, stamp: tuple[int, int]) -> bytes:
    """One .po file compiled to .mo bytes in memory (`stamp` makes an edited file read again)."""
    with path.open("rb") as stream:
        catalog = read_po(stream, abort_invalid=False)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def load_translations(code: str, project: Path | None) -> gettext.NullTranslations:
    """The chain of catalogs for `code`; a string none of them has comes out as written (English)."""
    chain = None
    for path in catalog_files(code, project):
        stat = path.stat()
        layer = gettext.GNUTranslations(io.BytesIO(_compiled(path, (stat.st_mtime_ns, stat.st_size))))
        if chain is None:
            chain = layer
        else:
            chain.add_fallback(layer)
    return chain or gettext.NullTranslations()


def translated_messages(code: str, project: Path | None) -> set[tuple[str | None, str | tuple]]:
    """(context, message id) of every message some catalog of `code` translates (every plural form, not fuzzy)."""
    found = set()
    for path in catalog_files(code, project):
        with path.open("rb") as stream:
            catalog = read_po(stream, abort_invalid=False)
        for message in catalog:
            forms = message.string if isinstance(message.string, (list, tuple)) else [message.string]
            if message.id and all(forms) and not message.fuzzy:
                found.add((message.context, message.id))
    return found


class Language:
    """One language of a site: its translations and its CLDR forms; handed to templates and to the code that writes
    text a visitor reads."""

    def __init__(self, code: str, project: Path | None = None):
        self.code = code
        self.locale = babel_locale(code)
        self.dir = text_direction(code)
        self.translations = load_translations(code, project)
        self._dates: dict[tuple[dt.date, bool], str] = {}  # long_date's answers: a site shows few dates on every page

    def __repr__(self) -> str:
        return f"Language({self.code!r})"

    # -- words ----------------------------------------------------------------------------------------------
    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return self.translations.ngettext(singular, plural, count)

    def pgettext(self, context: str, message: str) -> str:
        return self.translations.pgettext(context, message)

    def plural_forms(self, singular: str, plural: str) -> dict[str, str]:
        """CLDR category → text, for the site's script to choose with Intl.PluralRules."""
        return {category: self.ngettext(singular, plural, number)
                for category, number in self.plural_samples.items()}

    @functools.cached_property
    def plural_samples(self) -> dict[str, int]:
        """A whole number of each CLDR plural category the language has (Arabic: 0, 1, 2, 3, 11, 100)."""
        rule = self.locale.plural_form
        samples: dict[str, int] = {}
        for number in [*range(0, 1000), 1_000_000]:  # French and Spanish have a form for millions
            samples.setdefault(rule(number), number)
        return {category: samples[category] for category in PLURAL_CATEGORIES if category in samples}

    # -- CLDR forms -----------------------------------------------------------------------------------------
    def long_date(self, value: dt.date | dt.datetime | None, weekday: bool = False) -> str:
        """'21 November 2018', 'mercredi 21 novembre 2018' with the weekday, in the language's own form."""
        if value is None:
            return ""
        day = value.date() if isinstance(value, dt.datetime) else value
        if (day, weekday) not in self._dates:  # Babel takes ~0.3 ms a date: the deadline's is on every page
            self._dates[day, weekday] = format_date(day, "full" if weekday else "long", locale=self.locale)
        return self._dates[day, weekday]

    def number(self, value: int | float) -> str:
        return format_decimal(value, locale=self.locale)

    def join(self, items: list[str], style: str = "standard") -> str:
        """'A, B and C', 'A, B et C', 'A، وB وC': the language's list pattern."""
        return format_list(list(items), style=style, locale=self.locale) if items else ""

    @functools.cached_property  # on every page's language switcher: looked up once
    def own_name(self) -> str:
        """The language's name in itself, as a language switcher shows it: 'français', 'العربية'."""
        return babel.Locale.parse(self.code, sep="-" if "-" in self.code else "_").get_display_name() or self.code

    @functools.cached_property  # on every page of a site in several languages: worked out once
    def og_locale(self) -> str:
        """Open Graph's ll_CC: the language with its likeliest territory when the code names none ('fr' → fr_FR)."""
        territory = self.locale.territory
        if not (territory and territory.isalpha()):  # none, or a region such as 001 (the world)
            likely = babel.core.get_global("likely_subtags").get(self.locale.language, self.locale.language)
            territory = babel.Locale.parse(likely).territory
        return f"{self.locale.language}_{territory}" if territory else self.locale.language

    # -- templates -------------------------------------------------------------------------------------------
    @functools.cached_property
    def template_context(self) -> dict:
        """What Jinja's i18n extension calls for {% trans %}, _() and ngettext(), in this language (newstyle:
        the text is formatted with %(name)s, and trusted like the template it replaces)."""

        trusted: dict[str, Markup] = {}  # message → its translation as markup: a page shows ~10, the same on each

        @pass_context
        def template_gettext(context, message: str, **variables) -> str:
            if context.eval_ctx.autoescape:
                if message not in trusted:
                    trusted[message] = Markup(self.gettext(message))
                text = trusted[message]
            else:
                text = self.gettext(message)
            return text % variables if variables else text

        @pass_context
        def template_ngettext(context, singular: str, plural: str, count: int, **variables) -> str:
            variables.setdefault("num", count)
            text = self.ngettext(singular, plural, count)
            if context.eval_ctx.autoescape:
                text = Markup(text)
            return text % variables

        @pass_context
        def template_pgettext(context, message_context: str, message: str, **variables) -> str:
            text = self.pgettext(message_context, message)
            if context.eval_ctx.autoescape:
                text = Markup(text)
            return text % variables if variables else text

        # `_` is the i18n extension's alias, which looks `gettext` up and calls it (3.4 µs a message, ~10 a page):
        # bound here to this language's gettext it is what the alias would call, in half the time.
        return {"gettext": template_gettext, "_": template_gettext, "ngettext": template_ngettext,
                "pgettext": template_pgettext, "language": self, "lang": self.code, "dir": self.dir,
                "long_date": self.long_date}
