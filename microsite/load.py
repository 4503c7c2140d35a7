"""Read everything under content/ into the model, collecting every problem with its file, line and column."""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable
from zoneinfo import ZoneInfo

from . import config as site_config
from .errors import Location, Report, did_you_mean
from .fields import WINDOWS_RESERVED, FieldReader, warn_unknown_keys
from .importers import read_member_file
from .lookups import read_lookup
from .members import check_unique_ids
from .model import (SIGNERS_SUFFIX, Action, Alias, Event, Lookup, LookupSettings, MemberList, Page, Site, SiteConfig,
                    Statement)
from .routes import RESERVED_SLUGS
from .parallel import map_in_order
from .signers import read_signers
from .sources import forget_real_folders, read_parsed, read_text, refuse_unreadable, split_front_matter
from .yamlsource import parse_yaml

SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,99}")
PAGE_KEYS = {"title", "date", "updated", "summary", "author", "published_in", "canonical", "image", "tags", "draft",
             "slug",
             # what pages moved from Hugo or Jekyll carry and mean the same here
             "lastmod", "description", "aliases", "redirect_from"}
ALIAS_KEYS = ("aliases", "redirect_from")  # Hugo's and Jekyll's old addresses of a page
# A site path made of plain URL characters, with no '.' or '..' segment; an old page's own file may end in .html.
_ALIAS = re.compile(r"/?(?:[A-Za-z0-9_~+-][A-Za-z0-9._~+-]*/)*(?:[A-Za-z0-9_~+-][A-Za-z0-9._~+-]*)?")
MAX_ALIAS_PART = 200  # characters between slashes: each is a folder or file name, and file systems stop at 255 bytes
STATEMENT_KEYS = {"title", "signatories", "date", "dateline", "headline", "dek", "group_phrase", "event", "draft",
                  "slug", "group_signers_by", "sign_on"}
EVENT_KEYS = {"what", "when", "timezone", "where"}
ACTION_KEYS = {"title", "kind", "subject", "lists", "slug"}
ACTION_KINDS = ("email", "call")
MEMBER_EXTENSIONS = (".yml", ".yaml", ".csv", ".json")


@dataclass(frozen=True)
class LoadOptions:
    drafts: bool = False
    base_url: str = ""  # overrides site.yml's base_url
    now: dt.datetime | None = None  # the build's idea of now; None means the clock
    # cache.LoadMemo: lets a rebuild reuse what it read from files that did not change (serve, warm builds)
    memo: object = field(default=None, compare=False)
    # work for this process while forked workers read the content (not done when there are none)
    meanwhile: Callable[[], None] | None = field(default=None, compare=False)


# A translation's file names its language before the extension: take-action.fr.md, index.ar.md, x.pt-BR.md.
LANGUAGE_SUFFIX = re.compile(r"(?P<stem>.+)\.(?P<language>[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)")


def split_language(stem: str) -> tuple[str, str]:
    """(the original's stem, the language) of a file stem: 'take-action.fr' → ('take-action', 'fr');
    ('why', '') for an original."""
    match = LANGUAGE_SUFFIX.fullmatch(stem)
    return (match["stem"], match["language"]) if match else (stem, "")


def original_source(source: str, language: str) -> str:
    """The source a translation translates: 'content/pages/why.fr.md' → 'content/pages/why.md'."""
    return source.removesuffix(f".{language}.md") + ".md"


def slug_from_filename(stem: str) -> str:
    """A URL-safe slug from a file name: 'Why It Matters' → 'why-it-matters'."""
    return re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")


def _slug(read: FieldReader, path: Path, rel: str) -> str | None:
    """The record's URL slug; None (with the error reported) when unusable, and load_site then leaves it out."""
    explicit = read.text("slug")
    stem, language = split_language(path.stem)
    if language and not explicit:
        return ""  # a translation keeps its original's slug: given when it is linked to it (see _translations)
    if explicit:
        if not SLUG.fullmatch(explicit):
            read.report.error(read.at("slug"), f"slug '{explicit[:60]}' may only use a-z, 0-9 and '-'")
            return None
        slug = explicit
    else:
        slug = slug_from_filename(stem)
        if not slug:
            read.report.error(Location(rel), "the file name has no letters or digits to make a URL from; rename it")
            return None
    where = read.at("slug") if explicit else Location(rel)
    if slug in RESERVED_SLUGS:
        read.report.error(where, f"slug '{slug}' is used by the site itself; choose another")
        return None
    if slug in WINDOWS_RESERVED:
        read.report.error(where, f"slug '{slug}' is a device name on Windows, where the site could not be "
                                 "checked out; choose another")
        return None
    return slug


