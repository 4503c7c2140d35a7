"""Measure the share cards on the synthetic campaign, on one core: CPU per card drawn, their sizes, what a warm build
and a title edit draw."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from corpus import write_corpus  # noqa: E402

from microsite import cards, parallel  # noqa: E402
from microsite.pipeline import Builder  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1542240000")  # before the demo's vote: cards carry the deadline
    parallel.MIN_ITEMS_PER_WORKER = sys.maxsize  # one core: the figure per card is not shared between processes
    project = write_corpus(ROOT / "bench" / "out" / "cards", pages=args.pages, members=60, statements=5)
    drawn: list[float] = []
    real_draw = cards.draw

    def timed_draw(text):
        start = time.process_time()
        data = real_draw(text)
        drawn.append(time.process_time() - start)
        return data

    cards.draw = timed_draw
    builder = Builder(project, persistent=False)
    cold = time.perf_counter()
    builder.build()
    cold = time.perf_counter() - cold
    per_card = sorted(drawn)
    sizes = [p.stat().st_size for p in (project / "site").rglob("card.png")]
    drawn.clear()
    warm = time.perf_counter()
    builder.build()
    warm = time.perf_counter() - warm
    warm_drawn = len(drawn)
    page = sorted((project / "content" / "pages").glob("*.md"))[1]
    page.write_text(page.read_text(encoding="utf-8").replace('title: "', 'title: "Edited ', 1), encoding="utf-8")
    builder.build()
    figures = {
        "cards": len(per_card), "cold_s": round(cold, 2),
        "card_cpu_ms_median": round(per_card[len(per_card) // 2] * 1000, 1),
        "card_cpu_ms_mean": round(sum(per_card) / len(per_card) * 1000, 1),
        "card_kb_min": round(min(sizes) / 1024, 1), "card_kb_max": round(max(sizes) / 1024, 1),
        "warm_s": round(warm, 3), "warm_cards_drawn": warm_drawn, "title_edit_cards_drawn": len(drawn),
    }
    print(json.dumps(figures) if args.json else "\n".join(f"{k}: {v}" for k, v in figures.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
