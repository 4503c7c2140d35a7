"""What a page in one language gets: the site's settings, navigation and links in it, its language switcher and
alternates, and each page's or statement's version in it."""

from __future__ import annotations

import functools
from pathlib import Path

from .i18n import Language
from .model import Page, Site, Statement
from .plan import Output
from .routes import Router


class SiteLanguages:
    """The languages of one build: their Language objects, and per output language what its templates see."""

    def __init__(self, site: Site, router: Router, project: Path | None = None):
        self.site, self.router, self.project = site, router, project
        self.config = site.config
        self._languages: dict[str, Language] = {}
        self._localized: dict[str, dict] = {}

    def language(self, code: str | None = None) -> Language:
        """The Language of `code` (the site's own when None), with the project's catalogs before the shipped ones."""
        code = code or self.config.language
        if code not in self._languages:
            self._languages[code] = Language(code, self.project)
        return self._languages[code]

    def nav(self, language: str = "") -> list[tuple[str, str, str]]:
        """(title, href, site path) for each navigation entry in `language` ("" the default); a content file link
        becomes its page's URL, in that language when the page has a version in it."""
        items = []
        for item in self.config.localized(language).nav:
            href = self.router.resolve_link(item.target, "content/site.yml") or item.target
            path = self.router.by_source.get(item.target, item.target if item.target.startswith("/") else "")
            if language and path:
                path = self.router.path_in(path, language)
                href = self.router.href(path)
            items.append((item.title, href, path))
        return items

    # -- versions of pages and statements -----------------------------------------------------------------
    @functools.cached_property
    def _versions(self) -> dict[tuple[str, str], Page | Statement]:
        """(original's source, language or "") → the page or statement: the translation graph's records."""
        return {(record.family, record.language): record for record in self.site.pages + self.site.statements}

    def version(self, record: Page | Statement, language: str) -> Page | Statement:
        """The record's version in `language` ("" or the code of the default); the record itself when it has none."""
        language = "" if language == self.config.language else language
        return self._versions.get((record.family, language), record)

    def original(self, record: Page | Statement) -> Page | Statement:
        """The original of a translation (itself for an original)."""
        return self.version(record, "")

    def in_language(self, records, language: str) -> list:
        """Each original among `records` (pages or statements) in its version in `language`, else as it is."""
        return [self.version(record, language) for record in records if not record.language]

    # -- what templates see ---------------------------------------------------------------------------------
    def localized(self, language: str) -> dict:
        """What templates use that depends on the output's language ("" the default): `site` (the settings in that
        language), `url` and `abs_url` (which link to the language's version of a page when it has one), `nav` and
        `home_path`."""
        if language not in self._localized:
            if not language:
                self._localized[language] = {}  # the environment's globals
            else:
                def url(obj) -> str:
                    return self.router.href(self.router.path_in(obj, language))

                def abs_url(obj) -> str:
                    return self.router.absolute(self.router.path_in(obj, language))

                self._localized[language] = {"site": self.config.localized(language), "url": url,
                                             "abs_url": abs_url, "nav": self.nav(language),
                                             "home_path": self.router.path_in("/", language)}
        return self._localized[language]

    def versions(self, output: Output) -> dict:
        """The language switcher and <head> alternates of an HTML output: one link per language of the site (to the
        page's version in it, else to that language's home page) and the alternate URL of each version."""
        languages = self.config.languages
        if len(languages) < 2:
            return {"language_links": [], "alternates": [], "og_locale_alternates": []}
        versions = self.router.versions(output.path)
        current = output.language or languages[0]
        links = [{"code": code, "name": self.language(code).own_name, "dir": self.language(code).dir,
                  "current": code == current,
                  "href": self.router.href(versions.get(code) or self.router.path_in("/", code))}
                 for code in languages]
        og_alternates = [self.language(code).og_locale for code in versions if code != current]
        return {"language_links": links, "alternates": self.alternates(output.path),
                "og_locale_alternates": og_alternates}

    def alternates(self, path: str) -> list[tuple[str, str]]:
        """(hreflang, absolute URL) of every version of the page at `path`, itself included, then `x-default`
        (the default language's); none on a site of one language."""
        versions = self.router.versions(path) if len(self.config.languages) > 1 else {}
        alternates = [(code, self.router.absolute(version)) for code, version in versions.items()]
        if self.config.languages[0] in versions:
            alternates.append(("x-default", self.router.absolute(versions[self.config.languages[0]])))
        return alternates