def _markdown_files(folder: Path, report: Report) -> list[str]:
    """The folder's .md files (full paths); anything else there (an image, a .txt) is named in a warning."""
    if not folder.is_dir():
        return []
    files = []
    # Plain strings from scandir, not Paths: a rebuild of 5,000 pages that parses none of them counts every call.
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if entry.name.startswith(".") or not entry.is_file() or entry.name.endswith(SIGNERS_SUFFIX):
            continue  # a statement's signers file is read with _signers_files
        if entry.name.endswith(".md"):
            files.append(entry.path)
        else:
            rel = (folder / entry.name).relative_to(folder.parent.parent).as_posix()
            report.warning(Location(rel), "not a Markdown (.md) file, so it is left out; images belong in assets/")
    return files


def _signers_files(folder: Path, report: Report) -> list[str]:
    """The statements' signers files (full paths); one with no statement beside it is an error, as a typo would
    otherwise hide its organisations."""
    if not folder.is_dir():
        return []
    files = []
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if entry.name.endswith(SIGNERS_SUFFIX) and not entry.name.startswith(".") and entry.is_file():
            statement = entry.name.removesuffix(SIGNERS_SUFFIX) + ".md"
            if (folder / statement).is_file():
                files.append(entry.path)
            else:
                rel = (folder / entry.name).relative_to(folder.parent.parent).as_posix()
                report.error(Location(rel), f"there is no statement '{statement}' beside this signers file; "
                                            "name it after its statement's file")
    return files


def _markdown_record(path: Path, content: Path, report: Report, known_keys, what: str, *required: str):
    """(FieldReader over the front matter, source path, body, body's first line); None when unreadable."""
    rel = path.relative_to(content.parent).as_posix()
    text = read_text(path, rel, report, content)
    if text is None:
        return None
    data, body, body_line = split_front_matter(text, rel, report)
    if data is None:
        return None
    warn_unknown_keys(data, known_keys, f"{what} front matter", report)
    read = FieldReader(data, report)
    read.require(*required)
    return read, rel, body, body_line


def _known_ids(read: FieldReader, key: str, known, what: str) -> tuple[str, ...]:
    """The ids listed under `key`, each unknown one reported at its own position with a suggestion."""
    ids = read.text_list(key)
    value = read.data.get(key)
    for index, item in enumerate(ids):
        if item not in known:
            where = value.at(index) if hasattr(value, "at") else read.at(key)
            read.report.error(where, f"unknown {what} '{item}'{did_you_mean(item, known)}")
    return ids


def load_config(content: Path, report: Report, base_url: str = "") -> SiteConfig | None:
    path = content / "site.yml"
    rel = path.relative_to(content.parent).as_posix()
    if not path.is_file():
        report.error(Location(rel), "site.yml is missing: it names the campaign (title:) and its address (base_url:)")
        return None
    data, ok = read_parsed(path, rel, report, parse_yaml, content)
    return site_config.build_config(data, rel, report, base_url) if ok else None


def _alias(read: FieldReader, key: str, index: int | None, text: str) -> Alias | None:
    value = read.data.get(key)
    where = value.at(index) if index is not None and hasattr(value, "at") else read.at(key)
    path = text.strip()
    if "://" in path or path.startswith("//"):
        read.report.error(where, f"'{key}' lists addresses on this site, such as /2018/11/old-post/, not '{path[:60]}'")
    elif not path.strip("/") or not _ALIAS.fullmatch(path):
        read.report.error(where, f"'{key}': '{path[:60]}' is not a site path made of letters, digits, '-', '_', "
                                 "'.', '~', '+' and '/' (with no '.' or '..' folder)")
    elif max(len(part) for part in path.split("/")) > MAX_ALIAS_PART:
        read.report.error(where, f"'{key}': '{path[:60]}…' has a part longer than {MAX_ALIAS_PART} characters, "
                                 "more than a file name may have")
    elif "." in path.rsplit("/", 1)[-1] and not path.lower().endswith((".html", ".htm")):
        read.report.error(where, f"'{key}': a static site can redirect only from a folder or an .html page, "
                                 f"not '{path[:60]}'")
    else:
        return Alias(path, where)
    return None


