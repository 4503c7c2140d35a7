"""List every file the site will have: its site path, how it is rendered, and which inputs it depends on."""

from __future__ import annotations

import heapq
from typing import NamedTuple

from .errors import Problem
from .lookup_join import Shard, joins_of
from .model import Site
from .routes import Router, in_language

# Dependency keys. A content file's key is its path ("content/pages/a.md"); these name the rest.
CONFIG = "config"  # site.yml
TEMPLATES = "templates"  # every file under templates/
ASSETS = "assets"  # the hashed asset names
ROUTES = "routes"  # the table of content files and their URLs and titles (links, navigation)
ALL_PAGES, ALL_STATEMENTS, ALL_MEMBERS, ALL_ACTIONS = "pages/*", "statements/*", "members/*", "actions/*"
ALL_LOOKUPS = "lookups/*"  # the lookup tables: the forms on the home and directory pages are set up from them
SIGNATORIES = "signatories"  # every member who signed a statement (statement titles are made from their names)
PAGE_DATES = "page dates"  # every page's address and dates, without its text (the sitemap)
LATEST_PAGES = "latest pages"  # the few newest pages the home page lists
FEED_PAGES = "feed pages"  # the newest pages the feed carries
# What every page's share card shows besides its title (cards.shared_text), and --strict: not the day or the rest of
# site.yml, so that a build on a new day, or a site.yml edit the cards do not show, redraws none.
CARD_FRAME = "card frame"


def member_key(member_id: str) -> str:
    """Key of one member's record, so editing one member re-renders that member's own files only."""
    return f"member:{member_id}"


def card_key(source: str) -> str:
    """Key of what a page's share card shows of the page (its title), so a body edit leaves the card alone."""
    return f"card:{source}"


def list_key(list_id: str) -> str:
    """Key of one list's own details, without its members."""
    return f"list:{list_id}"


EMBED_SIZES = ("banner", "card")  # the embeddable boxes a partner site can frame (render_spread.BOXES)

# Kinds of output made from many records' Markdown: they are rendered after the rest (see pipeline.render_all).
GATHERING = ("feed",)


class Output(NamedTuple):  # a tuple, not a frozen dataclass: thousands are planned on every rebuild
    path: str  # site path: "/why/", "/feed.xml"
    kind: str  # which renderer makes it
    subject: object = None  # the Page, Statement, Member or MemberList it is about
    deps: tuple[str, ...] = ()
    language: str = ""  # the language it is written in ("fr"); "" for the site's own


def _html(path: str, kind: str, subject=None, *deps: str, language: str = "") -> Output:
    return Output(path, kind, subject, (CONFIG, TEMPLATES, ASSETS, ROUTES) + deps, language)


def _in_every_language(site: Site, path: str, kind: str, subject=None, *deps: str) -> list[Output]:
    """A page the builder makes itself, once in each language of the site (the default's at `path`)."""
    return [_html(in_language(path, language), kind, subject, *deps, language=language)
            for language in _other_languages(site, True)]


def _other_languages(site: Site, with_default: bool = False) -> tuple[str, ...]:
    """The languages of the site as outputs name them: "" for the default, then the others' codes."""
    return (("",) if with_default else ()) + site.config.languages[1:]


def _homes(site: Site) -> list[Output]:
    """Each language's home page: its index.<language>.md, else the default home without its text (the site's
    settings in that language), so that every language has one."""
    homes = {page.language: page for page in site.pages if page.is_home}
    if "" not in homes:
        return []
    outputs = []
    for language in _other_languages(site, True):
        page = homes.get(language, homes[""])
        outputs.append(_html(in_language("/", language), "home", page, page.source, LATEST_PAGES, ALL_STATEMENTS,
                             ALL_MEMBERS, ALL_LOOKUPS, language=language))
    return outputs


