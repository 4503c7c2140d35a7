"""Sites in several languages: each language's URLs, the switcher, hreflang alternates, feeds, and the errors of a
translation that has no original or names a language the site does not have."""

import re
from pathlib import Path

import pytest

from conftest import MINIMAL_SITE, ROOT, built, make_project, write_files
from microsite.errors import Report
from microsite.load import load_site
from microsite.pipeline import BuildOptions, build
from test_visitor_pages import sitemap_files

SITE = """\
title: Example Campaign
description: A fictional campaign for tests.
base_url: https://example.org/
language: en
languages: [fr, ar]
country: US
ask: Vote no.
deadline: {date: 2018-11-21T10:00, timezone: Asia/Dubai, event: The vote, place: Dubai}
nav:
  - {title: Take action, link: pages/take-action.md}
  - {title: Members, link: /members/}
translations:
  fr:
    title: Campagne exemple
    description: Une campagne fictive pour les tests.
    ask: Votez non.
    nav:
      - {title: Agir, link: pages/take-action.md}
      - {title: Membres, link: /members/}
    deadline: {event: Le vote, place: Dubaï}
  ar:
    title: حملة مثال
"""

STATEMENT = """\
---
signatories: [jane-doe]
date: 2018-11-19
dateline: WASHINGTON
headline: Warn Against the Candidate
event: {what: The vote, when: 2018-11-21T10:00, timezone: Asia/Dubai, where: Dubai}
---

We urge a vote against.
"""

