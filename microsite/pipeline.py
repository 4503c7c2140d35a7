"""Run one build: load → plan → render → write, stopping before the write if any content problem was found."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from .assets import collect_assets
from .errors import Location, Report
from .load import LoadOptions, load_site
from .model import Site
from .plan import Output, plan_site
from .render import Renderer
from .routes import Router
from .write import WriteStats, write_site


@dataclass(frozen=True)
class BuildOptions:
    out: Path | None = None  # default: <project>/site
    base_url: str = ""
    drafts: bool = False
    strict: bool = False


@dataclass(frozen=True)
class BuildResult:
    files: dict[str, bytes]
    stats: WriteStats | None
    report: Report


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
    files: dict[str, bytes]  # output file (relative to the output folder) → bytes
    origins: dict[str, str]  # output file → the content file it was made from, where there is one
    site: Site


def render_site(project: Path, options: BuildOptions, report: Report) -> RenderedSite | None:
    """Every output file, or None when the content has errors (all of them in `report`)."""
    site = load_site(project, report, LoadOptions(drafts=options.drafts, base_url=options.base_url, now=build_time()))
    if site is None or report.errors:
        return None
    assets = collect_assets(project / "assets", site.config)
    router = Router(site, {a.name: a.hashed_name for a in assets})
    renderer = Renderer(site, router, project / "templates", report)
    outputs = plan_site(site) + [Output(f"/assets/{a.hashed_name}", "asset", a) for a in assets]
    files, origins = {}, {}
    for output in outputs:
        name = Router.output_file(output.path)
        files[name] = renderer.render(output)
        source = getattr(output.subject, "source", None) or getattr(output.subject, "where", None)
        if source is not None:
            origins[name] = str(source)
    _check_referenced_assets(site, assets, report)
    return None if report.errors else RenderedSite(files, origins, site)


def _check_referenced_assets(site, assets, report: Report) -> None:
    names = {a.name for a in assets}
    for page in site.pages:
        if page.image and not page.image.startswith(("http://", "https://")) and page.image not in names:
            report.error(Location(page.source), f"image '{page.image}' is not in assets/")
    if site.config.image and site.config.image not in names:
        report.error(Location("content/site.yml"), f"image '{site.config.image}' is not in assets/")


def build(project: Path, options: BuildOptions = BuildOptions()) -> BuildResult:
    """Build the site into the output folder; on any content error the folder is left exactly as it was."""
    report = Report(strict=options.strict)
    rendered = render_site(project, options, report)
    if rendered is None:
        return BuildResult({}, None, report)
    stats = write_site(options.out or project / "site", rendered.files, project)
    return BuildResult(rendered.files, stats, report)