def plan_site(site: Site) -> list[Output]:
    """Every output of the site, in a stable order."""
    outputs = _homes(site)
    for page in site.pages:
        # Any author may name a member, and adding that member turns the byline into a link.
        deps = (page.source,) + ((ALL_MEMBERS,) if page.author else ())
        if not page.is_home:
            outputs.append(_html(Router.page_path(page), "page", page, *deps, language=page.language))
        if not page.image:  # a page's own image is its card
            outputs.append(Output(Router.card_path(page), "card", page, (CARD_FRAME, card_key(page.source)),
                                  page.language))
        for alias in page.aliases:
            outputs.append(_html(Router.alias_path(alias), "redirect", (alias, page), page.source))
    for statement in site.statements:
        # A translation shows its original's signatories, date and event time: it is read from both files.
        sources = (statement.source, statement.original) if statement.original else (statement.source,)
        deps = sources + (ALL_MEMBERS,)
        # The signers file's key is there even before the file is, so adding one re-renders the statement.
        shown = deps + (statement.signers_source,)
        outputs.append(_html(Router.statement_path(statement), "statement", statement, *shown,
                             language=statement.language))
        outputs.append(Output(Router.card_path(statement), "card", statement,
                              (CONFIG, *sources, SIGNATORIES), statement.language))
        outputs.append(Output(Router.statement_text_path(statement), "statement_text", statement,
                              (CONFIG, ROUTES) + shown, statement.language))
        if statement.event and statement.event.when:
            outputs.append(Output(Router.statement_calendar_path(statement), "statement_ics", statement,
                                  (CONFIG, ROUTES) + deps, statement.language))
        if statement.language:
            continue  # the signers' files are the original's
        if site.signers_of(statement) is not None:
            for extension in ("csv", "json"):
                outputs.append(Output(Router.statement_signers_path(statement, extension), f"signers_{extension}",
                                      statement, (statement.signers_source,)))
    if site.statements:
        outputs += _in_every_language(site, "/statements/", "statements", None, ALL_STATEMENTS, ALL_MEMBERS)
    if site.member_lists:
        member_deps = (ALL_ACTIONS, ALL_STATEMENTS, SIGNATORIES)
        outputs += _in_every_language(site, "/members/", "directory", None, ALL_MEMBERS, ALL_LOOKUPS)
        for member_list in site.member_lists:
            outputs += _in_every_language(site, Router.list_path(member_list), "list", member_list, ALL_MEMBERS,
                                          ALL_LOOKUPS)
            for extension in ("csv", "json"):
                outputs.append(Output(Router.list_export_path(member_list, extension), f"list_{extension}",
                                      member_list, (CONFIG, ALL_MEMBERS)))
            for member in member_list.members:
                own = (member_key(member.id), list_key(member_list.id))
                outputs += _in_every_language(site, Router.member_path(member), "member", member, *own, *member_deps)
                outputs.append(Output(Router.member_vcard_path(member), "member_vcard", member,
                                      (CONFIG, ASSETS, ROUTES) + own))
        outputs.append(Output("/members.csv", "members_csv", None, (CONFIG, ALL_MEMBERS)))
        outputs.append(Output("/members.json", "members_json", None, (CONFIG, ALL_MEMBERS)))
    outputs += _lookup_shards(site)
    if site.config.deadline:
        # In each language: a calendar shows the event's name, place and the ask as written (site.yml's translations)
        outputs += [Output(in_language("/deadline.ics", language), "deadline_ics", None, (CONFIG, ROUTES), language)
                    for language in _other_languages(site, True)]
    for language in _other_languages(site, True):
        outputs.append(Output(in_language("/feed.xml", language), "feed", None,
                              (CONFIG, ROUTES, FEED_PAGES, ALL_STATEMENTS, ALL_MEMBERS, TEMPLATES), language))
    outputs.append(Output("/sitemap.xml", "sitemap", None,
                          (CONFIG, ROUTES, PAGE_DATES, ALL_STATEMENTS, ALL_MEMBERS, TEMPLATES)))
    outputs.append(Output("/robots.txt", "robots", None, (CONFIG,)))
    outputs += _in_every_language(site, "/flyer/", "flyer")
    outputs += _in_every_language(site, "/spread/", "spread")
    for size in EMBED_SIZES:
        outputs += _in_every_language(site, Router.embed_path(size), "embed", size, ALL_MEMBERS)
    outputs.append(_html("/404.html", "notfound"))
    outputs.append(Output("/.nojekyll", "nojekyll"))
    if site.config.cname:
        outputs.append(Output("/CNAME", "cname", None, (CONFIG,)))
    return outputs


def _page_shape(page) -> tuple:
    """All plan_site and the Router read of a page: a page whose shape is unchanged keeps its outputs."""
    return (page.source, page.is_home, page.slug, bool(page.image), page.aliases, bool(page.author), page.language,
            page.original)


def _statement_shape(statement) -> tuple:
    """All plan_site and the Router read of a statement but whether it has signers (the signers files are equal)."""
    return (statement.source, statement.slug, statement.signers_source, bool(statement.event and statement.event.when),
            statement.language, statement.original)


def _list_shape(member_list) -> tuple:
    """All plan_site and the Router read of a contact list: its address, file and the members' addresses."""
    return member_list.id, member_list.source, tuple(member.id for member in member_list.members)


def _swaps(before: tuple, now: tuple, shape) -> dict[int, object] | None:
    """id(old record) → new record for each record that changed; None when one changed what the plan reads."""
    if len(before) != len(now):
        return None
    swaps = {}
    for old, new in zip(before, now):
        if old is not new:
            if shape(old) != shape(new):
                return None
            swaps[id(old)] = new
    return swaps


