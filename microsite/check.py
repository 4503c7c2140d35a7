"""Verify a built site: every internal link, #anchor and image resolves; warn about stale contact data and
untranslated content."""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .errors import Location, Report
from .i18n import Language, translated_messages
from .lookup_join import district_label, joins_of
from .pipeline import BuildOptions, RenderedSite, render_site
from .render_lookups import key_name
from .routes import Router


class _LinkCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, str]] = []  # (attribute, value)

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("id", "name") and value:
                self.ids.add(value)
            elif name in ("href", "src") and value and not (tag == "link" and ("rel", "canonical") in attrs):
                self.links.append((name, value))


def _parse(data: bytes) -> _LinkCollector:
    collector = _LinkCollector()
    collector.feed(data.decode("utf-8", "replace"))
    return collector


def _target_file(href: str, page_file: str, base_path: str) -> tuple[str, str] | None:
    """(output file, fragment) that an internal href points at; None for external links."""
    try:
        parts = urlsplit(href)
    except ValueError:  # "http://[::1": no address at all, so a broken link wherever it was meant to go
        return "\0not-a-url", ""
    if parts.scheme or parts.netloc or href.startswith(("mailto:", "tel:")):
        return None
    page_dir = "/" + posixpath.dirname(page_file)
    path = unquote(parts.path)
    if not path:
        return page_file, parts.fragment
    if path.startswith("/"):
        if not path.startswith(base_path):
            return "\0outside-base", parts.fragment
        site_path = "/" + path[len(base_path):]
    else:
        site_path = posixpath.normpath(posixpath.join(page_dir, path)) + ("/" if path.endswith("/") else "")
    return Router.output_file(site_path), parts.fragment


def _find_in_file(path: Path, rel: str, needle: str) -> Location | None:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    for number, line in enumerate(lines, 1):
        col = line.find(needle)
        if col >= 0:
            return Location(rel, number, col + 1)
    return None


def _where(origin: str | None, href: str, project: Path, base_path: str) -> Location:
    """Where a broken link was written: the page's own file, else the navigation in site.yml, else a template."""
    site_href = "/" + href[len(base_path):] if href.startswith(base_path) and base_path != "/" else href
    # A rewritten link ("b.md#x" became "/b/#x") is found by its fragment when the whole href is not in the file.
    fragment = href.partition("#")[2]
    needles = [site_href] + ([f"#{fragment}"] if fragment else [])
    origin_file = origin.split(":")[0] if origin else ""
    for rel in (origin_file, "content/site.yml"):
        for needle in needles:
            found = rel and _find_in_file(project / rel, rel, needle)
            if found:
                return found
    return Location(origin_file or "templates/")


def check_links(rendered: RenderedSite, project: Path, report: Report) -> None:
    base_path = urlsplit(rendered.site.config.base_url).path
    parsed = {name: _parse(data) for name, data in rendered.files.items() if name.endswith(".html")}
    reported: set[tuple[Location, str]] = set()  # a broken navigation link is on every page; say it once
    for page_file, collected in sorted(parsed.items()):
        for attribute, href in collected.links:
            target = _target_file(href, page_file, base_path)
            if target is None:
                continue
            file, fragment = target
            origin = rendered.origins.get(page_file)
            shown_on = "/" + page_file.removesuffix("index.html")
            if file not in rendered.files:
                what = "image" if attribute == "src" else "link"
                problem = f"broken {what} '{href}'"
            elif fragment and file in parsed and fragment not in parsed[file].ids:
                problem = f"link '{href}': no element with id '{fragment}' on that page"
            else:
                continue
            where = _where(origin, href, project, base_path)
            if (where, href) not in reported:
                reported.add((where, href))
                report.error(where, f"{problem} (first seen on {shown_on})")


def check_freshness(rendered: RenderedSite, report: Report) -> None:
    """Contact data goes stale fast; warn when a member's `verified` date is older than the configured age."""
    config = rendered.site.config
    reference = rendered.site.now.date()
    if config.deadline and config.deadline.when.date() < reference:
        reference = config.deadline.when.date()  # a finished campaign is judged as of its deadline
    limit = reference - dt.timedelta(days=config.stale_after_days)
    for member_list in rendered.site.member_lists:
        for member in member_list.members:
            stamps = [("contact data", member.verified), ("stance", member.position.date)]
            for what, when in stamps:
                if when and when < limit:
                    report.warning(member.where, f"{what} of '{member.id}' was last verified on {when.isoformat()}, "
                                                 f"more than {config.stale_after_days} days before {reference.isoformat()}")


EXAMPLES = 5  # a check names a few examples and counts the rest, never hundreds of lines
ENGLISH = Language("en")  # check speaks to the campaign in English, as every problem the builder reports does


def _some(items: list[str]) -> str:
    shown = ", ".join(items[:EXAMPLES])
    return shown + (f" and {len(items) - EXAMPLES} more" if len(items) > EXAMPLES else "")


def _count(items: list, noun: str) -> str:
    return f"{len(items)} {noun}{'s' * (len(items) != 1)}"


def _have(items: list) -> str:
    return "has" if len(items) == 1 else "have"


