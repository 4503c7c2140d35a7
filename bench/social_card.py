"""Draw the demo's default social card (assets/card.png, 1200×630) from the campaign's title in headless Chromium."""

from __future__ import annotations

import argparse
import html
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROME_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
               "--disable-dev-shm-usage", "--font-render-hinting=none"]

# Flat colours and system fonts only: the card must stay small (social networks fetch it on every share).
CARD = """<!doctype html><html><head><meta charset="utf-8"><style>
html, body {{ margin: 0; width: 1200px; height: 630px; }}
body {{ background: #1c1b1f; color: #fff; font-family: "Liberation Sans", "DejaVu Sans", sans-serif;
       display: flex; flex-direction: column; justify-content: center; padding: 0 90px; box-sizing: border-box;
       border-left: 36px solid {accent}; }}
.kicker {{ font-size: 34px; letter-spacing: 0.08em; text-transform: uppercase; color: #f2c6c2; margin: 0 0 24px; }}
h1 {{ font-size: 84px; line-height: 1.05; margin: 0 0 32px; }}
p {{ font-size: 38px; line-height: 1.3; margin: 0; color: #e6e3ea; }}
</style></head><body><p class="kicker">{kicker}</p><h1>{title}</h1><p>{ask}</p></body></html>"""


def card_html(site: dict) -> str:
    deadline = site.get("deadline") or {}
    when = deadline.get("date")
    when_text = f"{when.day} {when:%B %Y}" if hasattr(when, "day") else str(when or "")
    kicker = " · ".join(part for part in (deadline.get("place", "").split(",")[0], when_text) if part)
    return CARD.format(accent=html.escape(site.get("accent", "#b3261e")), kicker=html.escape(kicker),
                       title=html.escape(site["title"]), ask=html.escape(site.get("ask", "")))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--project", type=Path, default=ROOT)
    parser.add_argument("--out", type=Path, help="default: PROJECT/assets/card.png")
    args = parser.parse_args()
    site = yaml.safe_load((args.project / "content" / "site.yml").read_text(encoding="utf-8"))
    out = args.out or args.project / "assets" / "card.png"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as manager:
        browser = manager.chromium.launch(executable_path=CHROMIUM, args=CHROME_ARGS)
        page = browser.new_page(viewport={"width": 1200, "height": 630})
        page.set_content(card_html(site))
        page.screenshot(path=str(out))
        browser.close()
    print(f"{out}: {out.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
