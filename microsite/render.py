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
from .markup import MarkdownConverter, plain_summary
from .model import Page, Site, Statement, moment
from .plan import FEED_ENTRIES, Output, feed_pages
from .qr import qr_svg
from .render_languages import SiteLanguages
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
        self._script_blocks: dict[tuple[str, str], Markup] = {}  # (language, script) → its words' JSON block
        self.config = site.config
        # The languages' plumbing (render_languages); render functions call these four through the renderer.
        self.languages = SiteLanguages(site, router, project)
        languages = self.languages
        self.language, self.version, self.original, self.in_language = (
            languages.language, languages.version, languages.original, languages.in_language)
        self.env = env
        self._converters: dict[str, MarkdownConverter] = {}
        self.converter = self.markdown_converter("")
        self._html: dict[str, str] = {}
        # (template, language) → what its outputs in the language see (_language_context); its text (_per_language)
        self._contexts: dict[tuple[jinja2.Template, str], dict] = {}
        self._fragments: dict[tuple[jinja2.Template, str], Markup] = {}
        # (source, first line, Markdown) → (HTML, problems): a cache.MarkdownMemo, filled by earlier builds too
        self.markdown_cache = markdown_cache
        self.env.globals.update(
            site=self.config, url=router.href, abs_url=router.absolute, asset=router.asset, asset_url=router.asset_url,
            nav=self.languages.nav(), home_path="/",
            share_links=filters.share_links, tally_segments=filters.tally_segments, today=self.today,
            **DEADLINE_WORDS,  # the deadline sentence and bar, in the page's language
            script_messages=self.script_messages,
        )

    @property
    def today(self):
        zone = self.config.deadline.when.tzinfo if self.config.deadline else None
        return self.site.now.astimezone(zone).date() if zone else self.site.now.date()

    @jinja2.pass_context
    def script_messages(self, context, script: str) -> Markup:
        """For templates, beside a script's <script src>: the words of assets/`script` in the page's language, as
        data (the pages' Content-Security-Policy allows it); nothing when the script shows them all as written."""
        language = context["language"]
        if (language.code, script) not in self._script_blocks:  # the same block on every page of the language
            words = script_words(language, self.project / "assets" / script)
            self._script_blocks[language.code, script] = Markup(
                '<script type="application/json" data-messages="{}">{}</script>').format(script, json_ld(words)) \
                if words else Markup("")
        return self._script_blocks[language.code, script]

    # -- Markdown ----------------------------------------------------------------------------------------
    def markdown_converter(self, language: str) -> MarkdownConverter:
        """The Markdown converter of records in `language` ("" the default): footnotes' back links titled in it."""
        if language not in self._converters:
            # Translators: the tooltip of the link from a footnote back to where it is cited; %d is its number.
            title = self.language(language).gettext("Back to reference %d")
            self._converters[language] = MarkdownConverter(self.router, safe=self.config.safe_markdown,
                                                           backlink_title=title)
        return self._converters[language]

    def body_html(self, record: Page | Statement) -> Markup:
        if record.source not in self._html:
            key = (record.source, record.body_line, record.body)
            converted = self.markdown_cache.get(key)
            if converted is None:
                converter = self.markdown_converter(record.language)
                converted = converter.convert(record.body, record.source, record.body_line)
                self.markdown_cache[key] = converted
            html, problems = converted
            self.report.extend(problems)
            self._html[record.source] = html
        return Markup(self._html[record.source])

    def summary(self, page: Page) -> str:
        """The page's `summary`, else its text's start, else the site's description in the page's language."""
        return page.summary or plain_summary(self.body_html(page)) or self.config.localized(page.language).description

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
        return self._render(template, output.language, current=output.path,
                            canonical=self.router.absolute(output.path), **self.languages.versions(output), **context)

    def text(self, template: str, output: Output, **context) -> bytes:
        """A file that is not an HTML page (a feed, the sitemap), in the output's language."""
        return self._render(template, output.language, **context)

    def _render(self, name: str, language: str, **variables) -> bytes:
        """The template `name` rendered as Jinja's Template.render does, with `variables` and what every output in
        `language` sees (see _language_context)."""
        template = self.env.get_template(name)
        context = template.new_context({**self._language_context(template, language), **variables}, shared=True)
        try:
            return self.env.concat(template.root_render_func(context)).encode("utf-8")
        except Exception:
            self.env.handle_exception()  # as Template.render: the traceback shows the template's lines (see render)

    def _language_context(self, template: jinja2.Template, language: str) -> dict:
        """What `template` sees on every output in `language` ("" the default): the environment's globals, the
        language's words, settings and links, and `per_language`.

        Template.render copies the template's ~30 globals out of a ChainMap into every output's context, 8.5 µs of
        a page's ~0.2 ms of template: merged here once per template and language, each output copies a dict."""
        key = (template, language)
        if key not in self._contexts:
            self._contexts[key] = {**template.globals, **self.language(language).template_context,
                                   **self.languages.localized(language),
                                   "per_language": functools.partial(self._per_language, language)}
        return self._contexts[key]

    def _per_language(self, language: str, name: str) -> Markup:
        """For templates, `per_language(name)`: the partial template `name` as every output in the language shows
        it, rendered once per build and language. It sees only what is the same on all of them (_language_context),
        never an output's own values, so it cannot differ between them: the deadline bar, the head's links, the
        footer."""
        template = self.env.get_template(name)  # asked for on every output, so that the build knows it is used
        key = (template, language)
        if key not in self._fragments:
            # Jinja never changes a context's parent dict, so the outputs' shared one is handed over as it is.
            context = template.new_context(self._language_context(template, language), shared=True)
            self._fragments[key] = Markup(self.env.concat(template.root_render_func(context)))
        return self._fragments[key]

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
    entries = [(renderer.router.absolute(path), dates.get(path), renderer.languages.alternates(path))
               for path in html_paths(plan_site(renderer.site))]
    return renderer.text("sitemap.xml", output, entries=entries)


def render_robots(renderer: Renderer, output: Output) -> bytes:
    return f"User-agent: *\nAllow: /\n\nSitemap: {renderer.router.absolute('/sitemap.xml')}\n".encode()


def render_deadline_ics(renderer: Renderer, output: Output) -> bytes:
    """The deadline as a calendar event in the output's language; one UID in all, as it is one event."""
    config = renderer.config.localized(output.language)
    deadline = config.deadline
    host = urlsplit(config.base_url).netloc
    return event_calendar(uid=f"deadline@{host}", summary=deadline.event or config.title,
                          start=deadline.when, all_day=deadline.all_day, location=deadline.place,
                          url=renderer.router.absolute(renderer.router.path_in("/", output.language)),
                          stamp=renderer.today, description=config.ask)


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
