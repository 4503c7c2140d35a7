"""Build the same generated pages with this builder, Pelican and Hugo, cold, and print each one's time, CPU and memory.

    python bench/peers.py [--pages N] [--repeats R] [--json]

Each tool gets the pages of bench/corpus.py (about 5 KB of Markdown each, no members or statements) in its own
format and a configuration as close to this builder's as it has: pretty URLs, one page per Markdown file, an
Atom/RSS feed, smart quotes, tables, footnotes and heading ids. Every run is cold: no cache and an empty output
folder. The tools are taken in turn `R` times and the medians reported, so a busy spell on a shared machine slows
all of them alike. CPU-seconds are user + system of the tool's process and the processes it waited for; memory is
the largest resident set among them. Pelican comes from the `bench` extra (`pip install -e .[bench]`), Hugo from
the system (`apt-get install hugo`); a tool that is missing is skipped, with a line saying so.

The peers draw no images, so `cold_s` is the builder with each page naming the campaign's image (`image: card.png`)
as its share card; `cards_s` is the builder as it is used by default, drawing a share card for every page.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

from corpus import write_corpus  # noqa: E402
from run import left_in, run_measured, set_aside  # noqa: E402

PELICAN_CONF = """\
AUTHOR = "The benchmark campaign"
SITENAME = "Benchmark Campaign"
SITEURL = "https://example.org"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
PATH = "content"
ARTICLE_PATHS = ["pages"]
PAGE_PATHS = []
STATIC_PATHS = []
SLUGIFY_SOURCE = "basename"
DEFAULT_CATEGORY = "briefings"
ARTICLE_URL = "{slug}/"
ARTICLE_SAVE_AS = "{slug}/index.html"
# One page per Markdown file, the home page and one feed: no tag, author or archive pages (the default theme needs
# a category: all pages share one, whose page is the one extra).
DIRECT_TEMPLATES = ["index"]
TAG_SAVE_AS = AUTHOR_SAVE_AS = ""
FEED_ALL_ATOM = "feed.xml"
CATEGORY_FEED_ATOM = AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = TRANSLATION_FEED_ATOM = None
DEFAULT_PAGINATION = False
LOAD_CONTENT_CACHE = False
CACHE_CONTENT = False
MARKDOWN = {
    "extensions": ["tables", "footnotes", "toc", "smarty", "attr_list", "fenced_code", "sane_lists"],
    "extension_configs": {"toc": {"permalink": False, "toc_depth": "2-4"}},
    "output_format": "html5",
}
"""

HUGO_CONFIG = """\
baseURL = "https://example.org/"
languageCode = "en"
title = "Benchmark Campaign"
disableKinds = ["taxonomy", "term"]
buildFuture = true  # the generated pages are dated 2030
[permalinks]
  pages = "/:filename/"
[outputs]
  home = ["HTML", "RSS"]
  section = ["HTML"]
[markup.goldmark.extensions]
  typographer = true
  table = true
  footnote = true
[markup.goldmark.parser]
  autoHeadingID = true
[markup.goldmark.renderer]
  unsafe = true
