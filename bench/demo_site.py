"""Build the demo into a temporary folder and serve it on 127.0.0.1, for the benchmark and screenshot scripts."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from microsite.pipeline import BuildOptions, build  # noqa: E402 - after the path to the package is known

CHROMIUM = "/usr/bin/chromium"
CHROME_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--no-first-run", "--disable-dev-shm-usage", "--disable-quic", "--disable-sync"]
EPOCH = "1543017600"  # 2018-11-24, as in the tests: pictures and scores do not change with the day they are made
PAGES = {"home": "/", "statement": "/statements/helsinki-commission-interpol-2018/", "directory": "/members/",
         "member": "/members/wicker/"}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def static_server(folder: Path):
    """A built site served over HTTP on 127.0.0.1, as GitHub Pages would serve it; yields its address (the tests
    serve their sites with it too)."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()


@contextlib.contextmanager
def served_demo(project: Path = ROOT):
    """Yield the origin (http://127.0.0.1:PORT) of the freshly built demo; stop serving and clean up after."""
    os.environ.setdefault("SOURCE_DATE_EPOCH", EPOCH)
    with tempfile.TemporaryDirectory() as out:
        result = build(project, BuildOptions(out=Path(out) / "site"))
        if result.report.errors:
            raise SystemExit("\n".join(map(str, result.report.errors)))
        with static_server(Path(out) / "site") as origin:
            yield origin
