"""Serve the built site under its base_url path, rebuild on every save, and tell the browser to reload."""

from __future__ import annotations

import gc
import html
import mimetypes
import signal
import threading
import time
from pathlib import Path

import watchfiles
from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
from tornado import ioloop, web
from tornado.websocket import WebSocketClosedError

from .pipeline import Builder, BuildOptions
from .printing import print_problems, summarise
from .write import Buffer

WATCHED = ("content", "templates", "assets")
BUILD_COOKIE = "microsite-build"
# Files under assets/ are named by a hash of their bytes (see assets.py): one name never serves other bytes, so
# the browser keeps them across reloads instead of fetching them again after every save.
ASSET_CACHE = "public, max-age=31536000, immutable"
# serve keeps a whole site's records, plan and fingerprints alive between saves, and each rebuild makes their
# successors. At the collector's default (a young collection every 700 new objects) that set off a full collection
# in every second rebuild at 5,000 pages: 45 ms of collecting per rebuild, against 19 ms at this, for ~9 MB more.
YOUNG_COLLECTION_EVERY = 10_000


class BuildState:
    """What the server shows: the output folder, its base path, and the problems of the last build.

    One Builder lives as long as the server, so each save re-renders only the outputs that depend on it.
    """

    def __init__(self, project: Path, out: Path, drafts: bool):
        self.project, self.out, self.drafts = project, out, drafts
        self.builder = Builder(project, BuildOptions(out=out, drafts=drafts), autosave=False, buffer=Buffer())
        self.base_path = "/"
        self.problems: list = []
        self.generation = 0  # counts builds; a page carries the number it was served at (see _ReloadHandler)
        self.lock = threading.Lock()

    def rebuild(self, changed: list[str] | None = None) -> bool:
        """One build of what changed (`changed`: the paths the watcher saw, None: look at every file); True when it
        succeeded. Either way the browser reloads, to show the result."""
        started = time.perf_counter()
        with self.lock:
            result = self.builder.build(changed)
        self.problems = result.report.errors
        self.generation += 1
        print_problems(result.report.problems)
        summarise(result.report)
        if result.stats is not None:
            self.base_path = result.base_path  # as the build read it, without reading site.yml again
            print(f"Rebuilt in {(time.perf_counter() - started) * 1000:.0f} ms "
                  f"({result.rendered} rendered, {result.stats.written} files written)", flush=True)
        return result.stats is not None

    def prepare(self) -> None:
        """Copy the site beside itself while the campaigner reads, so that the first save is as quick as the rest."""
        with self.lock:
            self.builder.prepare_buffer()


class SiteHandler(web.RequestHandler):
    """Static files from the output folder, under the base path, with the live-reload script and build errors."""

    def initialize(self, state: BuildState, port: int):
        self.state, self.port = state, port

    def get(self, path: str = "") -> None:
        base = self.state.base_path
        request_path = "/" + path
        if not request_path.startswith(base):
            if request_path in ("/", base.rstrip("/")):
                return self.redirect(base)
            return self._send_file(self.state.out / "404.html", 404)
        relative = request_path[len(base):]
        target = (self.state.out / relative).resolve()
        if not target.is_relative_to(self.state.out.resolve()):
            return self._send_file(self.state.out / "404.html", 404)
        if target.is_dir():
            if not request_path.endswith("/"):
                return self.redirect(request_path + "/")
            target = target / "index.html"
        if not target.is_file():
            return self._send_file(self.state.out / "404.html", 404)
        self._send_file(target, 200, relative.startswith("assets/"))

    def _send_file(self, path: Path, status: int, asset: bool = False) -> None:
        self.set_status(status)
        generation = self.state.generation  # before reading: a build finishing meanwhile makes the page stale
        try:
            data = path.read_bytes()
        except OSError:
            data, asset = b"<!doctype html><title>Not built yet</title><h1>The site has not been built yet</h1>", False
        self.set_header("Cache-Control", ASSET_CACHE if asset else "no-store")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if content_type == "text/html":
            data = self._decorate(data)
            content_type += "; charset=utf-8"
            self.set_cookie(BUILD_COOKIE, str(generation), path="/", samesite="Strict")
        self.set_header("Content-Type", content_type)
        self.finish(data)

    def _decorate(self, data: bytes) -> bytes:
        script = f'<script src="/livereload.js?port={self.port}"></script></head>'.encode()
        data = data.replace(b"</head>", script, 1)
        if self.state.problems:
            items = "".join(f"<li><code>{html.escape(str(p))}</code></li>" for p in self.state.problems)
            banner = (f'<div class="build-errors" role="alert"><p><strong>The last save did not build.</strong> '
                      f'Showing the last good version. Fix these and save again:</p><ul>{items}</ul></div>')
            data = data.replace(b"<body>", b"<body>" + banner.encode(), 1)
        return data


