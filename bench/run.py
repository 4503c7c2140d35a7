"""Measure the builder on a synthetic campaign: cold, warm and incremental builds, the naive baseline, memory, reload.

    python bench/run.py [--pages N] [--members M] [--statements K] [--languages L] [--repeats R] [--json]

Cold builds and the baseline run as separate processes (what a user or CI runs), taken in turn R times; the
medians are reported. Warm and edit rebuilds run the
way `serve` runs them: one long-lived builder that re-renders what each save changed. `reload_ms` is the time
from a file save to the browser's `load` event under `build.py serve`, measured in Chromium with Playwright.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

from corpus import LANGUAGES, write_corpus  # noqa: E402

EPOCH = "1543017600"
ENV = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PYTHONUNBUFFERED": "1"}
KEYS = ("cold_s", "warm_s", "edit_page_s", "edit_member_s", "edit_template_s", "baseline_s", "peak_rss_mb",
        "reload_ms", "pages", "members", "statements", "cold_cpu_s", "baseline_cpu_s", "languages",
        "one_language_cold_s", "one_language_cold_cpu_s")
REPEATS = 3  # rebuild measurements: the median of this many
SAVES = 10  # reload measurements
CHROME_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--no-first-run", "--disable-dev-shm-usage", "--disable-quic", "--disable-sync"]


def run_measured(command: list[str], cwd: Path = ROOT) -> tuple[float, float, float]:
    """(wall seconds, CPU-seconds, peak resident MB) of one run, its waited-for children included."""
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise SystemExit(f"{command[0]} failed (exit {child.returncode}): {' '.join(command)}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def set_aside(path: Path, trash: Path) -> None:
    """Move `path` out of the way, into `trash`, which the benchmarks leave for the user to delete (see left_in).

    Deleting thousands of files just before a run makes ext4 skip each recently freed inode while it allocates
    new ones: measured, up to 1.4 s of kernel time charged to whichever run came next, baseline or build alike.
    """
    if path.exists():
        trash.mkdir(parents=True, exist_ok=True)
        path.rename(trash / f"{len(list(trash.iterdir()))}-{path.name}")


def left_in(trash: Path) -> None:
    """Say where the moved-aside outputs are, instead of deleting them.

    On this machine (ext4 mounted with online discard, on a virtual machine whose host takes back freed memory
    and disk) the builds that follow a deletion of some 20,000 files run slower for minutes: cold builds taken
    every 1.5 minutes, each run deleting the last one's outputs, went from 2.1 to 3.1 s (3.7 to 5.7 CPU-s), and
    recovered once nothing was deleted. So one run's deletion would slow the next run's measurements.
    """
    if trash.exists():
        print(f"Old outputs moved aside are in {trash}: delete it when you are done measuring.", file=sys.stderr)


def cold_build(project: Path, work: Path) -> tuple[float, float, float]:
    """One build from an empty output folder and no cache."""
    for leftover in (project / "site", project / ".cache"):
        set_aside(leftover, work / "trash")
    os.sync()
    return run_measured([sys.executable, str(ROOT / "build.py"), "build", "--project", str(project)])


def measure_cold_and_baseline(project: Path, work: Path, repeats: int, one_language: Path | None = None) \
        -> dict[str, float]:
    """Medians of `repeats` cold builds and baseline runs, taken in turn so that a busy spell on a shared machine
    slows both alike, in wall time and CPU-seconds (steadier on a shared machine). Each starts from an empty output
    folder (and no cache). `one_language`: the same corpus in one language, built cold in the same turns."""
    runs: dict[str, list] = {"cold": [], "baseline": [], "one_language_cold": []}
    for _ in range(repeats):
        set_aside(work / "baseline-site", work / "trash")
        os.sync()
        runs["baseline"].append(run_measured([sys.executable, str(BENCH / "baseline.py"), str(project),
                                              str(work / "baseline-site")]))
        runs["cold"].append(cold_build(project, work))
        if one_language:
            runs["one_language_cold"].append(cold_build(one_language, work))
    print("; ".join(f"{name} runs: " + ", ".join(f"{wall:.2f} s ({cpu:.2f} CPU-s)" for wall, cpu, _ in measured)
                    for name, measured in runs.items() if measured), file=sys.stderr)
    return {f"{name}{unit}": statistics.median(run[index] for run in measured)
            for name, measured in runs.items() if measured for index, unit in ((0, "_s"), (1, "_cpu_s"))}


def children_peak_mb() -> float:
    """Largest resident set of any finished child process, its own workers included (Linux reports kB)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def edit_page(project: Path, round_: int) -> list[str]:
    pages = sorted((project / "content" / "pages").glob("page-*.md"))
    page = pages[len(pages) // 2]
    page.write_text(page.read_text(encoding="utf-8") + f"\nAn added sentence, edit {round_}.\n", encoding="utf-8")
    return [str(page)]


def edit_member(project: Path, round_: int) -> list[str]:
    members = project / "content" / "members" / "house.yml"
    text = members.read_text(encoding="utf-8")
    members.write_text(re.sub(r'phone: "\+1 202 555 \d{4}"', f'phone: "+1 202 555 {9000 + round_:04d}"', text, 1),
                       encoding="utf-8")
    return [str(members)]


def edit_template(project: Path, round_: int) -> list[str]:
    template = project / "templates" / "page.html"
    template.write_text(template.read_text(encoding="utf-8") + f"{{# edit {round_} #}}\n", encoding="utf-8")
    return [str(template)]


def timed_build(builder, changed: list[str] | None = None) -> float:
    """One build's seconds, told the paths an edit changed as serve's watcher tells it. Its result is dropped at
    once, as serve drops it: kept until the next build, the bytes of a full re-render would count twice in the
    memory measured."""
    started = time.perf_counter()
    result = builder.build(changed)
    seconds = time.perf_counter() - started
    assert result.stats is not None, [str(p) for p in result.report.errors]
    return seconds


def measure_rebuilds(project: Path) -> dict[str, float]:
    """In this process, as `serve` does: one builder, a warm rebuild, then each kind of edit REPEATS times."""
    from microsite.pipeline import Builder, BuildOptions
    from microsite.serve import collect_less_often
    from microsite.write import Buffer

    collect_less_often()
    builder = Builder(project, BuildOptions(), autosave=False, buffer=Buffer())
    first = timed_build(builder)
    builder.buffer.fill(builder.out)  # as serve does while the campaigner reads the first page

    def median_of(edit) -> float:
        times = []
        for round_ in range(REPEATS):
            times.append(timed_build(builder, edit(project, round_) if edit else []))
        return statistics.median(times)

    figures = {"first_rebuild_s": first, "warm_s": median_of(None), "edit_page_s": median_of(edit_page),
               "edit_member_s": median_of(edit_member), "edit_template_s": median_of(edit_template)}
    builder.buffer.discard(builder.out)
    return figures


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def vm_hwm_mb(pid: int) -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    match = re.search(r"VmHWM:\s+(\d+) kB", status)
    return int(match.group(1)) / 1024 if match else 0.0


def measure_reload(project: Path) -> tuple[list[float], int, float]:
    """(save → load times in ms, saves the browser never showed, the server's peak memory in MB)."""
    from playwright.sync_api import sync_playwright

    port = free_port()
    server = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", "--port", str(port), "--project",
                               str(project)], env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        for line in server.stdout:
            if line.startswith("Serving on"):
                break
        page_file = project / "content" / "pages" / "page-0001.md"
        original = page_file.read_text(encoding="utf-8")
        times, lost = [], 0
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROME_ARGS)
            page = browser.new_page()
            with page.expect_websocket(lambda ws: "/livereload" in ws.url):
                page.goto(f"http://127.0.0.1:{port}/page-0001/")
            page.wait_for_timeout(500)
            for save in range(SAVES):
                marker = f"Saved version {save}."
                with page.expect_event("load", timeout=15000):
                    started = time.perf_counter()
                    page_file.write_text(original + f"\n{marker}\n", encoding="utf-8")
                times.append((time.perf_counter() - started) * 1000)
                if marker not in (page.text_content("main") or ""):
                    lost += 1
                page.wait_for_timeout(1000)  # saves one second apart: each must reach the browser
            browser.close()
        page_file.write_text(original, encoding="utf-8")
        return times, lost, vm_hwm_mb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)


