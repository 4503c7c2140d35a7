"""Run builds: load → plan → render what changed (on every core) → write, stopping before the write on any error."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .assets import collect_assets
from .cache import (BuildCache, Entry, FileDigests, Fingerprints, LoadMemo, MarkdownMemo, ReprDigests, TemplateDigests,
                    digest, file_stamp, input_digests, stamp_of)
from .errors import Location, Problem, Report
from .load import LoadOptions, load_site
from .model import Site
from .outlock import OutputLock
from .parallel import map_in_order
from .plan import ASSETS, CONFIG, GATHERING, ROUTES, Output, Planner, alias_clashes
from .routes import Router
from .write import (Buffer, Stage, WriteStats, check_output_folder, finish_copy, finish_staging, open_staging,
                    recover, write_site)


@dataclass(frozen=True)
class BuildOptions:
    out: Path | None = None  # default: <project>/site
    base_url: str = ""
    drafts: bool = False
    strict: bool = False


@dataclass(frozen=True)
class BuildResult:
    files: Mapping[str, bytes]
    stats: WriteStats | None
    report: Report
    rendered: int = 0  # outputs rendered by this build; the rest were reused from the previous one
    base_path: str = "/"  # where the site lives under its base_url ("/" or "/repo/"), for `serve`


def build_time() -> dt.datetime:
    """The build's idea of now: SOURCE_DATE_EPOCH when set (reproducible builds), else the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
        except (ValueError, OverflowError, OSError):
            raise ValueError(f"SOURCE_DATE_EPOCH must be a number of seconds, not '{epoch}'")
    return dt.datetime.now(dt.timezone.utc)


@dataclass(frozen=True)
class RenderedSite:
    files: Mapping[str, bytes]  # output file (relative to the output folder) → bytes
    origins: dict[str, str]  # output file → the content file it was made from, where there is one
    site: Site


@dataclass(frozen=True)
class Rendering:
    """One output rendered: its bytes, the warnings it reported, the templates it was made with, new Markdown."""

    data: bytes | None  # None once staged: the bytes are in the staging folder, and need not travel back
    digest: str
    problems: tuple[Problem, ...]
    templates: tuple[str, ...]
    markdown: tuple = ()  # (key, converted) pairs a worker hands back to the parent's Markdown memo
    changed: bool = True  # False when staged and the site already has these bytes
    stamp: tuple | None = None  # a written file's (inode, size, mtime), which the swap keeps; None: the site's own


class _Prepared:
    """A loaded site with its router, renderer and planned outputs: everything rendering needs."""

    def __init__(self, project: Path, site: Site, report: Report, jinja: "_Templates", planner: Planner):
        self.site, self.report = site, report
        self.assets = collect_assets(project / "assets", site.config)
        self.router = planner.router(site, {a.name: a.hashed_name for a in self.assets})
        from .render import Renderer  # imported by now when the load used workers: see _Templates

        self.renderer = Renderer(site, self.router, jinja.environment(), report, MarkdownMemo(""), project)
        self.templates_used: set[str] = set()
        self.staging: Stage | None = None  # where workers stage each file as they render it
        self._track_templates()
        self.outputs = planner.plan(site) + [Output(f"/assets/{a.hashed_name}", "asset", a) for a in self.assets]

    def _track_templates(self) -> None:
        # Jinja asks the environment for every template a render extends, includes or imports.
        env, get_template = self.renderer.env, self.renderer.env.get_template

        def get_tracked(name, *args, **kwargs):
            template = get_template(name, *args, **kwargs)
            self.templates_used.add(template.name)
            return template

        env.get_template = get_tracked

    def render(self, output: Output) -> Rendering:
        self.templates_used.clear()
        before = len(self.report.problems)
        data = self.renderer.render(output)
        problems, templates = tuple(self.report.problems[before:]), tuple(sorted(self.templates_used))
        added = self.renderer.markdown_cache.take_added()
        if self.staging is None:
            return Rendering(data, digest(data), problems, templates, added)
        written = self.staging.put(Router.output_file(output.path), data)
        stamp = stamp_of(written) if written is not None else None  # None: the site's file, the same after the swap
        return Rendering(None, digest(data), problems, templates, added, written is not None, stamp)

    def render_all(self, outputs: list[Output]) -> list[Rendering]:
        # The feed carries many pages' HTML: rendered in a worker it would convert again the Markdown that other
        # workers converted, so it is rendered here, last, from what they hand back.
        spread = [i for i, output in enumerate(outputs) if output.kind not in GATHERING]
        # Each worker draws its share cards after its pages rather than each after its page: drawing (FreeType,
        # deflate) and rendering pages (Markdown, Jinja) then each keep the processor's caches warm. Measured on
        # 1,000 pages with a card each, two cores, in turn: 3.7–4.0 → 3.2–3.4 CPU-seconds of user time.
        spread.sort(key=lambda i: outputs[i].kind == "card")
        renderings: list = [None] * len(outputs)
        by_subject = map_in_order(self.render, [outputs[i] for i in spread], group=_subject)
        for i, rendering in zip(spread, by_subject):
            renderings[i] = rendering
            self.renderer.markdown_cache.merge(rendering.markdown)
        for i, output in enumerate(outputs):
            if renderings[i] is None:
                renderings[i] = self.render(output)
        return renderings

    def origins(self) -> dict[str, str]:
        origins = {}
        for output in self.outputs:
            source = getattr(output.subject, "source", None) or getattr(output.subject, "where", None)
            if source is not None:
                origins[Router.output_file(output.path)] = str(source)
        return origins

    def check_referenced_assets(self) -> None:
        names = {a.name for a in self.assets}
        for page in self.site.pages:
            if page.image and not page.image.startswith(("http://", "https://")) and page.image not in names:
                self.report.error(Location(page.source), f"image '{page.image}' is not in assets/")
        if self.site.config.image and self.site.config.image not in names:
            self.report.error(Location("content/site.yml"), f"image '{self.site.config.image}' is not in assets/")