def _aliases(read: FieldReader) -> tuple[Alias, ...]:
    """The page's old addresses from `aliases` (Hugo) and `redirect_from` (Jekyll), each checked where written."""
    found = []
    for key in ALIAS_KEYS:
        value = read.data.get(key)
        items = [(None, value)] if isinstance(value, str) else list(enumerate(read.text_list(key)))
        found += [_alias(read, key, index, text) for index, text in items]
    return tuple(alias for alias in found if alias)


def load_page(path: Path, content: Path, report: Report, timezone: str = "UTC") -> Page | None:
    record = _markdown_record(path, content, report, PAGE_KEYS, "page", "title")
    if record is None:
        return None
    read, rel, body, body_line = record
    zone = ZoneInfo(timezone)
    stem, language = split_language(path.stem)
    slug = "" if stem == "index" and not read.data.get("slug") else _slug(read, path, rel)
    return Page(
        language=language,
        source=rel, slug=slug, title=read.text("title"), date=read.moment("date", zone),
        # Hugo's `lastmod` and Jekyll's `description` are this builder's `updated` and `summary`.
        updated=read.moment("updated" if "updated" in read.data else "lastmod", zone),
        summary=read.text("summary") or read.text("description"), body=body, body_line=body_line,
        author=read.text("author"), published_in=read.text("published_in"),
        canonical=read.url("canonical"), image=read.text("image"), tags=read.text_list("tags"),
        draft=read.boolean("draft", False), aliases=_aliases(read),
    )


def _event(read: FieldReader, translation: bool = False) -> Event | None:
    """The statement's event; a translation's may leave out the time (`when`, `timezone`): its original's is used."""
    data = read.mapping("event")
    if data is None:
        return None
    warn_unknown_keys(data, EVENT_KEYS, "event", read.report)
    event_read = FieldReader(data, read.report)
    if translation and data.get("when") in (None, ""):
        return Event(what=event_read.text("what"), when=None, timezone="", where=event_read.text("where"))
    when, zone, all_day = site_config.read_moment(data, "when", read.report)
    return Event(what=event_read.text("what"), when=when, timezone=zone, where=event_read.text("where"),
                 all_day=all_day)


def _signatories(read: FieldReader, member_ids) -> tuple[str, ...]:
    ids = _known_ids(read, "signatories", member_ids, "member")
    if not ids:
        read.report.error(read.at("signatories"), "'signatories' must list at least one member id")
    return ids


def _day(value: dt.date | None) -> dt.date | None:
    """The calendar day of a date or of a datetime, as written: a statement is dated by its day only."""
    return value.date() if isinstance(value, dt.datetime) else value


def load_statement(path: Path, content: Path, report: Report, member_ids) -> Statement | None:
    """A statement; a translation (x.fr.md) needs only its headline: what it leaves out is its original's, and its
    signatories always are (see _inherit_statement). Its date is None until then when it gives none."""
    language = split_language(path.stem)[1]
    required = ("headline",) if language else ("date", "dateline", "headline")
    record = _markdown_record(path, content, report, STATEMENT_KEYS, "statement", *required)
    if record is None:
        return None
    read, rel, body, body_line = record
    date = _day(read.moment("date", dt.timezone.utc))
    return Statement(
        source=rel, slug=_slug(read, path, rel), language=language,
        # A translation may repeat its original's (checked against them by _linked_translations).
        signatories=_known_ids(read, "signatories", member_ids, "member") if language
        else _signatories(read, member_ids),
        date=date if language else date or dt.date(1970, 1, 1), dateline=read.text("dateline"),
        headline=read.text("headline"), dek=read.text("dek"), body=body, body_line=body_line,
        group_phrase=read.text("group_phrase"), event=_event(read, bool(language)), title=read.text("title"),
        draft=read.boolean("draft", False), group_signers_by=site_config.signer_grouping(read),
        sign_on=site_config.sign_on_link(read),
    )


