"""Members, directory, statements and pages in the site's language: their labels come from the catalogs, the
members' own data stays as written, and counts take the language's plural forms (Arabic's six)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from conftest import make_project
from english import english_left, english_words, visible_text
from microsite.filters import stance_count, tally_text
from microsite.i18n import Language
from microsite.pipeline import BuildOptions, build
from microsite.render_signers import count_text

# The files whose visitor-facing words this test covers (their messages are taken from messages.pot).
COVERED = {f"templates/{name}.html" for name in ("directory", "member", "_tally", "page", "statements", "statement",
                                                  "_lookup")}
COVERED |= {f"microsite/{name}.py" for name in ("filters", "render_members", "render_signers", "render_lookups",
                                                 "vcard", "render_statements")}
PAGES = {"directory": "members/index.html", "member": "members/ana-ruiz/index.html",
         "statements": "statements/index.html", "statement": "statements/coalicion/index.html",
         "page": "about/index.html"}

# Fictional people, example.org addresses, 555 numbers; names and data as a Spanish or Arabic campaign writes them.
SITE = """\
title: Campaña de prueba
description: Una campaña ficticia.
base_url: https://example.org/
language: {language}
"""
MEMBERS = """\
list:
  title: Asamblea de Ejemplo
members:
  - id: ana-ruiz
    name: Ana Ruiz
    last_name: Ruiz
    title: Diputada
    party: Partido Azul
    region: Norte
    district: "5"
    phone: "+1 202-555-0101"
    email: ana.ruiz@example.org
    website: https://ruiz.example.org/
    social: {twitter: anaruiz}
    offices:
      - {name: Oficina del Norte, address: "Calle Mayor 1", phone: "+1 202-555-0102", hours: "9–17"}
    position: {stance: supports, source: https://example.org/ruiz, date: 2018-11-19}
    verified: 2018-11-01
  - {id: luis-gil, name: Luis Gil, title: Diputado, party: Partido Verde, region: Sur,
     contact_form: https://gil.example.org/contacto, position: {stance: opposes}}
  - {id: eva-sol, name: Eva Sol, title: Diputada, party: Partido Verde, district: "7", position: {stance: undecided}}
  - {id: pio-paz, name: Pío Paz, title: Diputado, party: Partido Azul, region: Sur}
"""
LETTER = "---\ntitle: Escriba a su diputado\nkind: email\nsubject: Sobre la votación\n---\nEstimado {{ member.name }}:\n"
CALL = "---\ntitle: Llame a su diputado\nkind: call\n---\nHola, llamo por la votación.\n"
STATEMENT = """\
---
title: Declaración sobre la votación
headline: Piden un voto informado
signatories: [ana-ruiz, luis-gil]
date: 2018-11-19
dateline: MADRID
group_signers_by: country
event: {when: 2018-11-21T10:00, timezone: Europe/Madrid, where: Madrid}
---

Los miembros piden un voto informado.
"""
SIGNERS = "name,country,type,url\nRed del Puerto,Noruega,,https://red.example.org/\nAsociación Lince,,,\n" \
          "Unión Faro,Alemania,,\n"
PAGE = "---\ntitle: Acerca de\nauthor: ana-ruiz\npublished_in: Diario de Ejemplo\ndate: 2018-11-20\n" \
       "tags: [votación, reforma]\n---\n\nUn texto.\n"


@pytest.fixture(scope="module", params=["es", "ar"])
def site(request, tmp_path_factory):
    """One project built per language: its pages' visible text by name, and the Language."""
    root = tmp_path_factory.mktemp(f"i18n-{request.param}")
    project = make_project(root / "project", {
        "content/members/asamblea.yml": MEMBERS, "content/actions/carta.md": LETTER, "content/actions/llamada.md": CALL,
        "content/statements/coalicion.md": STATEMENT, "content/statements/coalicion.signers.csv": SIGNERS,
        "content/pages/about.md": PAGE}, site_yml=SITE.format(language=request.param))
    result = build(project, BuildOptions(out=root / "site"))
    assert not result.report.errors, "\n".join(map(str, result.report.errors))
    # Of <main> only: around it are base.html's header and footer, which other templates fill
    pages = {name: visible_text((root / "site" / path).read_text(encoding="utf-8"), main_only=True)
             for name, path in PAGES.items()}
    return SimpleNamespace(pages=pages, language=Language(request.param))


def test_no_english_word_of_these_templates_is_left(site):
    covered = frozenset(COVERED)
    # the check can fail
    assert {"Who decides", "Save contact (vCard)", "Signed by", "Supports"} <= english_words(site.language.code, covered)
    for name, text in site.pages.items():
        assert english_left(text, site.language.code, covered) == set(), name


def test_directory_has_translated_headers_and_keeps_the_members_data(site):
    text = site.pages["directory"]
    gettext, pgettext = site.language.gettext, site.language.pgettext
    for label in (gettext("Who decides"), gettext("Party"), gettext("Stance"), gettext("No region"),
                  pgettext("stance", "Opposes"), pgettext("members", "All")):
        assert label in text
    assert tally_text(site.language, [SimpleNamespace(position=SimpleNamespace(stance=s))
                                      for s in ("supports", "opposes", "undecided", "unknown")]) in text
    assert "Partido Azul" in text and "Norte" in text and "Ana Ruiz" in text


def test_member_page_labels_follow_the_language(site):
    language, text = site.language, site.pages["member"]
    for label in (language.gettext("Call %(number)s") % {"number": "(202) 555-0101"},
                  language.gettext("Save contact (vCard)"), language.gettext("Write in Gmail"),
                  language.gettext("Open %(hours)s") % {"hours": "9–17"},
                  language.gettext("%(region)s, district %(district)s") % {"region": "Norte", "district": "5"}):
        assert label in text
    assert "Diputada" in text and "Oficina del Norte" in text


def test_statements_list_and_statement_page(site):
    language = site.language
    assert language.gettext("Statements") in site.pages["statements"]
    text = site.pages["statement"]
    for label in (language.gettext("Signed by"), count_text(3, language), language.gettext("Country not given"),
                  language.gettext("The event"), language.gettext("Add to calendar")):
        assert label in text


ARABIC_OPPOSE = {0: "لا معارضين", 1: "معارض واحد", 2: "معارضان", 3: "3 معارضين", 11: "11 معارضًا", 100: "100 معارض"}


def test_arabic_counts_take_all_six_plural_forms():
    arabic = Language("ar")
    assert {count: stance_count(arabic, "opposes", count) for count in ARABIC_OPPOSE} == ARABIC_OPPOSE
    for stance in ("supports", "undecided", "unknown"):
        assert len({stance_count(arabic, stance, count) for count in ARABIC_OPPOSE}) == 6
    assert [count_text(count, arabic) for count in (1, 2, 3, 11, 100)] == [
        "وقّعت منظمة واحدة", "وقّعت منظمتان", "وقّعت 3 منظمات", "وقّعت 11 منظمة", "وقّعت 100 منظمة"]


def test_english_scoreboard_is_unchanged():
    members = [SimpleNamespace(position=SimpleNamespace(stance=s)) for s in ("opposes",) * 12 + ("supports",)]
    assert tally_text(Language("en"), members) == "1 support · 12 oppose"
    assert count_text(1, Language("en")) == "1 organisation has signed"
