"""Content Security Policy: every page of the demo carries a strict one, has no inline script or event handler,
and the site's own script still does its work under it in a real browser."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from playwright.sync_api import expect

# Data, never executed: for search engines, and the scripts' words in the page's language (script_messages.py)
INERT_SCRIPT_TYPES = {"application/ld+json", "application/json"}


class _PageScan(HTMLParser):
    """Collects the CSP meta tag, inline scripts and every on*= attribute of one page."""

    def __init__(self):
        super().__init__()
        self.policies: list[str] = []
        self.inline_scripts: list[str] = []
        self.handlers: list[str] = []
        self.script_urls: list[str] = []
        self._in_head = True

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "body":
            self._in_head = False
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "content-security-policy" and self._in_head:
            self.policies.append(values.get("content") or "")
        if tag == "script":
            if values.get("src"):
                self.script_urls.append(values["src"])
            elif (values.get("type") or "").lower() not in INERT_SCRIPT_TYPES:
                self.inline_scripts.append(self.getpos()[0])
        self.handlers += [f"<{tag} {name}>" for name, _ in attrs if name.lower().startswith("on")]


def _directives(policy: str) -> dict[str, list[str]]:
    pairs = (part.split() for part in policy.split(";") if part.strip())
    return {words[0].lower(): words[1:] for words in pairs}


def _pages(site):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10
    return pages


def test_every_page_carries_a_strict_policy_and_no_inline_script(demo_build):
    _, site = demo_build
    for path in _pages(site):
        scan = _PageScan()
        scan.feed(path.read_text(encoding="utf-8"))
        name = path.relative_to(site).as_posix()
        assert len(scan.policies) == 1, f"{name}: expected one CSP <meta> in <head>"
        policy = _directives(scan.policies[0])
        assert policy.get("default-src") == ["'self'"], name
        scripts = policy.get("script-src", policy["default-src"])
        assert not {"'unsafe-inline'", "'unsafe-eval'", "data:", "*", "https:"} & set(scripts), name
        assert policy.get("object-src") == ["'none'"], name
        assert scan.inline_scripts == [], f"{name}: inline <script> on lines {scan.inline_scripts}"
        assert scan.handlers == [], f"{name}: inline event handlers {scan.handlers}"
        assert all(url.startswith("/") and not url.startswith("//") for url in scan.script_urls), name


def test_no_javascript_urls_anywhere_in_the_site(demo_build):
    _, site = demo_build
    for path in _pages(site):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"""(?:href|src|action)\s*=\s*["']?\s*(?:javascript|vbscript|data):""", text, re.I), path


@pytest.mark.browser
def test_the_directory_filter_works_under_the_policy_without_a_violation(demo_server, page):
    console, errors = [], []  # Chromium reports each CSP violation on the console ("Refused to …")
    page.on("console", lambda message: console.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    response = page.goto(demo_server + "/members/")
    assert response.ok
    filters = page.locator("form.filters")
    expect(filters).to_be_visible()  # the script unhides the form: it ran
    rows = page.locator("table.directory tr[data-stance]")
    total = rows.count()
    assert total > 3
    first_name = rows.first.locator("th").inner_text()
    filters.locator("input[name=q]").fill(first_name)
    expect(page.locator(".filter-count")).not_to_have_text(f"{total} shown")
    expect(rows.first).to_be_visible()
    assert not [text for text in console if "Content Security Policy" in text or "Refused to" in text], console
    assert errors == []