def load_action(path: Path, content: Path, report: Report, list_ids) -> Action | None:
    record = _markdown_record(path, content, report, ACTION_KEYS, "action", "title")
    if record is None:
        return None
    read, rel, body, body_line = record
    language = split_language(path.stem)[1]
    kind = read.text("kind", "" if language else "email")  # a translation's is its original's when not given
    if kind not in ACTION_KINDS and not (language and not kind):
        report.error(read.at("kind"), f"'kind' must be one of {', '.join(ACTION_KINDS)}{did_you_mean(kind, ACTION_KINDS)}")
    return Action(source=rel, slug=_slug(read, path, rel), language=language,
                  title=read.text("title"), kind=kind,
                  subject=read.text("subject"), body=body, body_line=body_line,
                  lists=_known_ids(read, "lists", list_ids, "member list"))


@dataclass(frozen=True)
class _Job:
    kind: str  # "page", "members", …: what the load memo files the record under
    path: str
    context: object  # what else the record is made from (the memo's key includes it)
    make: object  # (path, report=…) → record


def _jobs(kind: str, paths: list[str], context, load, **fixed) -> list[_Job]:
    """A job per file: load(path, report=…, **fixed), remembered under `kind` with `context`."""
    make = functools.partial(load, **fixed)
    return [_Job(kind, path, context, make) for path in paths]


def _made(strict: bool, job: _Job) -> tuple:
    scratch = Report(strict=strict)
    return job.make(Path(job.path), report=scratch), tuple(scratch.problems)


def _read_all(memo, jobs: list[_Job], report: Report, meanwhile: Callable[[], None] | None = None) -> list:
    """Each job's record, made on every core; through `memo`, files that did not change since an earlier build
    give the record (and problems) they gave then. Problems reach `report` in the jobs' order."""
    looked_up = [memo.lookup(j.kind, j.path, j.context, report.strict) if memo else (None, None) for j in jobs]
    missing = [job for job, (_, hit) in zip(jobs, looked_up) if hit is None]
    made = iter(map_in_order(functools.partial(_made, report.strict), missing, meanwhile=meanwhile))
    records = []
    for key, hit in looked_up:
        hit = hit or next(made)
        if memo:
            memo.remember(key, hit)
        report.extend(list(hit[1]))
        records.append(hit[0])
    return records


def _folder_files(content: Path, name: str, refuse: Callable[[Path], str], report: Report) -> list[str]:
    """The readable files in content/<name>/ (full paths); `refuse(path)` says why another file is an error."""
    folder = content / name
    if not folder.is_dir():
        return []
    readable = []
    for path in sorted(folder.iterdir()):
        if not path.is_file() or path.name.startswith("."):
            continue
        rel = path.relative_to(content.parent).as_posix()
        refused = refuse(path) or _device_name(path)
        if refused:
            report.error(Location(rel), refused)
        elif not refuse_unreadable(path, rel, report, content):
            readable.append(str(path))
    return readable


def _device_name(path: Path) -> str:
    # The file's name is its list's or table's address (/lists/aux/), and Windows cannot check out either.
    if path.stem.lower() in WINDOWS_RESERVED:
        return f"'{path.stem}' is a device name on Windows, where the site could not be checked out; rename the file"
    return ""


def _member_files(content: Path, report: Report) -> list[str]:
    """The contact lists in content/members/ (full paths); other files there are reported."""
    def refuse(path: Path) -> str:
        known = path.suffix.lower() in MEMBER_EXTENSIONS
        return "" if known else f"not a contact list: use {', '.join(MEMBER_EXTENSIONS)}"

    return _folder_files(content, "members", refuse, report)


def _lookup_files(content: Path, report: Report) -> list[str]:
    """The lookup tables in content/lookups/ (full paths); anything else there is an error."""
    def refuse(path: Path) -> str:
        if path.suffix.lower() != ".csv":
            return "not a lookup table: lookup tables are .csv files"
        if not SLUG.fullmatch(path.stem):
            return "a lookup table's file name (its address) may only use a-z, 0-9 and '-'"
        return ""

    return _folder_files(content, "lookups", refuse, report)


