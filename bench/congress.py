"""Benchmark: build a project holding the whole current Congress and report build time and directory size.

Run from the repository: `python bench/congress.py [--data DIR] [--runs N]`. The congress-legislators files are
copied into a temporary project at run time (never into this repository). Targets: build under 3 s, the
directory page under 150 KB gzipped.
"""

from __future__ import annotations

import argparse
import gzip
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from microsite.pipeline import BuildOptions, build  # noqa: E402  (the path above makes the package importable)

DATA = ROOT.parent / "shared" / "data" / "congress-legislators"
FILES = ("legislators-current.yaml", "legislators-social-media.yaml")
SITE_YML = """\
title: Congress benchmark
description: Every current member of Congress.
base_url: https://example.org/
country: US
repository: https://github.com/example/bench
"""
ACTION = """---
title: Email your member of Congress
kind: email
subject: A question from a constituent in {{ member.region }}
---
Dear {{ member.title }} {{ member.last_name }},

{% if member.position.stance == "supports" %}Thank you for your support.{% else %}Please reconsider.{% endif %}

Sincerely,
A constituent
"""


def make_project(root: Path, data: Path) -> Path:
    for name in ("templates", "assets"):
        shutil.copytree(ROOT / name, root / name)
    members = root / "content" / "members"
    members.mkdir(parents=True)
    for name in FILES:
        shutil.copy(data / name, members / name)
    (root / "content" / "pages").mkdir()
    (root / "content" / "pages" / "index.md").write_text("---\ntitle: Home\n---\n\nWelcome.\n", encoding="utf-8")
    (root / "content" / "actions").mkdir()
    (root / "content" / "actions" / "email.md").write_text(ACTION, encoding="utf-8")
    (root / "content" / "site.yml").write_text(SITE_YML, encoding="utf-8")
    return root


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help="folder with the congress-legislators YAML files")
    parser.add_argument("--runs", type=int, default=3, help="builds to time (the best is reported)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        project = make_project(Path(tmp) / "project", args.data)
        times = []
        for _ in range(args.runs):
            out = Path(tmp) / f"site-{len(times)}"  # a fresh folder each time: a full build, not an incremental one
            started = time.perf_counter()
            result = build(project, BuildOptions(out=out))
            times.append(time.perf_counter() - started)
            if result.report.errors:
                print("\n".join(map(str, result.report.errors)), file=sys.stderr)
                return 1
        directory = (out / "members" / "index.html").read_bytes()
        members = sum(1 for name in result.files if name.startswith("members/") and name.endswith("/index.html")) - 1
        size = len(gzip.compress(directory, 9))
        print(f"members: {members}")
        print(f"files: {len(result.files)}")
        print(f"build: best {min(times):.2f} s of {len(times)} (all: {', '.join(f'{t:.2f}' for t in times)}); "
              f"target < 3 s")
        print(f"directory: {len(directory) / 1024:.0f} KB, {size / 1024:.1f} KB gzipped; target < 150 KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