FILES = {
    "content/site.yml": SITE,
    "content/pages/index.fr.md": "---\ntitle: Accueil\n---\n\nBienvenue. [Agir](take-action.md)\n",
    "content/pages/take-action.md": "---\ntitle: Take action\ndate: 2018-11-18\n---\n\nCall now.\n",
    "content/pages/take-action.fr.md": "---\ntitle: Agir\ndate: 2018-11-18\nslug: agir\n---\n\nAppelez.\n",
    "content/pages/take-action.ar.md": "---\ntitle: تحرّك\ndate: 2018-11-18\n---\n\nاتصل الآن.\n",
    "content/pages/why.md": "---\ntitle: Why\ndate: 2018-11-17\n---\n\nBecause.\n",
    "content/statements/2018-11-19-warning.md": STATEMENT,
    "content/statements/2018-11-19-warning.fr.md":
        "---\nheadline: mettent en garde contre le candidat\nevent: {what: Le vote, where: Dubaï}\n---\n\n"
        "Nous appelons.\n",
    "content/lookups/postcodes.csv": "key,region\n39201,MS\n",
    "content/actions/letter.md": "---\ntitle: Write to them\nsubject: Please vote no\n---\nDear {{ member.name }},\n",
    "content/actions/letter.fr.md": "---\ntitle: Écrivez-leur\nsubject: Votez non\n---\nMadame, Monsieur,\n",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The multilingual project built once: the output folder."""
    members = {"content/members/commission.yml": (ROOT / "tests/fixtures/members/commission.yml").read_text()}
    return built(make_project(tmp_path_factory.mktemp("multi") / "project", FILES | members, SITE))[1]


def read(site: Path, name: str) -> str:
    return (site / name).read_text(encoding="utf-8")


def alternates(html: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))


def switcher(html: str) -> list[tuple[str, ...]]:
    """(href, lang, hreflang, rest of the tag, name) of each link of the language switcher."""
    nav = re.search(r'<nav class="languages".*?</nav>', html, re.S).group(0)
    return re.findall(r'<a href="([^"]+)" lang="([^"]+)" hreflang="([^"]+)"([^>]*)>([^<]+)</a>', nav)


def test_each_language_has_its_addresses_and_the_default_keeps_todays(site):
    for name in ("index.html", "take-action/index.html", "why/index.html", "members/jane-doe/index.html",
                 "statements/2018-11-19-warning/index.html", "feed.xml",
                 "fr/index.html", "fr/agir/index.html", "fr/members/index.html", "fr/members/jane-doe/index.html",
                 "fr/lists/commission/index.html", "fr/statements/index.html",
                 "fr/statements/2018-11-19-warning/index.html", "fr/statements/2018-11-19-warning.txt",
                 "fr/feed.xml", "fr/spread/index.html",
                 "ar/index.html", "ar/take-action/index.html", "ar/members/index.html", "ar/feed.xml"):
        assert (site / name).is_file(), name
    # No translation, no version; member data, calendars and the 404 page exist once.
    for name in ("fr/why", "ar/why", "ar/statements/2018-11-19-warning", "fr/take-action", "fr/404.html",
                 "fr/members/jane-doe.vcf", "fr/members.csv"):
        assert not (site / name).exists(), name
    assert (site / "members/jane-doe.vcf").is_file() and (site / "deadline.ics").is_file()


def test_a_page_reads_in_its_language_with_the_settings_and_links_of_that_language(site):
    french = read(site, "fr/index.html")
    assert '<html lang="fr" dir="ltr">' in french
    assert "<title>Campagne exemple</title>" in french and "Bienvenue." in french
    assert '<a href="/fr/agir/">Agir</a>' in french  # the Markdown link and the nav go to the French version
    assert 'href="/fr/members/">Membres</a>' in french and 'class="brand" href="/fr/"' in french
    assert "Votez non." in read(site, "fr/members/index.html") and "Vote no." in read(site, "members/index.html")
    # The Arabic home has no index.ar.md: the home without its text, the site's title in Arabic, right to left.
    arabic = read(site, "ar/index.html")
    assert '<html lang="ar" dir="rtl">' in arabic and "<title>حملة مثال</title>" in arabic
    assert "Welcome." not in arabic
    assert '<html lang="ar" dir="rtl">' in read(site, "ar/take-action/index.html")
    assert '<html lang="en" dir="ltr">' in read(site, "take-action/index.html")


def test_the_parts_every_page_of_a_language_shares_are_in_that_language(site):
    """The deadline bar, the head's feed link and script words and the footer are rendered once per language
    (base.html: per_language): each page has its own language's, not the first built page's."""
    english, french, arabic = (read(site, name) for name in ("take-action/index.html", "fr/agir/index.html",
                                                              "ar/take-action/index.html"))
    assert 'aria-label="Deadline"' in english and "Took place</span>: The vote" in english
    assert "A eu lieu</span>" in french and "à 10:00 (heure de Dubaï, UTC+4)</time>, Dubaï" in french
    assert "انتهى</span>" in arabic
    assert 'title="Example Campaign" href="/feed.xml"' in english and 'href="/fr/feed.xml"' in french
    assert 'data-messages="site.js">' not in english and "Il reste %(larger)s" in french
    assert '<p><a href="/feed.xml">Atom feed</a> · <a href="/spread/">Spread the word</a></p>' in english
    assert "<p>Une campagne fictive pour les tests.</p>" in french
    assert '<a href="/fr/feed.xml">Flux Atom</a> · <a href="/fr/spread/">Faites passer le mot</a>' in french
    assert '<a href="/ar/feed.xml">خلاصة Atom</a>' in arabic


def test_the_switcher_links_each_language_in_its_own_name(site):
    links = switcher(read(site, "fr/agir/index.html"))
    assert [(href, lang, hreflang, name) for href, lang, hreflang, _, name in links] == [
        ("/take-action/", "en", "en", "English"), ("/fr/agir/", "fr", "fr", "français"),
        ("/ar/take-action/", "ar", "ar", "العربية")]
    assert [("aria-current" in rest) for _, _, _, rest, _ in links] == [False, True, False]
    assert 'dir="rtl"' in links[2][3]
    # No French version of "why": the switcher leads to the French home page, and no alternate claims one.
    why = read(site, "why/index.html")
    assert [href for href, *_ in switcher(why)] == ["/why/", "/fr/", "/ar/"]
    assert alternates(why) == {"en": "https://example.org/why/", "x-default": "https://example.org/why/"}


def assert_alternates_are_reciprocal(site: Path, default: str = "en") -> int:
    """Every page of the sitemap names its versions (itself, each translation, x-default the default language's), each
    of them is in the build and names the same versions back; returns how many pages were checked."""
    pages = list(sitemap_files(site).values())
    for path in pages:
        html = path.read_text(encoding="utf-8")
        own = alternates(html)
        canonical = re.search(r'<link rel="canonical" href="([^"]+)">', html).group(1)
        lang = re.search(r'<html lang="([^"]+)"', html).group(1)
        assert own.get(lang) == canonical, path  # the page lists itself
        assert own["x-default"] == own[default], path
        for code, url in own.items():
            other = site / url.removeprefix("https://example.org/") / "index.html"
            assert other.is_file(), f"{path} → {url}: not in the build"
            assert alternates(other.read_text(encoding="utf-8")) == own, f"{path} → {url}"
    return len(pages)


def test_hreflang_alternates_are_reciprocal_on_every_page(site):
    assert assert_alternates_are_reciprocal(site) >= 25


def test_hreflang_alternates_are_reciprocal_on_every_page_of_the_demo(demo_build):
    _, site = demo_build
    assert assert_alternates_are_reciprocal(site) > 150
    # The demo's home page has a version in each of its languages.
    assert set(alternates(read(site, "ar/index.html"))) == {"en", "fr", "es", "ar", "x-default"}


def test_og_locale_names_the_page_and_its_other_versions(site):
    html = read(site, "fr/agir/index.html")
    assert '<meta property="og:locale" content="fr_FR">' in html
    assert re.findall(r'og:locale:alternate" content="([^"]+)"', html) == ["en_US", "ar_EG"]
    assert "og:locale:alternate" not in read(site, "404.html")


def test_the_sitemap_lists_each_addresses_versions(site):
    sitemap = read(site, "sitemap.xml")
    assert 'xmlns:xhtml="http://www.w3.org/1999/xhtml"' in sitemap
    entry = re.search(r"<url><loc>https://example.org/fr/agir/</loc>.*?</url>", sitemap).group(0)
    links = dict(re.findall(r'<xhtml:link rel="alternate" hreflang="([^"]+)" href="([^"]+)"/>', entry))
    assert links == {"en": "https://example.org/take-action/", "fr": "https://example.org/fr/agir/",
                     "ar": "https://example.org/ar/take-action/", "x-default": "https://example.org/take-action/"}
    assert "<loc>https://example.org/ar/members/jane-doe/</loc>" in sitemap


def test_one_feed_per_language_with_that_languages_entries(site):
    french = read(site, "fr/feed.xml")
    assert 'xml:lang="fr"' in french and "<title>Campagne exemple</title>" in french
    ids = re.findall(r"<id>(https://example.org/[^<]*)</id>", french)
    assert ids[1:] == ["https://example.org/fr/statements/2018-11-19-warning/", "https://example.org/fr/agir/"]
    english = read(site, "feed.xml")
    assert "/fr/" not in english and "/ar/" not in english and "<title>Why</title>" in english
    assert re.findall(r"<entry>\s*<title>([^<]+)", read(site, "ar/feed.xml")) == ["تحرّك"]
    assert 'href="/fr/feed.xml"' in read(site, "fr/agir/index.html")


def test_a_translated_statement_keeps_its_originals_signatories_date_and_event_time(site):
    html = read(site, "fr/statements/2018-11-19-warning/index.html")
    assert "Doe mettent en garde contre le candidat" in html and "Jane Doe" in html
    assert "2018-11-21T10:00:00+04:00" in html and "Dubaï" in html
    assert 'href="/fr/statements/2018-11-19-warning.ics"' in html  # the event's calendar in French
    # The share card is drawn in French (cards.card_text), and its alt text says what it shows.
    alt = "Doe mettent en garde contre le candidat · Campagne exemple"
    assert f'<meta property="og:image:alt" content="{alt}">' in html
    assert "Doe mettent en garde" in read(site, "fr/statements/index.html")
    assert "Doe mettent en garde" in read(site, "fr/members/jane-doe/index.html")


def test_the_lookup_forms_answers_link_to_the_member_pages_of_the_pages_language(site):
    assert 'data-member-url="/fr/members/{id}/"' in read(site, "fr/index.html")
    assert 'data-member-url="/members/{id}/"' in read(site, "index.html")


def test_a_member_page_offers_the_action_in_its_language(site):
    assert "Écrivez-leur" in read(site, "fr/members/jane-doe/index.html")
    english = read(site, "members/jane-doe/index.html")
    assert "Write to them" in english and "Écrivez-leur" not in english
    assert "Write to them" in read(site, "ar/members/jane-doe/index.html")  # no Arabic version: the original


def problems_of(tmp_path, files: dict[str, str]) -> list[str]:
    project = make_project(tmp_path / "project", files, SITE)
    report = Report()
    load_site(project, report)
    return [str(p) for p in report.problems]


def test_a_translation_whose_original_is_gone_is_an_error_at_the_translation(tmp_path):
    problems = problems_of(tmp_path, {"content/pages/gone.fr.md": "---\ntitle: Parti\n---\n\nTexte.\n"})
    assert problems == ["content/pages/gone.fr.md:1:1: error: this translation has no original: there is no "
                        "pages/gone.md beside it (rename it after its original, or remove it)"]


def test_a_language_suffix_the_site_does_not_have_is_an_error_naming_its_languages(tmp_path):
    problems = problems_of(tmp_path, {"content/pages/why.md": "---\ntitle: Why\n---\n\nText.\n",
                                      "content/pages/why.fre.md": "---\ntitle: Pourquoi\n---\n\nTexte.\n"})
    assert problems == ["content/pages/why.fre.md:1:1: error: '.fre' is not one of the site's languages "
                        "(site.yml's `languages`: fr, ar) (did you mean 'fr'?)"]


def test_site_yml_checks_its_languages_and_translations(tmp_path):
    site_yml = SITE.replace("languages: [fr, ar]", "languages: [fr, ar, xx]").replace("  ar:\n", "  es:\n")
    project = make_project(tmp_path / "project", {}, site_yml)
    report = Report()
    load_site(project, report)
    messages = [p.message for p in report.problems]
    assert any(m.startswith("'languages': 'xx' is not a language Babel knows") for m in messages), messages
    assert "translations: 'es' is not one of the site's languages (fr, ar)" in messages, messages


def test_rebuilds_after_adding_changing_renaming_and_deleting_a_translation_equal_clean_builds(tmp_path):
    from test_incremental import changed_paths, outcome, tree
    from microsite.pipeline import Builder, BuildOptions
    from microsite.write import Buffer

    site_yml = SITE.split("nav:")[0].replace("languages: [fr, ar]", "languages: [fr]")
    project = make_project(tmp_path / "project", {"content/pages/why.md": "---\ntitle: Why\n---\n\nBecause.\n"},
                           site_yml)
    served = Builder(project, BuildOptions(out=tmp_path / "served"), persistent=False, buffer=Buffer())
    assert served.build().stats is not None
    pages = project / "content/pages"
    edits = [
        lambda: write_files(project, {"content/pages/why.fr.md": "---\ntitle: Pourquoi\n---\n\nParce que.\n"}),
        lambda: write_files(project, {"content/pages/why.fr.md": "---\ntitle: Pourquoi\nslug: pourquoi\n---\n"}),
        # The French cards show the French campaign name.
        lambda: write_files(project, {"content/site.yml": site_yml + "translations: {fr: {title: Campagne}}\n"}),
        lambda: (pages / "why.fr.md").rename(pages / "index.fr.md"),
        lambda: (pages / "index.fr.md").unlink(),
    ]
    for number, edit in enumerate(edits):
        before = tree(project / "content")
        edit()
        clean = tmp_path / f"clean{number}"
        expected = outcome(Builder(project, BuildOptions(out=clean), persistent=False).build(), clean)
        assert outcome(served.build(changed_paths(project, before)), tmp_path / "served") == expected, number
    served.buffer.discard(tmp_path / "served")
    # The original's switcher followed each step: after the last, "français" leads to the French home again.
    assert 'href="/fr/" lang="fr"' in read(tmp_path / "served", "why/index.html")


def test_check_counts_what_each_language_lacks_and_names_a_translation_older_than_its_original(tmp_path):
    from microsite.check import check_site

    files = {"content/pages/why.md": "---\ntitle: Why\ndate: 2018-11-17\nupdated: 2018-11-20\n---\n\nBecause.\n",
             "content/pages/why.fr.md": "---\ntitle: Pourquoi\ndate: 2018-11-18\n---\n\nParce que.\n",
             "content/pages/how.md": "---\ntitle: How\n---\n\nLike this.\n"}
    project = make_project(tmp_path / "project", files, SITE.split("nav:")[0])
    warnings = [str(p) for p in check_site(project).problems]
    assert warnings == [
        "content/site.yml:5:13: warning: 'fr': 2 of 3 pages have no version in this language (its pages link to "
        "the original): pages/how.md, pages/index.md",
        "content/site.yml:5:17: warning: 'ar': 3 of 3 pages have no version in this language (its pages link to "
        "the original): pages/how.md, pages/index.md, pages/why.md",
        "content/pages/why.fr.md:1:1: warning: may be out of date: its original pages/why.md changed on "
        "2018-11-20, after this translation (2018-11-18)"]


def test_check_names_interface_messages_each_language_of_the_site_has_no_translation_for(tmp_path):
    from microsite.check import check_site

    site_yml = MINIMAL_SITE + "languages: [fr, pt]\n"
    problems = check_site(make_project(tmp_path / "project", {}, site_yml)).problems
    warnings = [str(p) for p in problems if "interface message" in p.message]
    assert len(warnings) == 1 and "no Portuguese translation" in warnings[0], warnings  # French is complete
    # where site.yml names the language, not "pt" inside "description" on line 2
    assert warnings[0].startswith("content/site.yml:6:17: warning: ")


def test_a_translated_statements_calendar_file_is_in_its_language_and_the_same_event(site):
    import icalendar

    french, english = (icalendar.Calendar.from_ical((site / name).read_bytes()).walk("VEVENT")[0]
                       for name in ("fr/statements/2018-11-19-warning.ics", "statements/2018-11-19-warning.ics"))
    assert (str(french["SUMMARY"]), str(french["LOCATION"])) == ("Le vote", "Dubaï")
    assert str(french["DESCRIPTION"]) == "Doe mettent en garde contre le candidat"
    assert french["UID"] == english["UID"] and french["DTSTART"].dt == english["DTSTART"].dt
    assert str(english["SUMMARY"]) == "The vote"


def test_a_translated_page_with_no_text_is_described_by_the_site_description_in_its_language(tmp_path):
    files = {name: FILES[name] for name in ("content/pages/take-action.md", "content/pages/why.md")}
    files["content/pages/why.fr.md"] = "---\ntitle: Pourquoi\n---\n"
    html = read(built(make_project(tmp_path / "project", files, SITE))[1], "fr/why/index.html")
    assert '<meta name="description" content="Une campagne fictive pour les tests.">' in html


def test_a_languages_lookup_form_reads_shards_with_that_languages_letters(site):
    import json

    assert 'data-shard-url="/fr/lookups/postcodes/{prefix}.json"' in read(site, "fr/index.html")
    assert 'data-shard-url="/lookups/postcodes/{prefix}.json"' in read(site, "index.html")
    french, english = (json.loads(read(site, name)) for name in ("fr/lookups/postcodes/3.json",
                                                                 "lookups/postcodes/3.json"))
    assert french["actions"] == [["action-letter", "Écrivez-leur"]]
    assert "subject=Votez%20non" in french["cards"]["jane-doe"]["e"][0][1]  # the French letter
    assert english["actions"] == [["action-letter", "Write to them"]]


def test_a_translated_statement_uses_its_own_group_phrase_else_the_lists_as_written(site, tmp_path):
    lede = re.compile(r'<p class="lede">.*</p>')
    as_written = lede.search(read(site, "fr/statements/2018-11-19-warning/index.html")).group()
    assert "members of the Example Commission" in as_written  # the list's words: the campaign's, not translated
    files = {**FILES, "content/members/commission.yml": (ROOT / "tests/fixtures/members/commission.yml").read_text(),
             "content/statements/2018-11-19-warning.fr.md": FILES["content/statements/2018-11-19-warning.fr.md"]
             .replace("headline:", "group_phrase: membre de la Commission exemple\nheadline:")}
    output = built(make_project(tmp_path / "project", files, SITE))[1]
    html = read(output, "fr/statements/2018-11-19-warning/index.html")
    assert "Jane Doe (D-MS), membre de la Commission exemple, a publié" in lede.search(html).group()


def test_each_language_has_the_deadlines_calendar_file_in_it(site):
    import icalendar

    assert 'href="/fr/deadline.ics"' in read(site, "fr/index.html")
    assert 'href="/deadline.ics"' in read(site, "index.html")
    french, english = (icalendar.Calendar.from_ical((site / name).read_bytes()).walk("VEVENT")[0]
                       for name in ("fr/deadline.ics", "deadline.ics"))
    assert [str(french[key]) for key in ("SUMMARY", "LOCATION", "DESCRIPTION")] == ["Le vote", "Dubaï", "Votez non."]
    assert str(french["URL"]) == "https://example.org/fr/" and french["UID"] == english["UID"]
    assert str(english["SUMMARY"]) == "The vote"


def test_the_home_pages_translation_is_its_languages_home_whatever_slug_it_carries(tmp_path):
    """Renamed from why.fr.md (slug: pourquoi) to index.fr.md, a translation is the French home, not /fr/pourquoi/."""
    files = {"content/pages/index.ar.md": "---\ntitle: الرئيسية\nslug: kept-from-before\n---\n\nنص.\n"}
    project = make_project(tmp_path / "project", files, SITE.split("nav:")[0])
    result = build(project, BuildOptions(out=tmp_path / "site"))
    assert not result.report.errors, result.report.errors
    assert "نص." in read(tmp_path / "site", "ar/index.html")
    assert not (tmp_path / "site/ar/kept-from-before").exists()


def test_a_rebuild_after_the_original_statement_changes_redraws_its_translation(tmp_path):
    """A translation takes its original's signatories and date: serve must re-render it when only the original was
    saved (it once kept the French statement naming the old signatories)."""
    from test_incremental import changed_paths, outcome, start, statement, tree
    from microsite.pipeline import Builder, BuildOptions
    from microsite.write import Buffer

    project = start(tmp_path / "project")
    write_files(project, {"content/statements/reform.fr.md": "---\nheadline: appellent à voter\n---\n\nNous.\n"})
    served = Builder(project, BuildOptions(out=tmp_path / "served"), persistent=False, buffer=Buffer())
    assert served.build().stats is not None
    before = tree(project / "content")
    write_files(project, {"content/statements/reform.md": statement(["ben", "ada", "cleo"], day=12)})
    clean = tmp_path / "clean"
    expected = outcome(Builder(project, BuildOptions(out=clean), persistent=False).build(), clean)
    assert outcome(served.build(changed_paths(project, before)), tmp_path / "served") == expected
    served.buffer.discard(tmp_path / "served")
    french = read(tmp_path / "served", "fr/statements/reform/index.html")
    assert "12 janvier 2030" in french and "Cleo Example" in french
