"""The words of the site's scripts: every one in the catalogs, and a page carries those of its language beside the
script in a JSON block (an English page needs none: the scripts' messages are English)."""

from __future__ import annotations

import json
import re

from babel.messages.extract import DEFAULT_KEYWORDS, extract
from babel.messages.pofile import read_po

from conftest import MINIMAL_SITE, ROOT, built, make_project

LOCALE = ROOT / "microsite" / "locale"
ARABIC_CATEGORIES = ["zero", "one", "two", "few", "many", "other"]  # msgstr[0..5], in gettext's order


def catalog(name: str):
    with (LOCALE / name).open("rb") as stream:
        return read_po(stream)


def script_messages(script: str) -> list:
    """The messages messages.pot has from `script` (`python build.py messages` reads them from its gettext calls)."""
    return [m for m in catalog("messages.pot") if m.id and (f"assets/{script}", None) in m.locations]


def forms(message) -> tuple:
    return tuple(message.string) if isinstance(message.string, (list, tuple)) else (message.string,)


def json_block(html: str, script: str) -> dict:
    found = re.findall(rf'<script type="application/json" data-messages="{script}">(.*?)</script>', html, re.S)
    assert len(found) == 1, f"one block for {script}"
    return json.loads(found[0])


def test_every_message_of_the_scripts_is_in_the_catalogs_and_translated():
    in_scripts = set()
    for script in sorted((ROOT / "assets").glob("*.js")):
        with script.open("rb") as stream:
            in_scripts |= {(m, c) for _, m, _, c in extract("javascript", stream, keywords=DEFAULT_KEYWORDS)}
    assert {("Link copied.", None), ("One seat is vacant.", None)} <= in_scripts
    template = catalog("messages.pot")
    assert [m for m, c in in_scripts if template.get(m, c) is None] == [], "run: python build.py messages"
    for code in ("fr", "es", "ar", "de"):
        translations = catalog(f"{code}.po")
        untranslated = [m for m, c in in_scripts if not all(forms(translations.get(m, c)))]
        assert untranslated == [], code


def test_an_arabic_page_carries_exactly_the_scripts_messages_in_arabic_with_six_plural_forms(tmp_path):
    root = make_project(tmp_path / "ar", site_yml=MINIMAL_SITE.replace("language: en", "language: ar"))
    html = (built(root)[1] / "index.html").read_text()
    block = json_block(html, "site.js")
    arabic = catalog("ar.po")
    expected = {}
    for message in script_messages("site.js"):
        text = arabic.get(message.id, message.context).string
        if isinstance(message.id, tuple):
            expected[message.id[0]] = dict(zip(ARABIC_CATEGORIES, text))
        else:
            expected[f"{message.context}\x04{message.id}" if message.context else message.id] = text
    assert block == expected
    assert block["%(num)s day"]["two"] == "يومان"
    assert "data-messages" not in html.split("</head>")[1], "the home page has no lookup here, so no lookup words"


def test_an_english_page_has_no_block(project):
    html = (built(project)[1] / "index.html").read_text()
    assert "data-messages" not in html
