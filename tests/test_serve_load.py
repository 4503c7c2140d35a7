"""`serve` under load: 200 rapid saves in 10 seconds, some of them invalid or caught half-written, leave the
server running, the browser on the final version and the served site identical to a clean build."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request

import pytest
from playwright.sync_api import expect

from conftest import EPOCH, ROOT, free_port, make_project

pytestmark = pytest.mark.browser

SAVES, SECONDS = 200, 10.0
NEWS = "content/pages/news.md"


def _version(number: int) -> str:
    return f"---\ntitle: News\ndate: 2018-11-20\n---\n\nVersion {number} of the news.\n"


def _broken(number: int) -> str:
    """Every kind of mistake a hurried save makes: bad YAML, no front matter, an empty file, an impossible date."""
    return ["---\ntitle: [News\n---\n", "Version without front matter\n", "",
            "---\ntitle: News\ndate: 2018-02-30\n---\nBody\n"][number % 4]


def _wait_until_up(url: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while True:
        assert process.poll() is None, "serve exited"
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            assert time.monotonic() < deadline, "serve did not start"
            time.sleep(0.1)


def _served_page_without_reload_script(url: str, port: int) -> bytes:
    html = urllib.request.urlopen(url, timeout=5).read()
    return html.replace(f'<script src="/livereload.js?port={port}"></script>'.encode(), b"")


def test_two_hundred_rapid_saves_some_invalid(tmp_path, page):
    project = make_project(tmp_path / "project", {NEWS: _version(0)})
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    environment = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", "--port", str(port), "--project",
                                str(project)], stdout=log, stderr=subprocess.STDOUT, env=environment)
    url = f"http://127.0.0.1:{port}/news/"
    try:
        _wait_until_up(url, process)
        with page.expect_websocket(lambda ws: "/livereload" in ws.url):
            page.goto(url)
        expect(page.locator("main")).to_contain_text("Version 0 of the news.")
        news = project / NEWS
        started = time.monotonic()
        for number in range(1, SAVES + 1):
            # Plain open-and-write, as most editors do: a build may catch the file empty or half written.
            text = _version(number) if number == SAVES or number % 5 else _broken(number)
            with news.open("w", encoding="utf-8") as file:
                file.write(text[: len(text) // 2])
                file.flush()
                file.write(text[len(text) // 2 :])
            time.sleep(max(0.0, started + number * SECONDS / SAVES - time.monotonic()))
        assert time.monotonic() - started < SECONDS + 1.0
        expect(page.locator("main")).to_contain_text(f"Version {SAVES} of the news.", timeout=15000)
        expect(page.locator(".build-errors")).to_have_count(0)
        assert process.poll() is None, "serve stopped under load"

        clean = tmp_path / "clean"
        subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--project", str(project), "--out",
                        str(clean)], check=True, capture_output=True, env=environment)
        assert _served_page_without_reload_script(url, port) == (clean / "news/index.html").read_bytes()
        assert {p.relative_to(project / "site") for p in (project / "site").rglob("*")} == \
            {p.relative_to(clean) for p in clean.rglob("*")}
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()
    output = (tmp_path / "serve.log").read_text()
    assert "Traceback" not in output and "internal error" not in output, output[-3000:]
    assert "error:" in output  # the invalid saves were reported, not silently skipped
