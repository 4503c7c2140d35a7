"""Read everything under content/ into the model, collecting every problem with its file, line and column."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from . import config as site_config
from .errors import Location, Report, did_you_mean
from .fields import FieldReader, warn_unknown_keys
from .model import Action, Event, MemberList, Page, Site, SiteConfig, Statement
from .routes import RESERVED_SLUGS
from .sources import read_text, split_front_matter
from .yamlsource import Mapping, parse_yaml

SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,99}")
PAGE_KEYS = {"title", "date", "updated", "summary", "author", "published_in", "canonical", "image", "tags", "draft",
             "slug"}
STATEMENT_KEYS = {"title", "signatories", "date", "dateline", "headline", "dek", "group_phrase", "event", "draft",
                  "slug"}
EVENT_KEYS = {"what", "when", "timezone", "where"}
ACTION_KEYS = {"title", "kind", "subject", "lists", "slug"}
ACTION_KINDS = ("email", "call")
MEMBER_EXTENSIONS = (".yml", ".yaml", ".csv", ".json")


@dataclass(frozen=True)
class LoadOptions:
    drafts: bool = False
    base_url: str = ""  # overrides site.yml's base_url
    now: dt.datetime | None = None  # the build's idea of now; None means the clock


def slug_from_filename(stem: str) -> str:
    """A URL-safe slug from a file name: 'Why It Matters' → 'why-it-matters'."""
    return re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")


def _slug(read: FieldReader, path: Path, rel: str) -> str:
    explicit = read.text("slug")
    if explicit:
        if not SLUG.fullmatch(explicit):
            read.report.error(read.at("slug"), f"slug '{explicit[:60]}' may only use a-z, 0-9 and '-'")
            return ""
        slug = explicit
    else:
        slug = slug_from_filename(path.stem)
        if not slug:
            read.report.error(Location(rel), "the file name has no letters or digits to make a URL from; rename it")
            return ""
    if slug in RESERVED_SLUGS:
        where = read.at("slug") if explicit else Location(rel)
        read.report.error(where, f"slug '{slug}' is used by the site itself; choose another")
        return ""
    return slug


def _markdown_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.md") if p.is_file()) if folder.is_dir() else []


def _front_matter(path: Path, root: Path, report: Report):
    rel = path.relative_to(root.parent).as_posix()
    text = read_text(path, rel, report, root)
    if text is None:
        return None, rel, "", 1
    data, body, body_line = split_front_matter(text, rel, report)
    return data, rel, body, body_line


def load_config(content: Path, report: Report, base_url: str = "") -> SiteConfig | None:
    path = content / "site.yml"
    rel = path.relative_to(content.parent).as_posix()
    if not path.is_file():
        report.error(Location(rel), "site.yml is missing: it names the campaign (title:) and its address (base_url:)")
        return None
    text = read_text(path, rel, report, content)
    if text is None:
        return None
    data, problems = parse_yaml(text, rel)
    report.extend(problems)
    if problems:
        return None
    return site_config.build_config(data, rel, report, base_url)


def load_page(path: Path, content: Path, report: Report, member_ids) -> Page | None:
    data, rel, body, body_line = _front_matter(path, content, report)
    if data is None:
        return None
    warn_unknown_keys(data, PAGE_KEYS, "page front matter", report)
    read = FieldReader(data, report)
    read.require("title")
    slug = "" if path.name == "index.md" and not data.get("slug") else _slug(read, path, rel)
    author = read.text("author")
    return Page(
        source=rel, slug=slug, title=read.text("title"), date=read.date("date"), updated=read.date("updated"),
        summary=read.text("summary"), body=body, body_line=body_line, author=author,
        author_member=author if author in member_ids else "", published_in=read.text("published_in"),
        canonical=read.url("canonical"), image=read.text("image"), tags=read.text_list("tags"),
        draft=read.boolean("draft", False),
    )


def _event(read: FieldReader) -> Event | None:
    data = read.mapping("event")
    if data is None:
        return None
    warn_unknown_keys(data, EVENT_KEYS, "event", read.report)
    when, zone, all_day = site_config.read_moment(data, "when", read.report)
    event_read = FieldReader(data, read.report)
    return Event(what=event_read.text("what"), when=when, timezone=zone, where=event_read.text("where"),
                 all_day=all_day)


def _signatories(read: FieldReader, member_ids) -> tuple[str, ...]:
    ids = read.text_list("signatories")
    if not ids:
        read.report.error(read.at("signatories"), "'signatories' must list at least one member id")
    value = read.data.get("signatories")
    for index, member_id in enumerate(ids):
        if member_id not in member_ids:
            where = value.at(index) if hasattr(value, "at") else read.at("signatories")
            read.report.error(where, f"unknown member '{member_id}'{did_you_mean(member_id, member_ids)}")
    return ids


def load_statement(path: Path, content: Path, report: Report, member_ids) -> Statement | None:
    data, rel, body, body_line = _front_matter(path, content, report)
    if data is None:
        return None
    warn_unknown_keys(data, STATEMENT_KEYS, "statement front matter", report)
    read = FieldReader(data, report)
    read.require("date", "dateline", "headline")
    return Statement(
        source=rel, slug=_slug(read, path, rel), signatories=_signatories(read, member_ids),
        date=read.date("date") or dt.date(1970, 1, 1), dateline=read.text("dateline"),
        headline=read.text("headline"), dek=read.text("dek"), body=body, body_line=body_line,
        group_phrase=read.text("group_phrase"), event=_event(read), title=read.text("title"),
        draft=read.boolean("draft", False),
    )


def load_action(path: Path, content: Path, report: Report, list_ids) -> Action | None:
    data, rel, body, body_line = _front_matter(path, content, report)
    if data is None:
        return None
    warn_unknown_keys(data, ACTION_KEYS, "action front matter", report)
    read = FieldReader(data, report)
    read.require("title")
    kind = read.text("kind", "email")
    if kind not in ACTION_KINDS:
        report.error(read.at("kind"), f"'kind' must be one of {', '.join(ACTION_KINDS)}{did_you_mean(kind, ACTION_KINDS)}")
    lists = read.text_list("lists")
    for index, list_id in enumerate(lists):
        if list_id not in list_ids:
            value = data.get("lists")
            where = value.at(index) if hasattr(value, "at") else read.at("lists")
            report.error(where, f"unknown member list '{list_id}'{did_you_mean(list_id, list_ids)}")
    return Action(source=rel, slug=_slug(read, path, rel), title=read.text("title"), kind=kind,
                  subject=read.text("subject"), body=body, body_line=body_line, lists=lists)


def load_member_lists(content: Path, config: SiteConfig, report: Report) -> tuple[MemberList, ...]:
    folder = content / "members"
    if not folder.is_dir():
        return ()
    from .importers import read_member_file
    from .members import check_unique_ids

    lists = []
    for path in sorted(folder.iterdir()):
        if not path.is_file() or path.name.startswith("."):
            continue
        rel = path.relative_to(content.parent).as_posix()
        if path.suffix.lower() not in MEMBER_EXTENSIONS:
            report.error(Location(rel), f"not a contact list: use {', '.join(MEMBER_EXTENSIONS)}")
            continue
        member_list = read_member_file(path, rel, config, report)
        if member_list is not None:
            lists.append(member_list)
    check_unique_ids(lists, report)
    return tuple(lists)


def _unique_slugs(records, kind: str, report: Report) -> None:
    seen: dict[str, str] = {}
    for record in records:
        if record.slug in seen:
            report.error(Location(record.source), f"{kind} slug '{record.slug or '/'}' is also used by {seen[record.slug]}")
        else:
            seen[record.slug] = record.source


def load_site(project: Path, report: Report, options: LoadOptions = LoadOptions()) -> Site | None:
    """The whole campaign; None when site.yml itself is unusable. Problems go to `report`, never raised."""
    content = project / "content"
    config = load_config(content, report, options.base_url)
    if config is None:
        return None
    member_lists = load_member_lists(content, config, report)
    member_ids = {m.id for lst in member_lists for m in lst.members}
    pages = [load_page(p, content, report, member_ids) for p in _markdown_files(content / "pages")]
    statements = [load_statement(p, content, report, member_ids) for p in _markdown_files(content / "statements")]
    list_ids = {lst.id for lst in member_lists}
    actions = [load_action(p, content, report, list_ids) for p in _markdown_files(content / "actions")]
    keep = (lambda r: r is not None and (options.drafts or not r.draft))
    pages = sorted((p for p in pages if keep(p)), key=lambda p: p.source)
    statements = sorted((s for s in statements if keep(s)), key=lambda s: (s.date, s.source), reverse=True)
    actions = [a for a in actions if a is not None]
    _unique_slugs(pages, "page", report)
    _unique_slugs(statements, "statement", report)
    _unique_slugs(actions, "action", report)
    now = options.now or dt.datetime.now(dt.timezone.utc)
    return Site(config=config, pages=tuple(pages), statements=tuple(statements), member_lists=member_lists,
                actions=tuple(actions), now=now)