"""

# A page and a list much like the builder's: head with description, a header with navigation, the text, a footer.
HUGO_BASEOF = """<!doctype html>
<html lang="{{ site.LanguageCode }}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} · {{ site.Title }}</title>
<meta name="description" content="{{ with .Params.summary }}{{ . }}{{ else }}{{ site.Title }}{{ end }}">
<link rel="canonical" href="{{ .Permalink }}">
{{ with .OutputFormats.Get "rss" }}<link rel="alternate" type="application/rss+xml" href="{{ .Permalink }}">{{ end }}
</head><body><header><a href="/">{{ site.Title }}</a></header>
<main>{{ block "main" . }}{{ end }}</main><footer>{{ site.Title }}</footer></body></html>
"""
HUGO_SINGLE = """{{ define "main" }}<article><h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time></p>
{{ .Content }}</article>{{ end }}
"""
HUGO_LIST = """{{ define "main" }}<h1>{{ .Title }}</h1><ul>
{{ range .Site.RegularPages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
"""

LINK = re.compile(r"\]\((page-\d+\.md)")
FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)


def pelican_source(text: str) -> str:
    """A corpus page in Pelican's Markdown metadata format, its links to other pages in Pelican's {filename} form."""
    front, body = FRONT.match(text).group(1), FRONT.sub("", text)
    meta = dict(line.split(": ", 1) for line in front.splitlines())
    lines = [f"Title: {meta['title'].strip(chr(34))}", f"Date: {meta['date']}", f"Summary: {meta['summary']}",
             f"Tags: {meta['tags'].strip('[]')}"]
    return "\n".join(lines) + "\n\n" + LINK.sub(r"](" + "{filename}" + r"\1", body)


def write_peer_projects(project: Path, work: Path) -> tuple[Path, Path]:
    """The builder's generated pages as a Pelican project and a Hugo site (both replaced if present)."""
    pelican, hugo = work / "pelican", work / "hugo"
    for root in (pelican, hugo):
        shutil.rmtree(root, ignore_errors=True)
    (pelican / "content" / "pages").mkdir(parents=True)
    (pelican / "pelicanconf.py").write_text(PELICAN_CONF, encoding="utf-8")
    (hugo / "content" / "pages").mkdir(parents=True)
    layouts = hugo / "layouts" / "_default"
    layouts.mkdir(parents=True)
    (hugo / "config.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    for name, text in (("baseof.html", HUGO_BASEOF), ("single.html", HUGO_SINGLE), ("list.html", HUGO_LIST)):
        (layouts / name).write_text(text, encoding="utf-8")
    for page in sorted((project / "content" / "pages").glob("page-*.md")):
        text = page.read_text(encoding="utf-8")
        (pelican / "content" / "pages" / page.name).write_text(pelican_source(text), encoding="utf-8")
        (hugo / "content" / "pages" / page.name).write_text(text, encoding="utf-8")
    return pelican, hugo


def without_cards(project: Path, copy: Path) -> Path:
    """A copy of the project whose pages each name the campaign's image as their card, so none is drawn."""
    shutil.copytree(project, copy)
    for page in (copy / "content" / "pages").glob("*.md"):
        page.write_text(page.read_text(encoding="utf-8").replace("---\n", "---\nimage: card.png\n", 1),
                        encoding="utf-8")
    return copy


def cold_build(project: Path, trash: Path):
    def builder():
        for leftover in (project / "site", project / ".cache"):
            set_aside(leftover, trash)
        os.sync()
        return run_measured([sys.executable, str(ROOT / "build.py"), "build", "--project", str(project)], ROOT)

    return builder


def runners(project: Path, pelican: Path | None, hugo: Path | None, trash: Path) -> dict:
    """Tool name → a function that makes its run cold (sets aside output and cache) and measures it."""

    def pelican_run():
        for leftover in (pelican / "output", pelican / "cache", pelican / "__pycache__"):
            set_aside(leftover, trash)
        os.sync()
        return run_measured([sys.executable, "-m", "pelican", "content", "-s", "pelicanconf.py", "-o", "output",
                             "-q"], pelican)

    def hugo_run():
        for leftover in (hugo / "public", hugo / "resources", hugo / "cache"):
            set_aside(leftover, trash)
        os.sync()
        return run_measured(["hugo", "--quiet", "--cacheDir", str(hugo / "cache"), "-d", "public"], hugo)

    tools = {"cold": cold_build(without_cards(project, project.parent / "no-cards"), trash),
             "cards": cold_build(project, trash)}
    if pelican:
        tools["pelican"] = pelican_run
    if hugo:
        tools["hugo"] = hugo_run
    return tools


def available(project: Path, work: Path) -> tuple[Path | None, Path | None]:
    pelican, hugo = write_peer_projects(project, work)
    try:
        import pelican as _  # noqa: F401
    except ImportError:
        print("Pelican is not installed (pip install -e .[bench]): skipped", file=sys.stderr)
        pelican = None
    if shutil.which("hugo") is None:
        print("Hugo is not installed (apt-get install hugo): skipped", file=sys.stderr)
        hugo = None
    return pelican, hugo


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=3, help="runs of each tool, taken in turn (default 3)")
    parser.add_argument("--json", action="store_true", help="end with one JSON object of the figures")
    args = parser.parse_args()
    work = BENCH / "out" / f"peers-{args.pages}"
    trash = BENCH / "out" / "trash"
    set_aside(work, trash)
    project = write_corpus(work / "microsite", args.pages, 0, 0)
    tools = runners(project, *available(project, work), trash)
    runs: dict[str, list[tuple[float, float, float]]] = {name: [] for name in tools}
    for _ in range(args.repeats):
        for name, run in tools.items():
            runs[name].append(run())
    left_in(trash)
    figures: dict = {"pages": args.pages}
    for name in ("cold", "cards", "pelican", "hugo"):
        measured = runs.get(name)
        for index, key in enumerate((f"{name}_s", f"{name}_cpu_s", f"{name}_peak_mb")):
            figures[key] = round(statistics.median(run[index] for run in measured), 3) if measured else None
        if measured:
            print(f"{name}: wall " + ", ".join(f"{run[0]:.2f}" for run in measured) + " s; CPU "
                  + ", ".join(f"{run[1]:.2f}" for run in measured) + " s; peak "
                  + ", ".join(f"{run[2]:.0f}" for run in measured) + " MB", file=sys.stderr)
    for ours, peer in (("cold", "pelican"), ("cold", "hugo"), ("cards", "pelican"), ("cards", "hugo")):
        if figures[f"{peer}_s"]:
            print(f"{ours} ÷ {peer}: wall {figures[f'{ours}_s'] / figures[f'{peer}_s']:.2f}, CPU "
                  f"{figures[f'{ours}_cpu_s'] / figures[f'{peer}_cpu_s']:.2f}", file=sys.stderr)
    if args.json:
        print(json.dumps(figures))


if __name__ == "__main__":
    main()
