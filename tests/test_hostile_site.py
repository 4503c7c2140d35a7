"""A hostile fixture site, with script and markup in every field of every content type, renders inert: opened
page by page in Chromium with the CSP switched off (so only escaping protects), no dialog opens and no injected
element or handler exists. URLs that could run code are refused, mailto: links cannot gain headers, and the
CSV exports cannot start a formula."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import yaml

from conftest import MINIMAL_SITE, make_project, static_server
from microsite.cli import main


def hostile(label: str) -> str:
    """Text that runs script if it reaches the page unescaped, in element, attribute, JSON or template context."""
    return (f'{label} <script>alert("{label}")</script> "><img src=x data-pwned onerror=alert(1)> '
            f"'><svg data-pwned onload=alert(2)> </script><script>alert(3)</script> "
            f"<a data-pwned href=javascript:alert(4)>x</a> {{{{ 7*7 }}}} &amp; \u202e")


SITE = {
    "title": hostile("site-title"), "description": hostile("site-description"), "base_url": "https://example.org/",
    "language": "en", "author": hostile("site-author"), "ask": hostile("site-ask"), "hashtag": hostile("tag"),
    "safe_markdown": True,
    "deadline": {"date": "2030-11-21T10:00", "timezone": "Asia/Dubai", "event": hostile("deadline-event"),
                 "place": hostile("deadline-place")},
    "nav": [{"title": hostile("nav-title"), "link": "pages/why.md"}, {"title": hostile("nav-2"), "link": "/members/"}],
}
MEMBERS = {
    "list": {"title": hostile("list-title"), "country": "GB", "group_phrase": hostile("group-phrase")},
    "members": [
        {"id": "ada-example", "name": hostile("name"), "first_name": hostile("first"), "last_name": hostile("last"),
         "title": hostile("title"), "honorific": hostile("honorific"), "chamber": hostile("chamber"),
         "party": hostile("party"), "region": hostile("region"), "district": hostile("district"),
         "phone": "+44 20 7946 0958", "email": "o'ada+x@example.org",
         "contact_form": "https://example.org/contact?next=%22%3E%3Cscript%3Ealert(1)%3C/script%3E",
         "website": "https://example.org/'onmouseover='alert(1)'",
         "social": {"twitter": hostile("twitter"), "mastodon": hostile("mastodon"), "bluesky": "ada.example.org"},
         "offices": [{"name": hostile("office"), "address": hostile("address"), "phone": "+44 20 7946 0000"}],
         "position": {"stance": "undecided", "source": "https://example.org/source?'\u0022", "date": "2018-11-19"},
         "notes": hostile("notes")},
        {"id": "ben-sample", "name": '=HYPERLINK("https://evil.example.org","click")', "title": "@SUM(1+1)",
         "party": "+cmd|' /C calc'!A0", "region": "-2+3", "district": "\t=1+1", "email": "ben@example.org",
         "phone": "+44 20 7946 0959", "position": {"stance": "opposes"}},
    ],
}


def front_matter(data: dict, body: str) -> str:
    return "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\n" + body


BODY = (hostile("body") + "\n\n<script>alert('raw')</script>\n\n<img src=x data-pwned onerror=alert('raw')>\n\n"
        "[a link](https://example.org/\"onmouseover=\"alert(1)) and <https://example.org/?q=<b>>\n")
FILES = {
    "content/members/council.yml": yaml.safe_dump(MEMBERS, allow_unicode=True, sort_keys=False),
    "content/pages/index.md": front_matter({"title": hostile("home-title"), "summary": hostile("home-summary")}, BODY),
    "content/pages/why.md": front_matter(
        {"title": hostile("page-title"), "date": "2018-11-18", "summary": hostile("summary"),
         "author": hostile("author"), "published_in": hostile("published-in"),
         "canonical": "https://example.org/original?a='b'", "tags": [hostile("tag-1"), "plain"]}, BODY),
    "content/pages/by-member.md": front_matter({"title": "By a member", "author": "ada-example"}, BODY),
    "content/statements/joint.md": front_matter(
        {"title": hostile("statement-title"), "signatories": ["ada-example", "ben-sample"], "date": "2018-11-19",
         "dateline": hostile("dateline"), "headline": hostile("headline"), "dek": hostile("dek"),
         "group_phrase": hostile("statement-group"),
         "event": {"what": hostile("event-what"), "when": "2030-11-21", "timezone": "Asia/Dubai",
                   "where": hostile("event-where")}}, BODY),
    "content/actions/write.md": front_matter(
        {"title": hostile("action-title"), "kind": "email", "lists": ["council"],
         "subject": "Please act\r\nBcc: victim@example.org\r\n" + hostile("subject")},
        "Dear {{ member.honorific }} {{ member.last_name }},\n\n" + hostile("letter") + "\n&bcc=victim@example.org\n"),
    "content/actions/call.md": front_matter(
        {"title": hostile("call-title"), "kind": "call", "lists": ["council"]},
        "Hello {{ member.name }}, " + hostile("script") + "\n"),
}


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("hostile") / "project", FILES,
                        site_yml=yaml.safe_dump(SITE, allow_unicode=True, sort_keys=False))
    assert main(["build", "--project", str(root)]) == 0
    return root / "site"


@pytest.fixture(scope="module")
def hostile_server(hostile_site):
    with static_server(hostile_site) as origin:
        yield origin


def _html_pages(site: Path) -> list[str]:
    return sorted("/" + p.relative_to(site).as_posix().removesuffix("index.html") for p in site.rglob("*.html"))


INJECTED = """() => {
    const found = [];
    for (const element of document.querySelectorAll("*")) {
        if (element.hasAttribute("data-pwned")) found.push("injected <" + element.localName + ">");
        for (const attribute of element.attributes) {
            const value = attribute.value.replace(/[\\s\\u0000-\\u001f]/g, "").toLowerCase();
            if (attribute.name.startsWith("on")) found.push(element.localName + " " + attribute.name);
            if (["href", "src", "action", "formaction", "xlink:href"].includes(attribute.name)
                && /^(javascript|vbscript|data):/.test(value)) found.push(element.localName + " " + attribute.value);
        }
        if (element.localName === "script" && !element.src && element.type !== "application/ld+json")
            found.push("inline script: " + element.textContent.slice(0, 60));
    }
    return found;
}"""


@pytest.mark.browser
def test_every_page_of_the_hostile_site_is_inert_in_chromium(hostile_site, hostile_server, browser):
    context = browser.new_context(bypass_csp=True)  # the CSP is the second line of defence; test the first
    page = context.new_page()
    dialogs, errors = [], []
    page.on("dialog", lambda dialog: (dialogs.append(f"{page.url}: {dialog.message}"), dialog.dismiss()))
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
    paths = _html_pages(hostile_site)
    assert {"/", "/why/", "/members/ada-example/", "/statements/"} <= set(paths)
    try:
        for path in paths:
            response = page.goto(hostile_server + path)
            assert response.ok, path
            page.wait_for_load_state("load")
            assert page.evaluate(INJECTED) == [], path
            # Shown, as text: the site title is in every page's header.
            assert 'site-title <script>alert("site-title")</script>' in page.inner_text("body"), path
    finally:
        context.close()
    assert dialogs == [] and errors == []


def test_hostile_text_is_shown_as_text(hostile_site):
    """Escaped, not dropped: a campaigner sees exactly what they wrote (and can then fix it)."""
    member = (hostile_site / "members/ada-example/index.html").read_text(encoding="utf-8")
    assert "name &lt;script&gt;alert(" in member
    why = (hostile_site / "why/index.html").read_text(encoding="utf-8")
    assert "<p>&lt;script&gt;alert(" in why  # safe_markdown: raw HTML in the body is escaped too


def _mailto_links(site: Path) -> list[str]:
    import html
    import re

    links = []
    for path in site.rglob("*.html"):
        links += [html.unescape(href) for href in re.findall(r'href="(mailto:[^"]*)"', path.read_text("utf-8"))]
    return links


def test_mailto_links_cannot_gain_headers(hostile_site):
    links = _mailto_links(hostile_site)
    assert any("ada+x@example.org" in unquote(link) and "subject=" in link for link in links)
    for link in links:
        assert not any(c in link for c in "\r\n \"<>"), link  # everything outside the URL alphabet is encoded
        parts = urlsplit(link)
        address = unquote(parts.path)
        assert "\r" not in address and "\n" not in address, link
        fields = parse_qs(parts.query, keep_blank_values=True)
        assert set(fields) <= {"subject", "body"}, link
        assert all(len(values) == 1 for values in fields.values()), link
        for subject in fields.get("subject", []):
            assert "\r" not in subject and "\n" not in subject, link


def _csv_cells(site: Path) -> list[str]:
    exports = sorted(site.rglob("*.csv"))
    assert exports
    cells = []
    for export in exports:
        cells += [cell for row in csv.reader(io.StringIO(export.read_text("utf-8"), newline="")) for cell in row]
    return cells


def test_csv_exports_cannot_start_a_formula(hostile_site):
    cells = _csv_cells(hostile_site)
    assert any("HYPERLINK" in cell for cell in cells)
    assert [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")] == []


SCRIPT_URLS = ["javascript:alert(1)", " JaVaScRiPt:alert(1)", "java\tscript:alert(1)", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
               "vbscript:msgbox(1)"]


@pytest.mark.parametrize("url", SCRIPT_URLS)
@pytest.mark.parametrize("field", ["member website", "member contact_form", "member photo", "position source",
                                   "page canonical", "site repository", "nav link", "markdown link"])
def test_script_urls_are_refused_in_every_url_field(tmp_path, capsys, field, url):
    member = {"id": "ada-example", "name": "Ada Example"}
    files: dict[str, str] = {}
    site = MINIMAL_SITE
    if field.startswith("member ") or field == "position source":
        key = field.removeprefix("member ")
        member.update({"position": {"stance": "supports", "source": url}} if key == "position source" else {key: url})
    elif field == "page canonical":
        files["content/pages/why.md"] = front_matter({"title": "Why", "canonical": url}, "Text.\n")
    elif field == "site repository":
        site += yaml.safe_dump({"repository": url})
    elif field == "nav link":
        site += yaml.safe_dump({"nav": [{"title": "Go", "link": url}]})
    else:
        files["content/pages/why.md"] = front_matter({"title": "Why"}, f"[go](<{url}>)\n")
    files["content/members/council.yml"] = yaml.safe_dump({"list": {"title": "Council"}, "members": [member]})
    root = make_project(tmp_path / "project", files, site_yml=site)
    capsys.readouterr()
    assert main(["build", "--project", str(root)]) == 1
    err = capsys.readouterr().err
    assert ": error: " in err and "Traceback" not in err
    assert not (root / "site").exists()


@pytest.mark.parametrize("email", ["ada@example.org?bcc=victim@example.org", "ada@example.org?cc=x",
                                   "ada%0D%0ABcc:victim@example.org", "ada@example.org\r\nBcc: victim@example.org",
                                   "ada@example.org&body=x"])
def test_email_addresses_that_would_add_mail_headers_are_refused(tmp_path, capsys, email):
    members = {"list": {"title": "Council"}, "members": [{"id": "ada-example", "name": "Ada Example", "email": email}]}
    root = make_project(tmp_path / "project", {"content/members/council.yml": yaml.safe_dump(members)})
    capsys.readouterr()
    assert main(["build", "--project", str(root)]) == 1
    err = capsys.readouterr().err
    assert "content/members/council.yml:4:" in err and "email" in err and "Traceback" not in err


@pytest.mark.parametrize("safe, expected", [
    (False, '<aside class="note">Trusted <em>raw</em> HTML</aside>'),
    (True, "&gt;Trusted &lt;em&gt;raw&lt;/em&gt; HTML&lt;/aside&gt;"),
])
def test_raw_html_in_markdown_is_kept_by_default_and_escaped_with_safe_markdown(tmp_path, safe, expected):
    body = 'Intro.\n\n<aside class="note">Trusted <em>raw</em> HTML</aside>\n\nInline <span>span</span>.\n'
    site = MINIMAL_SITE + f"safe_markdown: {'true' if safe else 'false'}\n"
    root = make_project(tmp_path / "project", {"content/pages/why.md": front_matter({"title": "Why"}, body)},
                        site_yml=site)
    assert main(["build", "--project", str(root)]) == 0
    html = (root / "site/why/index.html").read_text(encoding="utf-8")
    assert expected in html
    assert ("<span>span</span>" in html) is not safe
