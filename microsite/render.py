"""Render every planned output to bytes with Jinja2 (autoescaped) and the campaign's Markdown."""

from __future__ import annotations

import functools
import heapq
import json
import os
import sys
import traceback
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup

from . import filters
from .cache import builder_version, signed, verified
from .calendar import event_calendar
from .cards import card_meta
from .deadline import TEMPLATE_GLOBALS as DEADLINE_WORDS
from .errors import Location, Report
from .i18n import Language
from .markup import MarkdownConverter, plain_summary
from .model import Page, Site, Statement, moment
from .plan import FEED_ENTRIES, Output, feed_pages
from .qr import qr_svg
from .render_statements import feed_entry, statement_title
from .routes import Router
from .script_messages import words as script_words
from .write import replacing

NOT_HTML = ("feed", "sitemap", "robots", "nojekyll", "cname")


def json_ld(data: dict) -> Markup:
    """JSON for a <script type="application/ld+json"> block; '<' escaped so no value can close the script."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=None)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def make_environment(templates: Path, compiled: Path | None = None) -> jinja2.Environment:
    """The Jinja environment of one build; `compiled`: a folder keeping compiled templates between builds."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        extensions=["jinja2.ext.i18n"],  # {% trans %}, _() and ngettext(): see i18n.Language.template_context
        autoescape=jinja2.select_autoescape(["html", "xml"]),
        undefined=jinja2.StrictUndefined,  # a typo in a template fails the build instead of printing nothing
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # one environment per build: templates cannot change under it, so never re-stat them
    )
    env.filters.update(
        iso=filters.iso, rfc3339=filters.rfc3339, press_date=filters.press_date,
        stance_word=filters.stance_word_filter, tally_text=filters.tally_text_filter, json_ld=json_ld,
    )
    env.policies["ext.i18n.trimmed"] = True  # a message is one line of text whatever the template's line breaks
    if compiled is not None:  # checked against each template's text, so an edited template is compiled again
        env.bytecode_cache = CompiledTemplates(compiled)
    return env


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept in a folder between builds, signed like the build cache (see cache.verified):
    Jinja unpickles and runs them, so one planted, cut short or damaged is compiled again instead."""

    warned = False  # one warning per run, however many compiled templates are damaged

    def __init__(self, folder: Path):
        self.folder = folder

    def _path(self, bucket: jinja2.bccache.Bucket) -> Path:
        return self.folder / f"{bucket.key}.signed"

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            stored = self._path(bucket).read_bytes()
        except OSError:
            return  # not compiled yet
        data = verified(stored)
        if data is not None:
            stamp, _, bytecode = bytes(data).partition(b"\0")
            # Compiled code calls the builder's filters as they were then (with the template's context or not), so
            # a template compiled by another version of the builder is compiled again.
            if stamp == builder_version().encode():
                bucket.bytecode_from_string(bytecode)
        elif not CompiledTemplates.warned:
            CompiledTemplates.warned = True
            print(f"warning: ignoring compiled templates in .cache/{self.folder.name}/ that are damaged or were not "
                  f"written on this machine; compiling them again", file=sys.stderr, flush=True)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with replacing(self._path(bucket)) as stream:
            stream.write(signed(builder_version().encode() + b"\0" + bucket.bytecode_to_string()))


def compile_templates(env: jinja2.Environment) -> None:
    """Compile every template now, so that forked workers inherit them instead of each compiling its own."""
    for name in env.list_templates():
        try:
            env.get_template(name)
        except (jinja2.TemplateError, UnicodeDecodeError):
            pass  # reported by the build, where an output uses the template (Renderer.render)


class Renderer:
    """Turns one Output into bytes; holds the Jinja environment and the Markdown converted so far."""

    def __init__(self, site: Site, router: Router, env: jinja2.Environment, report: Report, markdown_cache,
                 project: Path | None = None):
        self.site, self.router, self.report, self.project = site, router, report, project
        self._languages: dict[str, Language] = {}
        self._localized: dict[str, dict] = {}
        self.config = site.config
        self.env = env
        self.converter = MarkdownConverter(router, safe=site.config.safe_markdown)
        self._html: dict[str, str] = {}
        # (source, first line, Markdown) → (HTML, problems): a cache.MarkdownMemo, filled by earlier builds too
        self.markdown_cache = markdown_cache
        self.env.globals.update(
            site=self.config, url=router.href, abs_url=router.absolute, asset=router.asset, asset_url=router.asset_url,
            nav=self._nav(), home_path="/",
            share_links=filters.share_links, tally_segments=filters.tally_segments, today=self.today,
            **DEADLINE_WORDS,  # the deadline sentence and bar, in the page's language
            script_messages=self.script_messages,
        )

    @property
    def today(self):
        zone = self.config.deadline.when.tzinfo if self.config.deadline else None
        return self.site.now.astimezone(zone).date() if zone else self.site.now.date()

    def language(self, code: str | None = None) -> Language:
        """The Language of `code` (the site's own when None), with the project's catalogs before the shipped ones."""
        code = code or self.config.language
        if code not in self._languages:
            self._languages[code] = Language(code, self.project)
        return self._languages[code]

    @jinja2.pass_context
    def script_messages(self, context, script: str) -> Markup:
        """For templates, beside a script's <script src>: the words of assets/`script` in the page's language, as
        data (the pages' Content-Security-Policy allows it); nothing when the script shows them all as written."""
        words = script_words(context["language"], self.project / "assets" / script)
        if not words:
            return Markup("")
        return Markup('<script type="application/json" data-messages="{}">{}</script>').format(script, json_ld(words))

    def _nav(self, language: str = "") -> list[tuple[str, str, str]]:
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

    # -- languages ---------------------------------------------------------------------------------------
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
                                             "abs_url": abs_url, "nav": self._nav(language),
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

    # -- Markdown ----------------------------------------------------------------------------------------
    def body_html(self, record: Page | Statement) -> Markup:
        if record.source not in self._html:
            key = (record.source, record.body_line, record.body)
            converted = self.markdown_cache.get(key)
            if converted is None:
                converted = self.converter.convert(record.body, record.source, record.body_line)
                self.markdown_cache[key] = converted
            html, problems = converted
            self.report.extend(problems)
            self._html[record.source] = html
        return Markup(self._html[record.source])

    def summary(self, page: Page) -> str:
        return page.summary or plain_summary(self.body_html(page)) or self.config.description

    # -- dispatch ----------------------------------------------------------------------------------------
    def render(self, output: Output) -> bytes:
        """The output's bytes; a template that cannot be read, parsed or rendered is an error in the report
        (the build then writes nothing) with the template's file and line, never a crash."""
        try:
            return renderers()[output.kind](self, output)
        except jinja2.TemplateError as exc:
            self.report.error(self._template_location(exc), exc.message or type(exc).__name__)
        except UnicodeDecodeError as exc:
            where = self._template_location(exc)
            if where is None:
                raise  # not a template's text: a bug to report
            self.report.error(where, "the template is not valid UTF-8 text; save it as UTF-8")
        return b""

    def _template_location(self, exc: Exception) -> Location | None:
        """The template file and line an error arose in: Jinja names it, or its frames carry the template's path."""
        folder = os.path.realpath(self.env.loader.searchpath[0])
        if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename:
            return Location(self._project_path(exc.filename, folder), exc.lineno or 1)
        found = None
        for frame, line in traceback.walk_tb(exc.__traceback__):
            filename = frame.f_code.co_filename
            if frame.f_code.co_name == "get_source" and isinstance(frame.f_locals.get("filename"), str):
                filename, line = frame.f_locals["filename"], 1  # the loader was reading this template
            if os.path.realpath(filename).startswith(folder + os.sep):
                found = Location(self._project_path(filename, folder), line)
        if found is None and isinstance(exc, jinja2.TemplateError):
            return Location("templates")  # a template that is not there: Jinja's message names it
        return found

    @staticmethod
    def _project_path(filename: str, folder: str) -> str:
        return "templates/" + os.path.relpath(os.path.realpath(filename), folder).replace(os.sep, "/")

    def html(self, template: str, output: Output, **context) -> bytes:
        """A full HTML page: `context` plus what every page's <head> needs (canonical, description, card)."""
        context.setdefault("description", self.config.description)
        context.setdefault("image", self.config.image)
        context.setdefault("card", None)  # the page's own share card (cards.card_meta), which `image` gives way to
        context.setdefault("print_qr", None)  # the page's address as a QR code, printed at its end
        context.setdefault("og_type", "website")
        context.setdefault("json_ld_data", None)
        text = self.env.get_template(template).render(current=output.path, canonical=self.router.absolute(output.path),
                                                      **self.language(output.language).template_context,
                                                      **self.localized(output.language), **self.versions(output),
                                                      **context)
        return text.encode("utf-8")

    def text(self, template: str, output: Output, **context) -> bytes:
        """A file that is not an HTML page (a feed, the sitemap), in the output's language."""
        language = self.language(output.language).template_context
        return self.env.get_template(template).render(**language, **self.localized(output.language),
                                                      **context).encode("utf-8")

    # -- pages -------------------------------------------------------------------------------------------
    def latest_pages(self, language: str = "", limit: int = 5) -> list[Page]:
        """The newest pages written in `language` ("" the default)."""
        dated = [p for p in self.site.pages if not p.is_home and p.date and p.language == language]
        # The same pages in the same order as sorted(reverse=True)[:limit], without sorting thousands per build.
        return heapq.nlargest(limit, dated, key=lambda p: (p.published_at, p.source))


def _page_json_ld(renderer: Renderer, page: Page) -> dict:
    data = {"@context": "https://schema.org", "@type": "Article" if page.date else "WebPage",
            "headline": page.title, "url": renderer.router.absolute(page),
            "description": renderer.summary(page), "inLanguage": page.language or renderer.config.language}
    if page.date:
        data["datePublished"] = page.date.isoformat()
    if page.author:
        person = page.author in renderer.site.members
        data["author"] = {"@type": "Person" if person else "Organization", "name": _author_name(renderer, page)}
    return data


def _author_name(renderer: Renderer, page: Page) -> str:
    member = renderer.site.members.get(page.author)
    return member.name if member else page.author


def render_page(renderer: Renderer, output: Output) -> bytes:
    page: Page = output.subject
    return renderer.html(
        "page.html", output, title=page.title, page=page, body=renderer.body_html(page),
        description=renderer.summary(page), image=page.image or renderer.config.image, og_type="article",
        card=card_meta(renderer, page, page.title), print_qr=qr_svg(renderer.router.absolute(page)),
        author_name=_author_name(renderer, page), author_member=renderer.site.members.get(page.author),
        canonical_override=page.canonical, json_ld_data=_page_json_ld(renderer, page),
    )


def render_home(renderer: Renderer, output: Output) -> bytes:
    from .render_lookups import lookup_form

    page: Page = output.subject
    site = renderer.site
    config = renderer.config.localized(output.language)
    members = [m for lst in site.member_lists for m in lst.members]
    json_ld_data = {"@context": "https://schema.org", "@type": "WebSite", "name": config.title,
                    "url": renderer.router.absolute(output.path), "description": config.description,
                    "inLanguage": config.language}
    # A language with no home page of its own (index.<language>.md) has the home without its text.
    own = page.language == output.language
    title, body = (page.title, renderer.body_html(page)) if own else (config.title, Markup(""))
    statements = renderer.in_language(site.statements, output.language)[:3]
    return renderer.html(
        "home.html", output, title=title, page=page, body=body,
        description=renderer.summary(page) if own else config.description, deadline=config.deadline,
        members=members, image=page.image or config.image, card=card_meta(renderer, page, page.title),
        print_qr=qr_svg(renderer.router.absolute(output.path)),
        latest_pages=renderer.latest_pages(output.language), json_ld_data=json_ld_data,
        statements=[(s, statement_title(renderer, s, renderer.language(output.language))) for s in statements],
        lookup=lookup_form(renderer, renderer.language(output.language)),
    )


def render_redirect(renderer: Renderer, output: Output) -> bytes:
    """An old address of a page (an alias): a static page that sends the browser on and tells search engines where
    the page lives now, with a visible link for a browser that does not follow the refresh."""
    _, page = output.subject
    return renderer.text("redirect.html", output, title=page.title, href=renderer.router.href(page),
                         canonical=renderer.router.absolute(page))


def render_not_found(renderer: Renderer, output: Output) -> bytes:
    return renderer.html("404.html", output, title=renderer.language().gettext("Page not found"), noindex=True)


def render_feed(renderer: Renderer, output: Output) -> bytes:
    # Only the newest pages' Markdown is converted: a large campaign has far more pages than the feed.
    entries = [{"title": page.title, "url": renderer.router.absolute(page), "date": page.published_at,
                "updated": page.updated_at, "summary": renderer.summary(page),
                "html": renderer.body_html(page)}
               for page in feed_pages(renderer.site, renderer.router, output.language)]
    language = renderer.language(output.language)
    entries.extend(feed_entry(renderer, s, language) for s in renderer.site.statements
                   if s.language == output.language)
    entries.sort(key=lambda e: (moment(e["updated"]), e["url"]), reverse=True)
    updated = entries[0]["updated"] if entries else renderer.today
    return renderer.text("feed.xml", output, entries=entries[:FEED_ENTRIES], updated=updated)


def render_sitemap(renderer: Renderer, output: Output) -> bytes:
    from .plan import html_paths, plan_site

    dates = {renderer.router.page_path(p): p.updated or p.date for p in renderer.site.pages}
    dates.update({renderer.router.statement_path(s): s.date for s in renderer.site.statements})
    entries = [(renderer.router.absolute(path), dates.get(path), renderer.alternates(path))
               for path in html_paths(plan_site(renderer.site))]
    return renderer.text("sitemap.xml", output, entries=entries)


def render_robots(renderer: Renderer, output: Output) -> bytes:
    return f"User-agent: *\nAllow: /\n\nSitemap: {renderer.router.absolute('/sitemap.xml')}\n".encode()


def render_deadline_ics(renderer: Renderer, output: Output) -> bytes:
    deadline = renderer.config.deadline
    host = urlsplit(renderer.config.base_url).netloc
    return event_calendar(uid=f"deadline@{host}", summary=deadline.event or renderer.config.title,
                          start=deadline.when, all_day=deadline.all_day, location=deadline.place,
                          url=renderer.router.absolute("/"), stamp=renderer.today, description=renderer.config.ask)


@functools.cache
def renderers() -> dict:
    """Output kind → function(renderer, output) → bytes, across the modules that render each part of the site."""
    from . import cards, render_lookups, render_members, render_signers, render_spread, render_statements

    return {**PAGE_KINDS, **render_statements.KINDS, **render_signers.KINDS, **render_members.KINDS, **cards.KINDS,
            **render_spread.KINDS, **render_lookups.KINDS}


PAGE_KINDS = {
    "deadline_ics": render_deadline_ics,
    "page": render_page,
    "home": render_home,
    "notfound": render_not_found,
    "redirect": render_redirect,
    "feed": render_feed,
    "sitemap": render_sitemap,
    "robots": render_robots,
    "nojekyll": lambda renderer, output: b"",
    "cname": lambda renderer, output: (renderer.config.cname + "\n").encode(),
    "asset": lambda renderer, output: output.subject.data,
}
