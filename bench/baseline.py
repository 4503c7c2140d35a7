"""The naive build to compare against: one process, one loop over the pages, Python-Markdown and Jinja2, no cache."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import jinja2
import markdown
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from microsite.markup import EXTENSION_CONFIGS, EXTENSIONS  # noqa: E402  (the same Markdown as the builder)

PAGE = jinja2.Template("""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ title }}</title>
<meta name="description" content="{{ summary }}"></head>
<body><header><a href="/">Home</a></header><main><h1>{{ title }}</h1>{{ body }}</main></body></html>
""", autoescape=True)


def build_pages(project: Path, out: Path) -> int:
    """Every content/pages/*.md to out/<stem>/index.html; returns how many pages were written."""
    converter = markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)
    count = 0
    for path in sorted((project / "content" / "pages").glob("*.md")):
        _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
        meta = yaml.safe_load(front) or {}
        html = converter.reset().convert(body)
        target = out / path.stem / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(PAGE.render(title=meta.get("title", ""), summary=meta.get("summary", ""),
                                      body=jinja2.utils.markupsafe.Markup(html)), encoding="utf-8")
        count += 1
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description="Naive single-process build of a project's pages, timed.")
    parser.add_argument("project", type=Path)
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    started = time.perf_counter()
    count = build_pages(args.project, args.out)
    print(f"{count} pages in {time.perf_counter() - started:.2f} s")


if __name__ == "__main__":
    main()
