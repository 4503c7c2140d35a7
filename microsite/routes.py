"""The one place that decides URLs: every page, statement, member, list and asset gets its address here."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from urllib.parse import quote, urlencode, urlsplit

from .model import Alias, Member, MemberList, Page, Site, Statement

# Site paths the builder itself uses; a page slug may not take them.
RESERVED_SLUGS = frozenset({"members", "lists", "statements", "assets", "feed.xml", "sitemap.xml", "robots.txt",
                            "404.html", "deadline.ics", "members.csv", "members.json", "livereload",
                            "flyer", "spread", "embed", "lookups"})


@dataclass(frozen=True)
class LinkTarget:
    """What a link in Markdown points at, once resolved: the site path and the content file it came from."""

    site_path: str
    fragment: str = ""


# The pages the builder makes itself in every language of the site (a language's are under /<language>/); member
# data files (vCards, exports) and the 404 page exist once.
_GENERATED = re.compile(r"/(?:members/|statements/|feed\.xml|deadline\.ics|flyer/|spread/"
                        r"|(?:members|lists|embed)/[^/]+/)?")


def in_language(path: str, language: str) -> str:
    """The site path of the version of `path` in `language`, "" being the default one: '/members/' →
    '/fr/members/'."""
    return f"/{language}{path}" if language else path


class Router:
    """Maps model objects to site paths ("/why/") and site paths to hrefs under base_url ("/repo/why/")."""

    def __init__(self, site: Site, asset_names: dict[str, str] | None = None):
        self.base_url = site.config.base_url
        self.base_path = urlsplit(self.base_url).path  # "/" or "/repo/"
        self.asset_names = asset_names or {}
        self.languages = site.config.languages  # the default first
        self.by_source = self._content_paths(site)
        # The translation graph: each page's or statement's versions, by the original's source, and the way back.
        # Paths only: a router outlives the records it was made from (see plan.Planner).
        self._versions: dict[str, dict[str, str]] = {}
        self._family_of: dict[str, str] = {}  # site path of any version → its original's source
        self._language_of: dict[str, str] = {}  # content file (relative to content/) → its language, "" default
        for record in site.pages + site.statements:
            path = self.path_of(record)
            self._versions.setdefault(record.family, {})[record.language or self.languages[0]] = path
            self._family_of[path] = record.family
            self._language_of[record.source.removeprefix("content/")] = record.language
        home = next((page for page in site.pages if page.is_home and not page.language), None)
        if home is not None:  # every language has a home page, its own text or not (see plan._homes)
            for code in self.languages[1:]:
                path = self._versions[home.source].setdefault(code, in_language("/", code))
                self._family_of[path] = home.source

    @staticmethod
    def _content_paths(site: Site) -> dict[str, str]:
        """Content file (relative to content/) → site path, for links written as file names in Markdown."""
        table = {}
        for page in site.pages:
            table[page.source.removeprefix("content/")] = Router.page_path(page)
        for statement in site.statements:
            table[statement.source.removeprefix("content/")] = Router.statement_path(statement)
        for member_list in site.member_lists:
            table[member_list.source.removeprefix("content/")] = Router.list_path(member_list)
        return table

    # -- languages: the same page in each language ---------------------------------------------------------
    def language_of_path(self, path: str) -> tuple[str, str]:
        """(language or "" for the default, the default language's path) of a site path: '/fr/members/' →
        ('fr', '/members/'); a content page's own translation keeps its path."""
        for code in self.languages[1:]:
            if path.startswith(f"/{code}/"):
                return code, path[len(code) + 1:]
        return "", path

    def versions(self, path: str) -> dict[str, str]:
        """Language code → site path of every version of the page at `path` (itself included), the default
        language first; {} for a page that has no versions (the 404 page, an old address)."""
        family = self._family_of.get(path)
        if family is not None:
            versions = self._versions[family]
            return {code: versions[code] for code in self.languages if code in versions}
        base = self.language_of_path(path)[1]
        if not _GENERATED.fullmatch(base):
            return {}
        return {code: in_language(base, "" if code == self.languages[0] else code) for code in self.languages}

    def path_in(self, obj, language: str) -> str:
        """The site path of `obj` (a record, a member, a site path) in `language` ("" the default): its
        translation's, or the page's own in the language when the builder makes it in every language; else the
        path as it is (a page with no translation links to its original)."""
        path = self.path_of(obj)
        return self.versions(path).get(language or self.languages[0], path)

    # -- site paths, one function per kind of output ------------------------------------------------------
    @staticmethod
    def page_path(page: Page) -> str:
        return in_language("/" if page.is_home else f"/{page.slug}/", page.language)

    @staticmethod
    def alias_path(alias: Alias) -> str:
        """Where an old address is served: "/old.html" as that file, any other path as a folder ("old" and
        "/old/" → "/old/", served as old/index.html, which static hosts also answer for "/old")."""
        path = "/" + alias.path.strip("/")
        return path if path.lower().endswith((".html", ".htm")) else path + "/"

    @staticmethod
    def statement_path(statement: Statement) -> str:
        return in_language(f"/statements/{statement.slug}/", statement.language)

    @staticmethod
    def statement_text_path(statement: Statement) -> str:
        return in_language(f"/statements/{statement.slug}.txt", statement.language)

    @staticmethod
    def statement_calendar_path(statement: Statement) -> str:
        """The event's calendar file, beside the statement in its language: a calendar shows its text as written."""
        return in_language(f"/statements/{statement.slug}.ics", statement.language)

    @classmethod
    def card_path(cls, record: Page | Statement) -> str:
        """The share card beside its page ("/why/card.png", "/card.png" for the home page): no slug can clash."""
        path = cls.page_path(record) if isinstance(record, Page) else cls.statement_path(record)
        return path + "card.png"

    @staticmethod
    def statement_signers_path(statement: Statement, extension: str) -> str:
        """The organisations that signed, as a file to download: "csv" or "json"."""
        return f"/statements/{statement.slug}.signers.{extension}"

    @staticmethod
    def embed_path(size: str) -> str:
        return f"/embed/{size}/"

    @staticmethod
    def member_path(member: Member) -> str:
        return Router.member_path_of_id(member.id)

    @staticmethod
    def member_path_of_id(member_id: str) -> str:
        return f"/members/{member_id}/"

    @staticmethod
    def member_vcard_path(member: Member) -> str:
        return f"/members/{member.id}.vcf"

    @staticmethod
    def list_path(member_list: MemberList) -> str:
        return f"/lists/{member_list.id}/"

    @staticmethod
    def list_export_path(member_list: MemberList, extension: str) -> str:
        return f"/lists/{member_list.id}.{extension}"

    @staticmethod
    def lookup_shard_path(lookup_name: str, prefix: str, language: str = "") -> str:
        """The shard of a lookup table holding the keys that start with `prefix` (lookup.js fills in "{prefix}"),
        in `language` ("" the default): its cards carry the seat words and the letters of that language."""
        return in_language(f"/lookups/{lookup_name}/{prefix}.json", language)

    def path_of(self, obj) -> str:
        if isinstance(obj, str):
            return obj
        for kind, function in ((Page, self.page_path), (Statement, self.statement_path),
                               (Member, self.member_path), (MemberList, self.list_path)):
            if isinstance(obj, kind):
                return function(obj)
        raise TypeError(f"no URL for {type(obj).__name__}")

    # -- hrefs -------------------------------------------------------------------------------------------
    def href(self, obj) -> str:
        """Root-relative href including the base path, for links inside the site."""
        return self.base_path + self.path_of(obj).lstrip("/")

    def absolute(self, obj) -> str:
        """Full URL, for canonical links, feeds, the sitemap and share links."""
        return self.base_url + self.path_of(obj).lstrip("/")

    def asset(self, name: str) -> str:
        """Href of a file under assets/, by its cache-busting hashed name when it has one."""
        return self.href("/assets/" + self.asset_names.get(name, name))

    def asset_url(self, name: str) -> str:
        return self.absolute("/assets/" + self.asset_names.get(name, name))

    @staticmethod
    def output_file(site_path: str) -> str:
        """File under the output folder that serves a site path."""
        relative = site_path.lstrip("/")
        return relative + "index.html" if relative == "" or relative.endswith("/") else relative

    # -- links written in Markdown ----------------------------------------------------------------------
    def resolve_link(self, href: str, source: str) -> str | None:
        """The href a Markdown link should get; None when it names a content file that does not exist.

        `source` is the linking file ("content/pages/a.md"). Links to other content files ("b.md",
        "../statements/x.md#quote") become their page's URL; site paths ("/members/") gain the base path;
        external URLs, mailto: and in-page anchors pass through.
        """
        try:
            parts = urlsplit(href)
        except ValueError:  # "http://[::1": not a URL the builder can read, so not one of its own files either
            return href
        if parts.scheme or parts.netloc or href.startswith("#") or not href:
            return href
        fragment = f"#{parts.fragment}" if parts.fragment else ""
        if parts.path.startswith("/assets/"):
            return self.asset(parts.path.removeprefix("/assets/")) + fragment
        # A link from a translation goes to the page's version in the same language when there is one.
        language = self._language_of.get(source.removeprefix("content/"), "")
        if parts.path.startswith("/"):
            path = self.path_in(parts.path, language) if language else parts.path
            return self.base_path + path.lstrip("/") + (f"?{parts.query}" if parts.query else "") + fragment
        here = posixpath.dirname(source.removeprefix("content/"))
        target = posixpath.normpath(posixpath.join(here, parts.path))
        if target in self.by_source:
            return self.href(self.path_in(self.by_source[target], language)) + fragment
        if target.startswith("../assets/"):  # written from content/ to the project's assets/ folder
            return self.asset(target.removeprefix("../assets/")) + fragment
        if parts.path.endswith((".md", ".yml", ".yaml", ".csv", ".json")):
            return None
        # Any other relative path is relative to the page's own URL; leave it for `check` to verify.
        return href

    def content_files(self) -> list[str]:
        return sorted(self.by_source)


def issue_form_url(repository: str, template: str, fields: dict[str, str]) -> str:
    """A new issue in the campaign's GitHub repository from one of its issue forms (.github/ISSUE_TEMPLATE/),
    with the form's fields filled in from the query; "" when site.yml names no repository."""
    if not repository:
        return ""
    query = urlencode({"template": template, **fields}, quote_via=quote)
    return f"{repository.rstrip('/')}/issues/new?{query}"