def targets(figures: dict) -> dict[str, tuple[float, str]]:
    """Figure → (its limit, how the limit is defined), from the issue's targets."""
    cold, large = figures["cold_s"], figures["pages"] >= 5000
    limits = {
        "cold_s": (0.5 * figures["baseline_s"], "0.5 × baseline"),
        "warm_s": (0.05 * cold, "0.05 × cold"),
        "edit_page_s": (min(0.05 * cold, 0.15), "0.05 × cold, and 0.15 s") if large else (0.05 * cold, "0.05 × cold"),
        "edit_member_s": (0.1 * cold, "0.1 × cold"),
        "reload_ms": (250.0, "median, no save lost"),
        "lost_saves": (0, "none"),
    }
    if large:
        limits["peak_rss_mb"] = (300.0, "at 5,000 pages")
    if figures.get("languages", 1) > 1:  # issue 14: a corpus in L languages against the same in one
        limits["cold_s"] = (1.05 * figures["languages"] * figures["one_language_cold_s"],
                            f"{1.05 * figures['languages']:.3g} × one language's cold")
    return limits


def print_table(figures: dict) -> None:
    limits = targets(figures)
    rows = [("figure", "value", "target", "met")]
    for key in KEYS + ("cli_warm_s", "lost_saves", "reload_max_ms"):
        value = figures.get(key)
        if value is None:
            continue
        shown = f"{value:.3f}" if isinstance(value, float) else str(value)
        limit, how = limits.get(key, (None, ""))
        target = f"≤ {limit:.3g} ({how})" if limit is not None else ""
        met = "" if limit is None else "yes" if value <= limit else "NO"
        rows.append((key, shown, target, met))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for index, row in enumerate(rows):
        print("| " + " | ".join(cell.ljust(width) for cell, width in zip(row, widths)) + " |")
        if index == 0:
            print("|" + "|".join("-" * (width + 2) for width in widths) + "|")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--members", type=int, default=540)
    parser.add_argument("--statements", type=int, default=20)
    parser.add_argument("--languages", type=int, default=1, choices=range(1, len(LANGUAGES) + 1),
                        help="write every page and statement in this many languages, and build the one-language "
                             "corpus cold in the same turns to compare (default 1)")
    parser.add_argument("--json", action="store_true", help="end with one JSON object of the figures")
    parser.add_argument("--repeats", type=int, default=3, help="cold builds and baseline runs, taken in turn "
                        "(medians are reported; default 3)")
    parser.add_argument("--no-browser", action="store_true", help="skip reload_ms (no Chromium here)")
    parser.add_argument("--rebuilds-of", type=Path, help=argparse.SUPPRESS)  # the child that measures rebuilds
    args = parser.parse_args()
    if args.rebuilds_of:
        print(json.dumps(measure_rebuilds(args.rebuilds_of)))
        return
    work = BENCH / "out"
    corpus = work / f"corpus-{args.pages}-{args.members}-{args.statements}-{args.languages}"
    set_aside(corpus, work / "trash")
    project = write_corpus(corpus, args.pages, args.members, args.statements, args.languages)
    print(f"Corpus: {args.pages} pages, {args.members} members, {args.statements} statements in {args.languages} "
          f"language(s) in {project}", file=sys.stderr)
    one_language = None
    if args.languages > 1:
        one_language = write_corpus(work / f"corpus-{args.pages}-{args.members}-{args.statements}-1", args.pages,
                                    args.members, args.statements)
    figures: dict = {"pages": args.pages, "members": args.members, "statements": args.statements,
                     "languages": args.languages}
    figures.update(measure_cold_and_baseline(project, work, args.repeats, one_language))
    figures["cli_warm_s"], _, _ = run_measured([sys.executable, str(ROOT / "build.py"), "build", "--project",
                                                str(project)])
    rebuilds = subprocess.run([sys.executable, __file__, "--rebuilds-of", str(project)], check=True, env=ENV,
                              capture_output=True, text=True)
    figures.update({k: v for k, v in json.loads(rebuilds.stdout.strip().splitlines()[-1]).items() if k in KEYS})
    figures["peak_rss_mb"] = children_peak_mb()
    figures["reload_ms"] = None
    if not args.no_browser:
        times, lost, server_mb = measure_reload(project)
        figures.update(reload_ms=statistics.median(times), reload_max_ms=max(times), lost_saves=lost)
        figures["peak_rss_mb"] = max(figures["peak_rss_mb"], server_mb)
    left_in(work / "trash")
    print_table(figures)
    if args.json:
        print(json.dumps({key: figures.get(key) for key in KEYS}))


if __name__ == "__main__":
    main()
