"""Save screenshots of the demo's home page, a statement, the directory and a member page into docs/screenshots/."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from demo_site import CHROME_ARGS, CHROMIUM, PAGES, ROOT, served_demo

WIDTHS = {"375": (375, 812), "1280": (1280, 800)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--scheme", choices=["light", "dark"], default="light")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    with served_demo() as origin, sync_playwright() as manager:
        browser = manager.chromium.launch(executable_path=CHROMIUM, args=CHROME_ARGS)
        for width, (w, h) in WIDTHS.items():
            # A phone's pixel density would triple the file size for no gain in a README.
            page = browser.new_page(viewport={"width": w, "height": h}, color_scheme=args.scheme)
            for name, path in PAGES.items():
                page.goto(origin + path, wait_until="networkidle")
                suffix = "" if args.scheme == "light" else "-dark"
                target = args.out / f"{name}-{width}{suffix}.png"
                page.screenshot(path=str(target))
                print(f"{target.relative_to(ROOT)}: {target.stat().st_size // 1024} KB")
            page.close()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
