"""Benchmark: the US ZIP code lookup on the demo with the whole Congress: shard sizes, build cost, speed in Chromium.

Run from the repository: `python bench/lookup.py [--data DIR] [--runs N] [--searches N]`. The demo, the real
legislators-current.yaml, legislators-district-offices.yaml and zccd.csv are copied into a temporary project at run time (never into this
repository), with an action that applies to every list. Prints each figure beside its target:
largest shard ≤ 2 KB gzipped, all shards ≤ 1.5 MB on disk, ≤ 0.5 s added to a cold build and nothing to a warm
one (medians of builds taken in turn with and without the table), Enter-to-painted ≤ 100 ms median in Chromium
on localhost, the home page ≤ 30 KB and the directory ≤ 150 KB gzipped.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import resource
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from microsite.pipeline import BuildOptions, build  # noqa: E402  (the path above makes the package importable)

DATA = ROOT.parent / "shared" / "data"
FILES = {"congress-legislators/legislators-current.yaml": "content/members/legislators-current.yaml",
         "congress-legislators/legislators-district-offices.yaml": "content/members/legislators-district-offices.yaml",
         "us-zipcodes-congress/zccd.csv": "content/lookups/zccd.csv"}
ACTION = """---
title: Call your members of Congress
kind: call
---
Hello, I am a constituent calling {{ member.title }} {{ member.last_name }} about Interpol.
"""
CHROME_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--no-first-run", "--disable-dev-shm-usage", "--disable-quic", "--disable-sync"]
# Time from the keydown of Enter to the frame after the answer is in the page (two animation frames: painted).
# The promise is left on window, so the test can press Enter before waiting for it.
MEASURE = """(key) => {
  const input = document.querySelector('#lookup-key'), result = document.querySelector('.lookup-result');
  input.value = key;
  window.painted = new Promise((done) => {
    let start = 0;
    input.addEventListener('keydown', () => { start = performance.now(); }, {once: true, capture: true});
    new MutationObserver((changes, observer) => {
      if (!result.querySelector('.lookup-card')) return;
      observer.disconnect();
      requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - start)));
    }).observe(result, {childList: true, subtree: true});
  });
}"""


def gz(data: bytes) -> int:
    return len(gzip.compress(data, 9, mtime=0))


def make_project(root: Path, data: Path) -> Path:
    for name in ("content", "templates", "assets"):
        shutil.copytree(ROOT / name, root / name)
    for source, target in FILES.items():
        (root / target).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(data / source, root / target)
    (root / "content" / "actions" / "call-congress.md").write_text(ACTION, encoding="utf-8")
    return root


def cpu_seconds() -> float:
    """CPU time of this process and its finished workers: steadier than the clock on a shared machine."""
    own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def timed_build(project: Path, out: Path) -> tuple[float, float]:
    """(wall-clock seconds, CPU seconds) of one build."""
    started, cpu = time.perf_counter(), cpu_seconds()
    result = build(project, BuildOptions(out=out))
    elapsed = time.perf_counter() - started, cpu_seconds() - cpu
    if result.report.errors:
        raise SystemExit("\n".join(map(str, result.report.errors)))
    return elapsed


def build_costs(project: Path, tmp: Path, runs: int) -> dict[str, list[tuple[float, float]]]:
    """Cold and warm builds with and without the table, taken in turn so a busy spell slows both alike."""
    table, aside = project / FILES["us-zipcodes-congress/zccd.csv"], tmp / "zccd.csv"
    times: dict[str, list[tuple[float, float]]] = {"cold with": [], "cold without": [], "warm with": [], "warm without": []}
    for run in range(runs):
        for label in ("with", "without"):
            if label == "without":
                shutil.move(table, aside)
            out = tmp / f"site-{label}-{run}"  # a new folder has no cache: a cold build
            times[f"cold {label}"].append(timed_build(project, out))
            times[f"warm {label}"].append(timed_build(project, out))
            if label == "without":
                shutil.move(aside, table)
            shutil.rmtree(out)
    return times


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def enter_to_painted(site: Path, keys: list[str]) -> list[float]:
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROME_ARGS)
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{server.server_port}/")
            times = []
            for key in keys:
                page.evaluate(MEASURE, key)
                page.press("#lookup-key", "Enter")
                times.append(page.evaluate("window.painted"))
            browser.close()
            return times
    finally:
        server.shutdown()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help="the shared data folder (congress-legislators, "
                                                                "us-zipcodes-congress)")
    parser.add_argument("--runs", type=int, default=3, help="builds of each kind to time (medians reported)")
    parser.add_argument("--searches", type=int, default=20, help="ZIP codes to look up in Chromium")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        project = make_project(tmp / "project", args.data)
        site = tmp / "site"
        timed_build(project, site)
        shards = sorted((site / "lookups" / "zccd").iterdir())
        sizes = [gz(p.read_bytes()) for p in shards]
        total = sum(p.stat().st_size for p in shards)
        print(f"shards: {len(shards)}; largest {max(sizes)} B gzipped (target ≤ 2048); "
              f"all {total / 1e6:.2f} MB on disk (target ≤ 1.5), {sum(sizes) / 1e6:.2f} MB gzipped")
        print(f"home page: {gz((site / 'index.html').read_bytes()) / 1024:.1f} KB gzipped (target ≤ 30); "
              f"directory: {gz((site / 'members' / 'index.html').read_bytes()) / 1024:.1f} KB gzipped (target ≤ 150)")
        costs = build_costs(project, tmp, args.runs)
        for kind, target in (("cold", "≤ +0.5 s"), ("warm", "nothing")):
            for measure, unit in ((0, "s"), (1, "CPU-s")):
                with_table = statistics.median(t[measure] for t in costs[f"{kind} with"])
                without = statistics.median(t[measure] for t in costs[f"{kind} without"])
                print(f"{kind} build: {with_table:.3f} {unit} with the table, {without:.3f} without: "
                      f"{with_table - without:+.3f} {unit} (target {target})")
        # ZIP codes spread over the table, each in a shard not yet fetched: the request is part of the time.
        keys = [_first_key(p) for p in shards[:: max(1, len(shards) // args.searches)]][:args.searches]
        painted = enter_to_painted(site, keys)
        print(f"Enter to painted: median {statistics.median(painted):.1f} ms, max {max(painted):.1f} ms over "
              f"{len(painted)} ZIP codes (target ≤ 100 ms median)")
    return 0


def _first_key(shard: Path) -> str:
    data = json.loads(shard.read_text(encoding="utf-8"))
    return data["p"] + data["keys"][0].split(",")[0]


if __name__ == "__main__":
    sys.exit(main())