def check_lookups(rendered: RenderedSite, report: Report) -> None:
    """Warn where a lookup table and the member lists disagree: a seat nobody holds, a member no key reaches."""
    for join in joins_of(rendered.site):
        where, name = Location(join.lookup.source), key_name(join.lookup, ENGLISH)
        if not join.list_ids:
            report.warning(where, f"no member list has a member in a region of this table, so no page asks for a "
                                  f"{name}: write the regions as the members' 'region' is written (such as "
                                  f"{_some(sorted(join.lookup.regions))}), or name its lists in site.yml "
                                  f"(lookups: {{{join.lookup.source.rsplit('/', 1)[-1]}: {{lists: [...]}}}})")
            continue
        lists = ", ".join(join.list_ids)
        empty = join.empty_regions()
        if empty:
            report.warning(where, f"{_count(empty, 'region')} of the table {_have(empty)} no member in {lists}: "
                                  f"{_some(empty)}")
        vacant = [f"{region} {district_label(district)}" for region, district in join.vacancies()
                  if region not in empty]
        if vacant:
            report.warning(where, f"{_count(vacant, 'district')} of the table {_have(vacant)} no member in {lists} "
                                  f"(a vacant seat, or a table older than the districts): {_some(vacant)}")
        unreachable = [f"{m.id} ({m.region}{' ' + district_label(m.district) if m.district else ''})"
                       for m in join.unreachable()]
        if unreachable:
            members = "1 member of" if len(unreachable) == 1 else f"{len(unreachable)} members of"
            verb = "is" if len(unreachable) == 1 else "are"
            report.warning(where, f"{members} {lists} {verb} reached by no {name}: {_some(unreachable)}")


def check_catalogs(rendered: RenderedSite, project: Path, report: Report) -> None:
    """Warn about the interface messages each language of the site has no translation for: they show in English."""
    from .messages import extract  # reads every template, script and module of the builder: only `check` needs it

    messages = None
    for code in rendered.site.config.languages:
        language = Language(code, project)
        if language.locale.language != "en":
            messages = extract(project) if messages is None else messages
            _check_catalog(language, messages, project, report)


def _check_catalog(language: Language, messages, project: Path, report: Report) -> None:
    """One warning naming (a few of) the `messages` that no catalog of `language` translates."""
    code = language.code
    translated = translated_messages(code, project)
    missing = [m.id if isinstance(m.id, str) else m.id[0] for m in messages
               if m.id and (m.context, m.id) not in translated]
    if missing:
        name = language.locale.get_display_name("en")
        where = _language_setting(project, code)
        report.warning(where, f"{_count(missing, 'interface message')} {_have(missing)} no {name} translation, so "
                              f"visitors read {'it' if len(missing) == 1 else 'them'} in English: "
                              f"{_some(examples(missing))}; translate them in content/locale/{code}.po "
                              f"(`python build.py messages {code}` writes it with every message)")


def _language_setting(project: Path, code: str) -> Location:
    """Where site.yml names the language: its `language:` or `languages:` line (not "pt" inside "description")."""
    try:
        lines = (project / "content/site.yml").read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        lines = []
    named = re.compile(rf"(?<![\w-]){re.escape(code)}(?![\w-])")
    for number, line in enumerate(lines, 1):
        found = named.search(line)
        if found and line.lstrip().startswith(("language:", "languages:")):
            return Location("content/site.yml", number, found.start() + 1)
    return Location("content/site.yml")


def examples(messages: list[str]) -> list[str]:
    """Messages quoted, those that start with words before those that start with a placeholder ("%(date)s at …")."""
    return [f'"{message}"' for message in sorted(messages, key=lambda message: (message.startswith("%"), message))]


def check_translations(rendered: RenderedSite, project: Path, report: Report) -> None:
    """Warn, per language of the site, about the pages, statements and actions with no version in it (counts and a
    few examples: the switcher falls back to that language's home page), and about each translated page whose
    original changed after it."""
    site = rendered.site
    kinds = (("page", site.pages), ("statement", site.statements), ("action", site.actions))
    for language in site.config.languages[1:]:
        missing, counts = [], []
        for noun, records in kinds:
            translated = {r.original for r in records if r.language == language}
            originals = [r for r in records if not r.language]
            untranslated = [r.source.removeprefix("content/") for r in originals if r.source not in translated]
            if untranslated:
                counts.append(f"{len(untranslated)} of {_count(originals, noun)}")
                missing += untranslated
        if missing:
            report.warning(_language_setting(project, language),
                           f"'{language}': {', '.join(counts)} {_have(missing)} no version in this language (its "
                           f"pages link to the original): {_some(missing)}")
    originals = {page.source: page for page in site.pages if not page.language}
    for page in site.pages:
        original = originals.get(page.original)
        if original is not None and original.updated_at and page.updated_at and original.updated_at > page.updated_at:
            report.warning(Location(page.source), f"may be out of date: its original "
                                                  f"{original.source.removeprefix('content/')} changed on "
                                                  f"{original.updated_at.date().isoformat()}, after this translation "
                                                  f"({page.updated_at.date().isoformat()})")


def check_site(project: Path, strict: bool = False) -> Report:
    """Render the site in memory, as `build` would, and check what it links to."""
    report = Report(strict=strict)
    rendered = render_site(project, BuildOptions(strict=strict), report)
    if rendered is not None:
        check_links(rendered, project, report)
        check_freshness(rendered, report)
        check_lookups(rendered, report)
        check_catalogs(rendered, project, report)
        check_translations(rendered, project, report)
    return report
