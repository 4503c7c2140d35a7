"""`serve` in a real browser: live reload after each save, errors shown on the page, recovery after a fix."""

import re
import subprocess
import sys
import time
import urllib.request

import pytest
from playwright.sync_api import expect

from conftest import ROOT, free_port, make_project, write_files

pytestmark = pytest.mark.browser


@pytest.fixture
def served(tmp_path):
    project = make_project(tmp_path / "project", {
        "content/pages/news.md": "---\ntitle: News\n---\n\nFirst version.\n"})
    port = free_port()
    process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", "--port", str(port),
                                "--project", str(project)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    yield project, url, process
    process.terminate()
    process.wait(timeout=10)


def open_with_livereload(page, url):
    with page.expect_websocket(lambda ws: "/livereload" in ws.url):
        page.goto(url)
    page.wait_for_timeout(300)  # let livereload.js finish its hello handshake


def save(project, text):
    write_files(project, {"content/pages/news.md": f"---\ntitle: News\n---\n\n{text}\n"})


def test_saves_one_second_apart_both_reach_the_browser(served, page):
    project, url, _ = served
    open_with_livereload(page, url + "news/")
    assert "First version." in page.text_content("main")
    save(project, "Second version.")
    expect(page.locator("main")).to_contain_text("Second version.", timeout=10000)
    page.wait_for_timeout(1000)
    save(project, "Third version.")
    expect(page.locator("main")).to_contain_text("Third version.", timeout=10000)


def test_content_error_shows_on_page_and_fixing_recovers(served, page):
    project, url, process = served
    open_with_livereload(page, url + "news/")
    write_files(project, {"content/pages/news.md": "---\ntitle: [broken\n---\n\nBroken.\n"})
    page.wait_for_selector(".build-errors", timeout=10000)
    assert "content/pages/news.md:" in page.text_content(".build-errors")
    assert "First version." in page.text_content("main")  # the last good site is still served
    save(project, "Fixed version.")
    expect(page.locator("main")).to_contain_text("Fixed version.", timeout=10000)
    assert page.query_selector(".build-errors") is None
    assert process.poll() is None


def test_template_and_asset_edits_reload(served, page):
    project, url, _ = served
    open_with_livereload(page, url + "news/")
    template = project / "templates/page.html"
    template.write_text(template.read_text().replace("<h1>{{ title }}</h1>", "<h1>{{ title }} (edited)</h1>"))
    expect(page.locator("h1")).to_contain_text("(edited)", timeout=10000)
    stylesheet = page.get_attribute("link[rel=stylesheet]", "href")
    with (project / "assets/site.css").open("a") as css:
        css.write("\nh1 { letter-spacing: 0.01em; }\n")
    expect(page.locator("link[rel=stylesheet]")).not_to_have_attribute("href", stylesheet, timeout=10000)


def test_serves_under_the_base_url_path(tmp_path):
    site_yml = "title: Sub-path\nbase_url: https://org.example.org/campaign/\n"
    project = make_project(tmp_path / "project", site_yml=site_yml)
    port = free_port()
    process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", "--port", str(port),
                                "--project", str(project)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        root = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                home = urllib.request.urlopen(root + "/", timeout=1)  # follows the redirect to /campaign/
                break
            except OSError:
                assert time.monotonic() < deadline, "serve did not start"
                time.sleep(0.1)
        assert home.geturl() == root + "/campaign/"
        html = home.read().decode()
        stylesheet = re.search(r'<link rel="stylesheet" href="([^"]+)"', html).group(1)
        assert stylesheet.startswith("/campaign/assets/")
        asset = urllib.request.urlopen(root + stylesheet)
        assert asset.status == 200
        # Hashed asset names never change content: the browser may keep them across reloads; pages it may not.
        assert "immutable" in asset.headers["Cache-Control"]
        assert home.headers["Cache-Control"] == "no-store"
        assert '<script src="/livereload.js?port=' in html
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_a_browser_leaving_mid_reload_prints_no_traceback(caplog):
    """livereload ignores what sending a reload returns; a socket closed meanwhile must not log an error."""
    import asyncio
    import gc
    import threading

    from tornado.websocket import WebSocketClosedError

    from microsite.serve import _ignore_closed_socket

    async def send_to_a_closed_socket():
        sent = asyncio.get_running_loop().create_future()
        sent.add_done_callback(_ignore_closed_socket)
        sent.set_exception(WebSocketClosedError())
        await asyncio.sleep(0)  # the loop runs the callback

    # A loop of its own in a thread of its own: the browser fixtures keep one running in this thread.
    sender = threading.Thread(target=asyncio.run, args=(send_to_a_closed_socket(),))
    sender.start()
    sender.join()
    gc.collect()  # an exception never retrieved is logged when its future is freed
    assert "never retrieved" not in caplog.text


def test_a_reload_sent_to_a_socket_already_closed_logs_no_error(caplog, monkeypatch):
    """Seen under load: the browser's socket closed before livereload wrote to it, which it logs with a traceback."""
    from types import SimpleNamespace

    from livereload.handlers import LiveReloadHandler

    from microsite.serve import _ReloadHandler

    gone = _ReloadHandler.__new__(_ReloadHandler)  # a socket whose browser has left: no connection any more
    gone.ws_connection = None
    monkeypatch.setattr(LiveReloadHandler, "watcher", SimpleNamespace(filepath="/"), raising=False)
    LiveReloadHandler.waiters.add(gone)
    try:
        LiveReloadHandler.reload_waiters("/")
    finally:
        LiveReloadHandler.waiters.discard(gone)
    assert "Error sending message" not in caplog.text and "Traceback" not in caplog.text