def _subject(output: Output) -> int:
    return id(output.subject if output.subject is not None else output)


class _Templates:
    """The Jinja environment of one build, which the parent makes while forked workers read the content.

    Importing Jinja, Markdown, iCalendar and the renderers and compiling the templates takes a third of a second;
    done then, the render workers inherit it all instead of each compiling the templates again.
    """

    def __init__(self, folder: Path, compiled: Path | None = None):
        self.folder, self.compiled = folder, compiled
        self.env = None

    def prepare(self) -> None:
        from . import render_members, render_statements  # noqa: F401  (imported now rather than later)
        from .render import compile_templates

        compile_templates(self.environment())

    def environment(self):
        """Made by `prepare`, or now; then (the load had nothing for other cores) templates compile when used."""
        if self.env is None:
            from .render import make_environment

            self.env = make_environment(self.folder, self.compiled)
        return self.env


def _load(project: Path, options: BuildOptions, report: Report, jinja: _Templates, planner: Planner,
          memo: LoadMemo | None = None) -> Site | None:
    load_options = LoadOptions(drafts=options.drafts, base_url=options.base_url, now=build_time(), memo=memo,
                               meanwhile=jinja.prepare)
    site = load_site(project, report, load_options)
    if site is not None and any(page.aliases for page in site.pages):
        # Checked with the content's own problems, so that one run reports them all.
        report.extend(alias_clashes(planner.plan(site)))
    return None if site is None or report.errors else site


def render_site(project: Path, options: BuildOptions, report: Report) -> RenderedSite | None:
    """Every output file in memory, or None when the content has errors (all of them in `report`)."""
    jinja = _Templates(project / "templates")
    planner = Planner()
    site = _load(project, options, report, jinja, planner)
    if site is None:
        return None
    prepared = _Prepared(project, site, report, jinja, planner)
    loaded = len(report.problems)
    renderings = prepared.render_all(prepared.outputs)
    _replay(report, [r.problems for r in renderings], loaded)
    prepared.check_referenced_assets()
    if report.errors:
        return None
    files = {Router.output_file(o.path): r.data for o, r in zip(prepared.outputs, renderings)}
    return RenderedSite(files, prepared.origins(), site)


def _replay(report: Report, problems_per_output, keep: int) -> None:
    """Put each output's problems in the report in plan order, once each (workers may find the same one)."""
    seen = set(report.problems[:keep])
    del report.problems[keep:]
    for problems in problems_per_output:
        for problem in problems:
            if problem not in seen:
                seen.add(problem)
                report.problems.append(problem)


