"""Where a cold build's CPU goes: one process (no workers), CPU-seconds per output kind and per stage, medians.

    python bench/kinds.py [--pages N] [--members M] [--statements K] [--runs R]

Each output kind (page, card, member, ...) is timed around its render, which includes its file being staged;
`markdown`, `template html()`, `qr_svg` and `stage` are parts of those. One process, so the figures are the work
itself, without the forking and sharing of two cores.
"""

from __future__ import annotations

import argparse
import collections
import os
import statistics
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))

from corpus import write_corpus  # noqa: E402
from run import EPOCH, left_in, set_aside  # noqa: E402

from microsite import markup, parallel, pipeline, qr, render, render_spread, render_statements, write  # noqa: E402

spent: collections.Counter = collections.Counter()
calls: collections.Counter = collections.Counter()


def timed(function, key):
    def measured(*args, **kwargs):
        started = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            spent[key] += time.process_time() - started
            calls[key] += 1
    return measured


def instrument() -> None:
    parallel.worker_count = lambda items: 1
    real_render = render.Renderer.render
    render.Renderer.render = lambda self, output: timed(real_render, "kind: " + output.kind)(self, output)
    render.Renderer.html = timed(render.Renderer.html, "template html()")
    markup.MarkdownConverter.convert = timed(markup.MarkdownConverter.convert, "markdown")
    write.Stage.put = timed(write.Stage.put, "stage")
    render.qr_svg = render_spread.qr_svg = render_statements.qr_svg = timed(qr.qr_svg, "qr_svg")
    pipeline._load = timed(pipeline._load, "load")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--members", type=int, default=540)
    parser.add_argument("--statements", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    work = BENCH / "out"
    project = write_corpus(work / f"kinds-{args.pages}-{args.members}-{args.statements}", args.pages,
                           args.members, args.statements)
    instrument()
    runs = []
    for _ in range(args.runs):
        for leftover in (project / "site", project / ".cache"):
            set_aside(leftover, work / "trash")
        spent.clear()
        calls.clear()
        started = time.process_time()
        pipeline.build(project)
        runs.append((time.process_time() - started, dict(spent), dict(calls)))
    left_in(work / "trash")
    print(f"a cold build in one process: {statistics.median(r[0] for r in runs):.2f} CPU-s "
          f"(runs {', '.join(f'{r[0]:.2f}' for r in runs)})")
    for key in sorted(runs[0][1], key=lambda k: -runs[0][1][k]):
        total = statistics.median(r[1].get(key, 0.0) for r in runs)
        count = runs[0][2][key]
        if total >= 0.005:
            print(f"{total:7.3f} s {count:6d} × {1000 * total / count:7.3f} ms  {key}")


if __name__ == "__main__":
    main()
