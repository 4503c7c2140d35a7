"""A statement built in French or German: its opening line, title, event, plain text, calendar file and feed entry
are written in the site's language, with CLDR's dates and list patterns, and none of the builder's English."""

import html
import re

import icalendar
import pytest

from conftest import built, make_project
from english import english_left, english_words

# Fictional members: example.org addresses and 555 numbers only.
CAUCUS = """\
list:
  title: Example Caucus
  country: US
members:
  - {id: doe, name: Jane Doe, last_name: Doe, title: Senator, party: Democratic, region: CA,
     email: jane.doe@example.org, phone: "+1 202-555-0101"}
  - {id: roe, name: John Roe, last_name: Roe, title: Senator, party: Republican, region: TX}
  - {id: poe, name: Ann Poe, last_name: Poe, title: Representative, party: Independent, region: VT}
"""
SIGNERS = "name,country\nHarbourside Rights Network,Norway\nFjord Legal Aid,\n"
STATEMENT = """\
---
signatories: [doe, roe, poe]
date: 2018-11-19
dateline: WASHINGTON
headline: {headline}
group_phrase: {group}
group_signers_by: country
event:
  what: Interpol
  when: 2018-11-21T10:00
  timezone: Asia/Dubai
  where: Dubai
---

Interpol.
"""
SITE = """\
title: Interpol
description: Interpol.
base_url: https://example.org/
language: {language}
country: US
"""
LANGUAGES = {
    "fr": {"headline": "appellent Interpol à la réforme", "group": "membres du groupe Exemple", "site": "",
           "title": "Doe, Roe et Poe appellent Interpol à la réforme",
           # a US member outside English: party initial and postal code, no English title
           "line": "WASHINGTON – 19 novembre 2018 – Jane Doe (D-CA), John Roe (R-TX) et Ann Poe (I-VT), membres "
                   "du groupe Exemple, ont publié la déclaration commune suivante :",
           "event": "mercredi 21 novembre 2018, 10:00 (heure de Dubaï, UTC+4)",
           "signers": ["2 organisations ont signé :", "Pays non précisé"]},
    "de": {"headline": "fordern Reformen bei Interpol", "group": "Mitglieder der Beispielgruppe",
           "site": 'signatory_format: {de: "{name} ({party})"}\n',
           "title": "Doe, Roe und Poe fordern Reformen bei Interpol",
           # site.yml's signatory_format for German names every member
           "line": "WASHINGTON – 19. November 2018 – Jane Doe (Democratic), John Roe (Republican) und Ann Poe "
                   "(Independent), Mitglieder der Beispielgruppe, haben die folgende gemeinsame Erklärung "
                   "abgegeben:",
           "event": "Mittwoch, 21. November 2018, 10:00 Uhr Ortszeit Dubai (UTC+4)",
           "signers": ["2 Organisationen haben unterzeichnet:", "Land nicht angegeben"]},
}
# The builder's own statement wording (these files' messages in the catalog)
OWN_SOURCES = frozenset(("microsite/pressrelease.py", "microsite/render_statements.py", "microsite/render_signers.py",
                         "microsite/filters.py"))


@pytest.fixture(scope="module", params=sorted(LANGUAGES))
def statement_site(request, tmp_path_factory):
    code = request.param
    words = LANGUAGES[code]
    project = make_project(tmp_path_factory.mktemp(code), {
        "content/members/caucus.yml": CAUCUS,
        "content/statements/caucus.md": STATEMENT.format(**words),
        "content/statements/caucus.signers.csv": SIGNERS,
    }, site_yml=SITE.format(language=code) + words["site"])
    _, site = built(project)
    return code, words, site


def flowed(text):
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


def test_the_opening_line_title_and_event_are_in_the_language(statement_site):
    code, words, site = statement_site
    page = (site / "statements/caucus/index.html").read_text()
    text = flowed(page)
    assert f"<h1>{html.escape(words['title'], quote=False)}</h1>" in page
    assert words["line"] in text
    assert words["event"] in text
    assert f'"inLanguage": "{code}"' in page


def test_the_plain_text_and_the_calendar_file_are_in_the_language(statement_site):
    code, words, site = statement_site
    text = (site / "statements/caucus.txt").read_text()
    assert text.startswith(words["title"] + "\n")
    assert words["line"] in flowed(text)
    assert words["event"] in flowed(text)
    for line in words["signers"]:
        assert line in text
    event = icalendar.Calendar.from_ical((site / "statements/caucus.ics").read_bytes()).walk("VEVENT")[0]
    assert str(event["DESCRIPTION"]) == words["title"]
    feed = flowed(html.unescape((site / "feed.xml").read_text()))  # the entry's HTML is escaped inside the XML
    assert words["title"] in feed
    assert words["line"] in feed

    # (the page's own template words are the templates' business, tested with them)
    outputs = "\n".join((text, str(event["SUMMARY"]), str(event["DESCRIPTION"]), feed))
    assert english_words(code, OWN_SOURCES), "the catalog has none of the statement's messages"
    english = english_left(outputs, code, OWN_SOURCES)
    assert not english, f"English left in the {code} statement: {english}"