def load_lookup(path: Path, content: Path, settings: LookupSettings, report: Report) -> Lookup | None:
    return read_lookup(path, path.relative_to(content.parent).as_posix(), settings, report, content)


def _lookup_jobs(content: Path, config: SiteConfig, report: Report) -> list:
    files = _lookup_files(content, report)
    configured = dict(config.lookup_settings)
    names = {Path(f).name for f in files}
    for name in configured.keys() - names:
        report.error(Location("content/site.yml"), f"lookups: there is no table content/lookups/{name}"
                                                   f"{did_you_mean(name, names)}")
    jobs = []
    for path in files:
        settings = configured.get(Path(path).name, LookupSettings())
        jobs += _jobs("lookup", [path], settings, load_lookup, content=content, settings=settings)
    return jobs


def _check_lookup_lists(lookups, list_ids, report: Report) -> None:
    for lookup in lookups:
        for list_id in lookup.lists:
            if list_id not in list_ids:
                report.error(Location("content/site.yml"), f"lookups: {Path(lookup.source).name} names unknown "
                                                           f"member list '{list_id}'{did_you_mean(list_id, list_ids)}")


def load_member_list(path: Path, content: Path, config: SiteConfig, today: dt.date,
                     report: Report) -> MemberList | None:
    # Only current memberships are read, so a list also depends on the day.
    return read_member_file(path, path.relative_to(content.parent).as_posix(), config, report, today=today)


def _unique_slugs(records, kind: str, report: Report) -> None:
    seen: dict[tuple[str, str], str] = {}
    for record in records:
        key = (record.language, record.slug)  # each language has its own addresses (/fr/…)
        if key in seen:
            report.error(Location(record.source), f"{kind} slug '{record.slug or '/'}' is also used by {seen[key]}")
        else:
            seen[key] = record.source


def _inherit_statement(translation: Statement, original: Statement, report: Report) -> Statement:
    """A statement's translation with what it leaves out taken from its original: always the signatories (the same
    people signed it), and the date, dateline, signing settings and the event's time when it gives none."""
    if translation.signatories and translation.signatories != original.signatories:
        report.warning(Location(translation.source), "a translation's signatories are its original's "
                                                     f"({', '.join(original.signatories)}); remove them here")
    event = translation.event or original.event
    if event is not None and event.when is None and original.event is not None:
        event = replace(event, when=original.event.when, timezone=original.event.timezone,
                        all_day=original.event.all_day)
    return replace(translation, signatories=original.signatories, date=translation.date or original.date,
                   dateline=translation.dateline or original.dateline, event=event,
                   group_signers_by=translation.group_signers_by or original.group_signers_by,
                   sign_on=translation.sign_on or original.sign_on)


def _inherit_action(translation: Action, original: Action, report: Report) -> Action:
    """An action's translation writes to the same members the same way unless it says otherwise."""
    return replace(translation, kind=translation.kind or original.kind, lists=translation.lists or original.lists)


def _linked_translations(records: list, config: SiteConfig, report: Report, inherit=None, memo=None) -> list:
    """The records with each translation linked to its original (its `original`, its slug unless it sets its own,
    and what `inherit` takes from the original; through `memo`, as an earlier build linked the same records); a
    translation into a language the site does not have, or whose original is missing, is an error at its file and
    left out."""
    originals = {r.source: r for r in records if not r.language}
    others = config.languages[1:]
    linked = []
    for record in records:
        if not record.language:
            linked.append(record)
            continue
        where = Location(record.source)
        if record.language == config.language:
            report.error(where, f"'{record.language}' is the site's default language, whose text is the file "
                                f"without a language: {Path(original_source(record.source, record.language)).name}")
            continue
        if record.language not in others:
            configured = ", ".join(others) if others else "none besides " + config.language
            report.error(where, f"'.{record.language}' is not one of the site's languages (site.yml's `languages`: "
                                f"{configured}){did_you_mean(record.language, others)}")
            continue
        source = original_source(record.source, record.language)
        original = originals.get(source)
        if original is None:
            report.error(where, f"this translation has no original: there is no {source.removeprefix('content/')}"
                                " beside it (rename it after its original, or remove it)")
            continue
        make = functools.partial(_link, record, original, report.strict, inherit)
        record, problems = memo.linked(record, original, make) if memo else make()
        report.extend(list(problems))
        linked.append(record)
    return linked


