"""A whole campaign built in each shipped language: not one of the builder's English words on any page, text,
calendar, contact card or feed a visitor gets. Only the campaign's own words and the members' data stay as written
(here: Spanish content and fictional people, so any English found is the builder's)."""

from __future__ import annotations

import json
import re

import icalendar
import pytest

from conftest import make_project
from english import english_left, english_words, visible_text
from microsite.pipeline import BuildOptions, build
from test_i18n_members import CALL, LETTER, MEMBERS, PAGE, SIGNERS, STATEMENT

SHIPPED_LANGUAGES = ("fr", "es", "ar", "de")
SITE = """\
title: Campaña de prueba
description: Una campaña ficticia.
base_url: https://example.org/
language: {language}
hashtag: Votación
repository: https://github.com/example/campana
ask: Voten con cuidado
deadline: {{date: "2018-11-21T10:00", timezone: Asia/Dubai, event: Votación, place: Dubái}}
lookups:
  codigos.csv: {{lists: [asamblea], key_name: código, normalise: alphanumeric}}
"""
# A fictional key → region table for the "find your members" form
CODES = "key,region,district\n1000,Norte,5\n2000,Sur,\n3000,Norte,7\n"
# A footnote: Markdown's link back to where it is cited has a title
HOME = "---\ntitle: Inicio\n---\n\nUn texto de la campaña.[^1]\n\n[^1]: Una nota.\n"
MOVED = "---\ntitle: Razones\ndate: 2018-11-02\naliases: [/antes/]\n---\n\nPorque sí.\n"
# What a visitor reads that is not HTML (calendar files: below)
TEXT_FILES = ("*.txt", "*.vcf", "feed.xml")
# What a calendar app shows of an event (its PRODID and time zone rules are for the app)
EVENT_TEXT = ("SUMMARY", "DESCRIPTION", "LOCATION")


@pytest.fixture(scope="module", params=SHIPPED_LANGUAGES)
def whole_site(request, tmp_path_factory):
    root = tmp_path_factory.mktemp(f"whole-{request.param}")
    project = make_project(root / "project", {
        "content/pages/index.md": HOME, "content/pages/about.md": PAGE, "content/pages/razones.md": MOVED,
        "content/members/asamblea.yml": MEMBERS, "content/actions/carta.md": LETTER,
        "content/actions/llamada.md": CALL, "content/statements/coalicion.md": STATEMENT,
        "content/statements/coalicion.signers.csv": SIGNERS, "content/lookups/codigos.csv": CODES,
    }, site_yml=SITE.format(language=request.param))
    result = build(project, BuildOptions(out=root / "site"))
    assert not result.report.errors, "\n".join(map(str, result.report.errors))
    return request.param, root / "site"


def script_messages(page: str) -> str:
    """The texts a page hands its scripts (the JSON blocks), which the visitor reads once a script shows them."""
    texts = []
    for block in re.findall(r'<script type="application/json"[^>]*>(.*?)</script>', page, re.S):
        texts += [value for value in _strings(json.loads(block))]
    return "\n".join(texts)


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def readable(site) -> dict[str, str]:
    """Every file a visitor reads, by name: the words of each page and the text of the rest."""
    words = {}
    for path in sorted(site.rglob("*.html")):
        page = path.read_text(encoding="utf-8")
        words[str(path.relative_to(site))] = visible_text(page) + "\n" + script_messages(page)
    for pattern in TEXT_FILES:
        for path in sorted(site.rglob(pattern)):
            words[str(path.relative_to(site))] = re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8"))
    for path in sorted(site.rglob("lookups/*/*.json")):  # the lookup's result cards, drawn by lookup.js
        shard = json.loads(path.read_text(encoding="utf-8"))
        for card in shard["cards"].values():
            del card["s"]  # the stance's code: lookup.js shows the page's word for it
        words[str(path.relative_to(site))] = "\n".join(_strings(shard))
    for path in sorted(site.rglob("*.ics")):
        events = icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")
        words[str(path.relative_to(site))] = "\n".join(str(event[key]) for event in events for key in EVENT_TEXT
                                                       if key in event)
    return words


def test_the_check_finds_the_builders_english():
    assert {"Who decides", "Save contact (vCard)", "Skip to content", "The vote is on"} <= english_words("fr")


def test_no_english_word_of_the_builder_on_any_file_a_visitor_reads(whole_site):
    code, site = whole_site
    files = readable(site)
    assert {"index.html", "members/index.html", "members/ana-ruiz/index.html", "statements/coalicion/index.html",
            "statements/coalicion.txt", "statements/coalicion.ics", "deadline.ics", "404.html", "antes/index.html",
            "flyer/index.html", "spread/index.html", "feed.xml", "lookups/codigos/1.json"} <= set(files)
    left = {name: sorted(english_left(text, code)) for name, text in files.items()}
    assert {name: words for name, words in left.items() if words} == {}
