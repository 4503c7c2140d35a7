"""Save screenshots of the demo into docs/screenshots/: its home page, a statement, the directory and a member page,
the Arabic home page and directory (right to left), and the language switcher in the masthead."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from demo_site import CHROME_ARGS, CHROMIUM, PAGES, ROOT, served_demo

WIDTHS = {"375": (375, 812), "1280": (1280, 800)}
# The Arabic version of an English site: the pages a visitor from Dubai reads first.
ARABIC = {"home-ar": "/ar/", "directory-ar": "/ar/members/"}
SWITCHER = ("switcher", "/take-action/", ".masthead")  # name, page, the part of it to show (on a desktop)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--scheme", choices=["light", "dark"], default="light")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    suffix = "" if args.scheme == "light" else "-dark"
    from playwright.sync_api import sync_playwright

    with served_demo() as origin, sync_playwright() as manager:
        browser = manager.chromium.launch(executable_path=CHROMIUM, args=CHROME_ARGS)
        for width, (w, h) in WIDTHS.items():
            # A phone's pixel density would triple the file size for no gain in a README.
            page = browser.new_page(viewport={"width": w, "height": h}, color_scheme=args.scheme)
            for name, path in (PAGES | ARABIC).items():
                page.goto(origin + path, wait_until="networkidle")
                save(page, args.out / f"{name}-{width}{suffix}.png")
            if width == "1280":
                name, path, part = SWITCHER
                page.goto(origin + path, wait_until="networkidle")
                save(page.locator(part), args.out / f"{name}-{width}{suffix}.png")
            page.close()
        browser.close()
    return 0


def save(shown, target: Path) -> None:
    """A screenshot of `shown` (a page or a part of one) into `target`, with its size printed."""
    shown.screenshot(path=str(target))
    named = target.relative_to(ROOT) if target.is_relative_to(ROOT) else target  # --out may be anywhere
    print(f"{named}: {target.stat().st_size // 1024} KB")


if __name__ == "__main__":
    sys.exit(main())
