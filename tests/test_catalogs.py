"""The message catalogs: every string a template, a script or the builder shows a visitor is in them, translated."""

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from conftest import MINIMAL_SITE, make_project
from microsite.check import check_site
from microsite.i18n import SHIPPED, Language
from microsite.messages import catalog_text, extract

ROOT = Path(__file__).resolve().parent.parent
TRANSLATED = ("fr", "es", "ar", "de")
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


@pytest.fixture(scope="module")
def extracted():
    return extract(ROOT)


def read(path: Path):
    with path.open("rb") as stream:
        return read_po(stream)


def test_messages_pot_is_what_the_sources_hold(extracted):
    """Fails when a template, script or module gained a message and `python build.py messages` was not run."""
    assert (SHIPPED / "messages.pot").read_bytes() == catalog_text(extracted), \
        "microsite/locale/messages.pot is out of date: run `python build.py messages`"


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_message_is_translated(extracted, code):
    catalog = read(SHIPPED / f"{code}.po")
    missing = []
    for message in extracted:
        if not message.id:
            continue
        found = catalog.get(message.id, message.context)
        forms = found.string if found is not None and isinstance(found.string, (list, tuple)) else \
            [found.string if found is not None else ""]
        if not all(forms) or (found is not None and found.fuzzy):
            missing.append(message.id)
    assert not missing, f"{code}.po lacks {len(missing)} translations, e.g. {missing[:5]}"


@pytest.mark.parametrize("code", TRANSLATED)
def test_translations_use_only_their_messages_placeholders(code):
    """A translation with a %(name)s its message does not have fails when the page is rendered. One may leave a
    value out where the language says it otherwise ("يومان", two days; a key's name the sentence need not repeat)."""
    for message in read(SHIPPED / f"{code}.po"):
        if not message.id or not message.string:
            continue
        ids = message.id if message.pluralizable else (message.id,)
        forms = message.string if message.pluralizable else (message.string,)
        allowed = set().union(*(PLACEHOLDER.findall(msgid) for msgid in ids))
        for form in forms:
            assert set(PLACEHOLDER.findall(form)) <= allowed, (code, message.id, form)


@pytest.mark.parametrize("code, forms", [("ar", 6), ("fr", 3), ("es", 3), ("de", 2)])
def test_catalogs_have_cldr_plural_forms(code, forms):
    assert read(SHIPPED / f"{code}.po").num_plurals == forms


@pytest.mark.parametrize("code, expected", [
    ("ar", {0: "0 يوم", 1: "يوم واحد", 2: "يومان", 3: "3 أيام", 11: "11 يومًا", 100: "100 يوم"}),
    ("fr", {0: "0 jour", 1: "1 jour", 2: "2 jours", 3: "3 jours", 11: "11 jours", 100: "100 jours"}),
])
def test_plurals_follow_cldr(code, expected):
    """Arabic's six forms (zero, one, two, few, many, other) and French's 0 and 1 singular, chosen by CLDR's rules
    both by the builder (gettext) and for the site's script (by CLDR category)."""
    language = Language(code)
    forms = language.plural_forms("%(num)s day", "%(num)s days")
    for count, text in expected.items():
        assert language.ngettext("%(num)s day", "%(num)s days", count) % {"num": count} == text
        assert forms[language.locale.plural_form(count)] % {"num": count} == text


def test_check_warns_about_the_messages_a_language_lacks(tmp_path):
    """A language the builder does not ship shows its untranslated messages in English: check says how many, and
    counts the campaign's own translations (content/locale/<language>.po) as done."""
    site_yml = MINIMAL_SITE.replace("language: en", "language: pt-BR")
    root = make_project(tmp_path / "pt", {"content/locale/pt-BR.po": PORTUGUESE}, site_yml=site_yml)
    (warning,) = [str(problem) for problem in check_site(root).problems]
    total = len([message for message in extract(root) if message.id])
    assert warning.startswith(f"content/site.yml:4:11: warning: {total - 1} interface messages have no Portuguese "
                              f"(Brazil) translation, so visitors read them in English: \"")
    assert '"Skip to content"' not in warning and "content/locale/pt-BR.po" in warning
    french = make_project(tmp_path / "fr", site_yml=MINIMAL_SITE.replace("language: en", "language: fr"))
    assert check_site(french).problems == []


PORTUGUESE = 'msgid "Skip to content"\nmsgstr "Pular para o conteúdo"\n'