class SiteFiles(Mapping):
    """Every output file's bytes: those this build holds in memory, the rest read from the site when asked for."""

    def __init__(self, rendered: dict[str, bytes], on_disk: set[str], out: Path):
        self.rendered, self.on_disk, self.out = rendered, on_disk, out

    def __getitem__(self, name: str) -> bytes:
        if name in self.rendered:
            return self.rendered[name]
        if name in self.on_disk:
            return (self.out / name).read_bytes()
        raise KeyError(name)

    def __iter__(self):
        return iter(sorted(self.rendered.keys() | self.on_disk))

    def __len__(self) -> int:
        return len(self.rendered.keys() | self.on_disk)


@dataclass
class Builder:
    """Builds one project into one folder again and again, rendering only the outputs whose inputs changed.

    What it knows about the last build lives in memory (for `serve`) and in .cache/ (for the next command).
    """

    project: Path
    options: BuildOptions = BuildOptions()
    persistent: bool = True
    autosave: bool = True  # False: the caller saves (serve saves once, when it stops, not after every save)
    buffer: Buffer | None = None  # `serve` keeps the previous site beside the current one (see write.Buffer)
    _cache: BuildCache | None = field(default=None, init=False, repr=False)
    _records: tuple = field(default=(), init=False, repr=False)  # the pages and statements last built
    # Output files this builder wrote or checked: with a buffer (serve), it is the only writer of the folder.
    _trusted: set = field(default_factory=set, init=False, repr=False)
    # The last build's fingerprints and records' digests, so a rebuild recomputes only what its changes touch.
    _prints: Fingerprints | None = field(default=None, init=False, repr=False)
    _reprs: ReprDigests | None = field(default=None, init=False, repr=False)
    _content: dict | None = field(default=None, init=False, repr=False)  # content/'s digests as last seen
    # The last plan and router, reused while no output can have come, gone or moved (see plan.Planner).
    _planner: Planner = field(default_factory=Planner, init=False, repr=False)
    _lock: OutputLock = field(init=False, repr=False)

    def __post_init__(self):
        self._lock = OutputLock(self.out)

    @property
    def out(self) -> Path:
        return self.options.out or self.project / "site"

    @contextmanager
    def _turn(self) -> Iterator[None]:
        """Hold the output folder's lock (see outlock): builds, serve's rebuilds and their writes take turns."""
        with self._lock.turn() as others_wrote:
            if others_wrote:  # another run may have replaced the folder and removed serve's copy beside it
                self._trusted, self._content = set(), None
                if self.buffer is not None:
                    self.buffer.ready = False
            yield

    def _cache_path(self) -> Path:
        return BuildCache.location(self.project, self.out)

    def _jinja_folder(self) -> Path:
        folder = self.project / ".cache" / "jinja"
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def build(self, changed: Iterable[str] | None = None) -> BuildResult:
        """Build into the output folder; on any content error the folder is left exactly as it was.

        `changed`: the paths a watcher saw change since this builder's last build (serve), so that only those of
        content/ are looked at; None looks at every file. A folder that must not be replaced is refused first,
        before any wait for its turn."""
        check_output_folder(self.out, self.project)
        with self._turn():
            return self._build(changed)

    def _content_digests(self, files: FileDigests, changed: Iterable[str] | None) -> dict[str, str]:
        folder = self.project / "content"
        content = None
        if changed is not None and self._content is not None:
            walked_whole = (str(self.project / "templates") + os.sep, str(self.project / "assets") + os.sep)
            content_changes = [path for path in changed if not path.startswith(walked_whole)]
            content = files.update(self._content, folder, "content/", content_changes)
        self._content = files.of(folder, "content/") if content is None else content
        return self._content

    def _build(self, changed: Iterable[str] | None) -> BuildResult:
        if self._cache is None:
            self._cache = BuildCache.read(self._cache_path()) if self.persistent else BuildCache()
        report = Report(strict=self.options.strict)
        files = FileDigests(self._cache.files)
        content = self._content_digests(files, changed)
        memo = LoadMemo(self._cache.load_memo, files.stamps)
        jinja = _Templates(self.project / "templates", self._jinja_folder())
        site = _load(self.project, self.options, report, jinja, self._planner, memo)
        if site is None:
            return BuildResult({}, None, report)
        prepared = _Prepared(self.project, site, report, jinja, self._planner)
        settings = repr((self.options.base_url, self.options.drafts, self.options.strict, site.now.date(),
                         prepared.renderer.today))
        reprs = ReprDigests(self._reprs)
        digests = input_digests(content, prepared.renderer, settings, reprs)
        markdown_scope = digest(digests[ROUTES], digests[ASSETS], digests[CONFIG])
        prepared.renderer.markdown_cache = MarkdownMemo(markdown_scope, self._cache.markdown)
        templates = TemplateDigests(files.of(self.project / "templates"))
        names = [Router.output_file(o.path) for o in prepared.outputs]
        fingerprints = Fingerprints(digests, self._prints)
        prints = fingerprints.of_all(prepared.outputs, (self._planner.generation, len(self._planner.outputs)))
        entries = self._cache.entries
        out, trusted = f"{self.out}{os.sep}", self._trusted
        stale = [i for i, (name, print_) in enumerate(zip(names, prints))
                 if not (name in entries and entries[name].is_fresh(print_, templates, out + name, name in trusted))]
        loaded = len(report.problems)
        # Files are staged where they are rendered, on every core: into serve's copy of the site when it has one
        # (see write.Buffer), else into an empty staging folder. No output's bytes travel back to this process.
        copy = self.buffer.open(self.out) if self.buffer is not None and self.buffer.usable(self.out) else None
        staging = copy or (open_staging(self.out, self.project) if stale else None)
        prepared.staging = Stage(staging, self.out, copy=bool(copy), compare=self.out.is_dir()) if staging else None
        try:
            renderings = dict(zip(stale, prepared.render_all([prepared.outputs[i] for i in stale])))
        except BaseException:
            if staging and not copy:
                recover(self.out)
            raise
        written = {names[i] for i, r in renderings.items() if r.data is None and r.changed}
        if copy:
            self.buffer.settle(written)
        problems = [renderings[i].problems if i in renderings else entries[names[i]].problems
                    for i in range(len(names))]
        _replay(report, problems, loaded)
        prepared.check_referenced_assets()
        if report.errors:
            if staging and not copy:
                recover(self.out)
            return BuildResult({}, None, report)
        rendered = {names[i]: r.data for i, r in renderings.items() if r.data is not None}
        kept = {names[i] for i in range(len(names)) if i not in renderings}
        if copy:
            stats = finish_copy(self.out, self.buffer, written, set(names))
        elif staging:
            stats = finish_staging(self.out, written, set(names), kept, self.buffer)
        elif not rendered and entries.keys() == set(names):
            if self.buffer is None:
                recover(self.out)  # what a killed run may have left beside the site
            stats = WriteStats(0, len(names), 0)  # every file is where the last build put it
        else:
            stats = write_site(self.out, rendered, self.project, kept=kept)
        self._remember(names, prints, renderings, templates, memo.entries, prepared.renderer.markdown_cache, site,
                       files)
        self._prints, self._reprs = fingerprints, reprs
        on_disk = set(names) - rendered.keys()  # reused, or staged as rendered
        return BuildResult(SiteFiles(rendered, on_disk, self.out), stats, report, len(renderings),
                           prepared.router.base_path)

    def _remember(self, names, prints, renderings, templates, memo, markdown: MarkdownMemo, site: Site,
                  files: FileDigests) -> None:
        entries = {name: self._cache.entries[name] for name in names if name in self._cache.entries}
        for i, rendering in renderings.items():
            used = tuple((t, templates.now.get(t, "")) for t in rendering.templates)
            stamp = rendering.stamp or file_stamp(str(self.out / names[i]))
            entries[names[i]] = Entry(prints[i], used, rendering.problems, stamp, rendering.digest)
        self._cache = BuildCache(entries, memo, markdown, files)
        self._records = site.pages + site.statements
        self._trusted = set(names) if self.buffer is not None else set()
        if self.autosave:
            self.save()

    def prepare_buffer(self) -> None:
        """Make serve's copy of the site (see write.Buffer) in the folder's turn, ahead of the first rebuild."""
        with self._turn():
            self.buffer.fill(self.out)

    def stop(self) -> None:
        """Save (see `save`) and remove serve's copy of the site, in the folder's turn."""
        with self._turn():
            self.save()
            if self.buffer is not None:
                self.buffer.discard(self.out)

    def save(self) -> None:
        """Store what this builder knows in .cache/, for the next command."""
        if self.persistent and self._cache is not None and self._cache.markdown is not None:
            self._cache.markdown.keep_only(self._records)
            self._cache.save(self._cache_path())


def build(project: Path, options: BuildOptions = BuildOptions()) -> BuildResult:
    """Build the site into the output folder, reusing what .cache/ remembers; on content errors change nothing."""
    return Builder(project, options).build()