def rebound(before: Site, outputs: list[Output], site: Site) -> list[Output] | None:
    """`outputs`, the plan of `before`, pointed at the records of `site`; None unless it is exactly `site`'s plan.

    The settings, lookup tables, signers files and actions must be equal (the load memo hands back the very same
    record for a file that did not change, so this is mostly a look at identities), and the pages, statements and
    contact lists the same files in the same order, each with the same shape (what the plan reads of it)."""
    if before.config != site.config:
        return None
    for kind in ("lookups", "signer_lists", "actions"):
        old, new = getattr(before, kind), getattr(site, kind)
        if len(old) != len(new) or any(a is not b and a != b for a, b in zip(old, new)):
            return None
    pages = _swaps(before.pages, site.pages, _page_shape)
    statements = _swaps(before.statements, site.statements, _statement_shape)
    lists = _swaps(before.member_lists, site.member_lists, _list_shape)
    if pages is None or statements is None or lists is None:
        return None
    swaps = pages | statements | lists
    for old, new in zip(before.member_lists, site.member_lists):
        if old is not new:  # the same members (by id) in the same order
            swaps |= {id(a): b for a, b in zip(old.members, new.members)}
    return [_rebind(output, swaps) for output in outputs] if swaps else list(outputs)


def _rebind(output: Output, swaps: dict[int, object]) -> Output:
    subject = output.subject
    if output.kind == "redirect":  # (alias, page): the new page's aliases equal the old page's
        page = swaps.get(id(subject[1]))
        return output if page is None else output._replace(subject=(subject[0], page))
    new = swaps.get(id(subject))
    return output if new is None else output._replace(subject=new)


class Planner:
    """plan_site with the last plan and Router kept, reused (the plan rebound to the new records) while the plan is
    exactly the new site's: the router reads nothing of the site that the plan does not (base_url is in the config).

    `serve` rebuilds after every save; at thousands of pages planning afresh is a sizeable part of a one-page
    rebuild, though the set of outputs changes only when a page is added, removed, renamed or re-addressed."""

    def __init__(self):
        self.site: Site | None = None
        self.outputs: list[Output] = []
        self.reused = False  # the last plan was the one before it, rebound: the same paths, kinds and deps
        self.generation = 0  # counts the plans made afresh: while it stays, the plans are all the same outputs
        self._router: Router | None = None  # made for a site whose plan every plan since has reused

    def plan(self, site: Site) -> list[Output]:
        if site is not self.site:
            outputs = rebound(self.site, self.outputs, site) if self.site is not None else None
            self.reused = outputs is not None
            self.site, self.outputs = site, plan_site(site) if outputs is None else outputs
            if not self.reused:
                self._router, self.generation = None, self.generation + 1
        return self.outputs

    def router(self, site: Site, asset_names: dict[str, str]) -> Router:
        """The router of `site`, planned first: the one kept while its plan was reused and the assets are the same."""
        self.plan(site)
        if self._router is None or self._router.asset_names != asset_names:
            self._router = Router(site, asset_names)
        return self._router


def _lookup_shards(site: Site) -> list[Output]:
    """A JSON file per key prefix of each lookup table in each language (its cards' seat words and letters are
    the language's); a shard shows members' cards, so it depends on them too."""
    outputs = []
    for join in joins_of(site):
        name, source = join.lookup.name, join.lookup.source
        deps = (CONFIG, TEMPLATES, ASSETS, ROUTES, source, ALL_MEMBERS, ALL_ACTIONS)
        for language in _other_languages(site, True):
            outputs += [Output(Router.lookup_shard_path(name, prefix, language), "lookup_shard",
                               Shard(name, prefix, source), deps, language) for prefix, _, _ in join.lookup.shards]
    return outputs


FEED_ENTRIES = 50


def feed_pages(site: Site, router: Router, language: str = "") -> list:
    """The pages the feed of `language` ("" the default) can show, newest first (the feed depends on these:
    FEED_PAGES)."""
    pages = [p for p in site.pages if p.date and not p.is_home and p.language == language]
    # The same pages in the same order as sorting all by (date, absolute URL) and keeping the first; every URL is
    # base_url + the site path after its "/", so the path orders them alike, and nlargest sorts only the few kept.
    return heapq.nlargest(FEED_ENTRIES, pages, key=lambda p: (p.updated_at, router.page_path(p)))


def html_paths(outputs: list[Output]) -> list[str]:
    """Site paths of the HTML pages a visitor can reach, for the sitemap (the 404 page and redirects are not, nor are
    the embeds, which are parts of other sites' pages)."""
    return [o.path for o in outputs if o.path.endswith("/") and o.kind not in ("redirect", "embed")]


def alias_clashes(outputs: list[Output]) -> list[Problem]:
    """An error at each old address (alias) that would overwrite another output's file, or another alias's."""
    owners: dict[str, Output] = {}
    for output in outputs:
        if output.kind != "redirect":
            owners[Router.output_file(output.path)] = output
    problems = []
    for output in outputs:
        if output.kind != "redirect":
            continue
        alias, page = output.subject
        earlier = owners.setdefault(Router.output_file(output.path), output)
        if earlier is not output:
            owner = earlier.subject[1] if earlier.kind == "redirect" else earlier.subject
            taken_by = getattr(owner, "source", "") or f"the site's own {earlier.path}"
            problems.append(Problem(alias.where, f"old address '{alias.path}' is already taken by {taken_by}"))
    return problems