def _link(translation, original, strict: bool, inherit) -> tuple:
    """(the translation with its `original`, its slug and what `inherit` takes from the original, its problems)."""
    scratch = Report(strict=strict)
    # The home page's translation is that language's home, whatever slug it brought from an earlier name
    home = isinstance(original, Page) and original.is_home
    record = replace(translation, original=original.source, slug="" if home else translation.slug or original.slug)
    return (inherit(record, original, scratch) if inherit else record), tuple(scratch.problems)


def _published(records: list, drafts: bool) -> list:
    """The records to build: no drafts (unless asked for), nor translations of drafts."""
    if drafts:
        return records
    hidden = {r.source for r in records if r.draft}
    return [r for r in records if not r.draft and r.original not in hidden]


def _reserved_language_slugs(pages, config: SiteConfig, report: Report) -> None:
    """A page of the default language may not take a language's address (/fr/ is the French home page)."""
    for page in pages:
        if not page.language and page.slug in config.languages[1:]:
            report.error(Location(page.source), f"slug '{page.slug}' is the address of the site's "
                                                f"'{page.slug}' pages (/{page.slug}/); choose another")


def load_site(project: Path, report: Report, options: LoadOptions = LoadOptions()) -> Site | None:
    """The whole campaign; None when site.yml itself is unusable. Problems go to `report`, never raised."""
    content = project / "content"
    forget_real_folders()
    config = load_config(content, report, options.base_url)
    if config is None:
        return None
    now = options.now or dt.datetime.now(dt.timezone.utc)
    memo = options.memo
    member_files = _member_files(content, report)
    today = now.date()
    signers_files = _signers_files(content / "statements", report)
    lookup_jobs = _lookup_jobs(content, config, report)
    # Contact lists, lookup tables, signers and pages do not depend on each other: read together, on every core.
    jobs = (_jobs("members", member_files, (config, today), load_member_list, content=content, config=config,
                  today=today)
            + lookup_jobs
            + _jobs("signers", signers_files, (), read_signers, content=content)
            + _jobs("page", _markdown_files(content / "pages", report), (config.timezone,), load_page,
                    content=content, timezone=config.timezone))
    records = _read_all(memo, jobs, report, options.meanwhile)
    member_lists = tuple(lst for lst in records[:len(member_files)] if lst is not None)
    records = records[len(member_files):]
    lookups = tuple(table for table in records[:len(lookup_jobs)] if table is not None)
    records = records[len(lookup_jobs):]
    signer_lists = tuple(lst for lst in records[:len(signers_files)] if lst is not None)
    pages = records[len(signers_files):]
    check_unique_ids(member_lists, report)
    member_ids = {m.id for lst in member_lists for m in lst.members}
    statements = _read_all(memo, _jobs("statement", _markdown_files(content / "statements", report), member_ids,
                                       load_statement, content=content, member_ids=member_ids), report)
    list_ids = {lst.id for lst in member_lists}
    _check_lookup_lists(lookups, list_ids, report)
    actions = _read_all(memo, _jobs("action", _markdown_files(content / "actions", report), list_ids, load_action,
                                    content=content, list_ids=list_ids), report)
    usable = (lambda records: [r for r in records if r is not None and r.slug is not None])
    pages = _published(_linked_translations(usable(pages), config, report, memo=memo), options.drafts)
    statements = _published(_linked_translations(usable(statements), config, report, _inherit_statement, memo),
                            options.drafts)
    actions = _linked_translations(usable(actions), config, report, _inherit_action, memo)
    _reserved_language_slugs(pages, config, report)
    pages = sorted(pages, key=lambda p: p.source)
    statements = sorted(statements, key=lambda s: (s.date, s.source), reverse=True)
    _unique_slugs(pages, "page", report)
    _unique_slugs(statements, "statement", report)
    _unique_slugs(actions, "action", report)
    return Site(config=config, pages=tuple(pages), statements=tuple(statements), member_lists=member_lists,
                actions=tuple(actions), signer_lists=signer_lists, lookups=lookups, now=now)