def _watch(state: BuildState, loop: ioloop.IOLoop, stop: threading.Event) -> None:
    paths = [str(state.project / name) for name in WATCHED if (state.project / name).is_dir()]
    # A burst of saves (an editor writing several files, or quick repeated saves) becomes one build.
    for changes in watchfiles.watch(*paths, debounce=1000, step=10, stop_event=stop, rust_timeout=500,
                                    yield_on_timeout=False, raise_interrupt=False):
        state.rebuild([path for _change, path in changes])  # only these content files are looked at again
        loop.add_callback(LiveReloadHandler.reload_waiters, "/")


class _ReloadHandler(LiveReloadHandler):
    """The live-reload socket, which also reloads a page that missed a reload.

    A reload sent while the browser is between pages (the old page's socket closed, the new one's not yet open)
    reaches no one: a page served before the last build then shows old content. So each page's build number
    comes back in a cookie when its socket connects, and a stale page is told to reload at once.
    """

    state: BuildState | None = None
    _checked = False  # whether this socket's page was compared with the last build

    def write_message(self, message, binary: bool = False):
        # A browser that leaves while a reload is on its way must not print a traceback into the campaigner's
        # terminal (its page reloads anyway when it comes back): the socket is found closed either at once, which
        # livereload would log as an error, or later, in the future livereload drops.
        try:
            sent = super().write_message(message, binary)
        except WebSocketClosedError:
            return None
        sent.add_done_callback(_ignore_closed_socket)
        return sent

    def on_message(self, message) -> None:
        super().on_message(message)
        if self in LiveReloadHandler.waiters and not self._checked:
            self._checked = True
            served = self.get_cookie(BUILD_COOKIE, "")
            if served.isdigit() and int(served) < self.state.generation:
                self.send_message({"command": "reload", "path": "/", "liveCSS": True, "liveImg": True})


def _ignore_closed_socket(sent) -> None:
    if not sent.cancelled() and not isinstance(sent.exception(), (WebSocketClosedError, type(None))):
        raise sent.exception()


class _ReloadScriptHandler(LiveReloadJSHandler):
    """livereload.js, which every page loads: kept by the browser for a day rather than fetched on every reload."""

    def set_default_headers(self) -> None:
        self.set_header("Cache-Control", "max-age=86400")


class _NoWatcher:
    """livereload's handler logs `watcher.filepath`; the rebuilds here are driven by `_watch` instead."""

    filepath = None


def make_app(state: BuildState, port: int) -> web.Application:
    LiveReloadHandler.watcher = _NoWatcher()
    _ReloadHandler.state = state
    return web.Application([
        (r"/livereload", _ReloadHandler),
        (r"/livereload.js", _ReloadScriptHandler),
        (r"/(.*)", SiteHandler, {"state": state, "port": port}),
    ])


def collect_less_often() -> None:
    """Set this process's garbage collector for keeping one site in memory and rebuilding it on every save."""
    gc.set_threshold(YOUNG_COLLECTION_EVERY, *gc.get_threshold()[1:])


def serve(project: Path, host: str = "127.0.0.1", port: int = 8000, drafts: bool = False) -> int:
    collect_less_often()
    state = BuildState(project, project / "site", drafts)
    state.rebuild()
    threading.Thread(target=state.prepare, daemon=True).start()
    app = make_app(state, port)
    app.listen(port, address=host)
    loop = ioloop.IOLoop.current()
    # Stopped by a signal as by Ctrl+C, so the previous site kept beside site/ is cleaned up either way.
    signal.signal(signal.SIGTERM, lambda *_: loop.add_callback_from_signal(loop.stop))
    stop = threading.Event()
    watcher = threading.Thread(target=_watch, args=(state, loop, stop), daemon=True)
    watcher.start()
    print(f"Serving on http://{host}:{port}{state.base_path} — edit files in content/, templates/ or assets/; "
          f"Ctrl+C stops.", flush=True)
    try:
        loop.start()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        with state.lock:
            state.builder.stop()  # saves, and removes the previous site: it is kept only while serving
    return 0
