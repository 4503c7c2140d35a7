"""Score the demo's home page, a statement and the directory with the npm Lighthouse and Debian's Chromium."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from demo_site import CHROME_ARGS, CHROMIUM, PAGES, ROOT, served_demo

CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}


def lighthouse(url: str, form_factor: str) -> dict:
    """Category → score (0–100) for one URL, from a fresh headless Chromium run."""
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        flags = " ".join(["--headless=new", *CHROME_ARGS])
        command = ["npx", "--no-install", "lighthouse", url, "--quiet", "--output=json", f"--output-path={report}",
                   f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={flags}"]
        if form_factor == "desktop":
            command.append("--preset=desktop")
        run = subprocess.run(command, cwd=ROOT, env={**os.environ, "CHROME_PATH": CHROMIUM},
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if run.returncode:
            raise SystemExit(f"lighthouse failed on {url} (is `npm ci` done?):\n{run.stderr[-2000:]}")
        categories = json.loads(report.read_text())["categories"]
    return {name: round(categories[name]["score"] * 100) for name in CATEGORIES}


def table(rows: dict[str, dict]) -> str:
    lines = ["| page | " + " | ".join(CATEGORIES) + " |", "|---|" + "---:|" * len(CATEGORIES)]
    for page, scores in rows.items():
        cells = [f"{scores[c]}" + ("" if scores[c] >= TARGETS[c] else " ✗") for c in CATEGORIES]
        lines.append(f"| {page} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--form-factor", choices=["mobile", "desktop"], default="mobile",
                        help="mobile (Lighthouse's default: a slow 4G phone) or desktop")
    args = parser.parse_args()
    rows = {}
    with served_demo() as origin:
        for name in ("home", "statement", "directory"):
            rows[f"{name} `{PAGES[name]}`"] = lighthouse(origin + PAGES[name], args.form_factor)
            print(f"scored {name}", file=sys.stderr)
    print(table(rows))
    missed = [(page, c) for page, scores in rows.items() for c in CATEGORIES if scores[c] < TARGETS[c]]
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
